public import TandemRPC
public import TandemSchema

// The four kinds of call. Each takes the method's descriptor, custom metadata (binary values under
// `-bin` keys), a timeout (default: the configuration's `defaultTimeout`), sent as `grpc-timeout`
// and enforced here too, and `waitForReady`: whether to wait through connection failures for a
// connection rather than fail at once with UNAVAILABLE.

extension GRPCClient {
    /// A unary call: one request, one response.
    ///
    /// - Throws: ``RPCError``: the server's status, message and trailing metadata, or
    ///   DEADLINE_EXCEEDED, CANCELLED (the task was cancelled), UNAVAILABLE (no connection).
    @inlinable
    public func unary<Request, Response>(
        _ method: MethodDescriptor<Request, Response>, _ request: Request, metadata: Metadata = Metadata(),
        timeout: Duration? = nil, waitForReady: Bool = false
    ) async throws(RPCError) -> Response {
        try await unaryResponse(method, request, metadata: metadata, timeout: timeout, waitForReady: waitForReady)
            .message
    }

    /// A unary call, answering the response with its initial and trailing metadata.
    ///
    /// The message is decoded once the call has ended OK: a call that ends with another status
    /// throws that status, even after a message that would not decode (INTERNAL otherwise).
    ///
    /// Inlinable, like ``unary(_:_:metadata:timeout:waitForReady:)``, so that the caller's
    /// module specializes it for the method's messages: a call then instantiates no generic type
    /// metadata and copies its response through no value witness.
    @inlinable
    public func unaryResponse<Request, Response>(
        _ method: MethodDescriptor<Request, Response>, _ request: Request, metadata: Metadata = Metadata(),
        timeout: Duration? = nil, waitForReady: Bool = false
    ) async throws(RPCError) -> ClientResponse<Response> {
        let response = try await performUnary(
            path: method.path, metadata: metadata, timeout: timeout, waitForReady: waitForReady,
            message: frame(request))
        return ClientResponse(
            message: try Self.decode(response.message, as: Response.self),
            initialMetadata: response.initialMetadata, trailingMetadata: response.trailingMetadata)
    }

    /// A server-streaming call: one request, then `handler` reads the responses. The call ends
    /// when `handler` returns: if the server is still sending, the call is cancelled.
    ///
    /// - Returns: What `handler` returns.
    /// - Throws: The call's ``RPCError`` as iterating the responses throws it, or what `handler` throws.
    public func serverStreaming<Request, Response, Output>(
        _ method: MethodDescriptor<Request, Response>, _ request: Request, metadata: Metadata = Metadata(),
        timeout: Duration? = nil, waitForReady: Bool = false,
        handler: (ClientResponseStream<Response>) async throws -> Output
    ) async throws -> Output {
        try await perform(
            path: method.path, metadata: metadata, timeout: timeout, waitForReady: waitForReady,
            message: frame(request), endRequest: true, retryRefused: true
        ) { stream in
            try await handler(
                ClientResponseStream(stream: stream, maximumMessageSize: configuration.maximumResponseMessageSize))
        }
    }

    /// A client-streaming call: `requests` writes the requests (they end when it returns), then
    /// the one response is read.
    ///
    /// - Throws: The call's ``RPCError``, or what `requests` throws (the call is then cancelled).
    public func clientStreaming<Request, Response>(
        _ method: MethodDescriptor<Request, Response>, metadata: Metadata = Metadata(), timeout: Duration? = nil,
        waitForReady: Bool = false, requests: (RequestWriter<Request>) async throws -> Void
    ) async throws -> ClientResponse<Response> {
        try await perform(
            path: method.path, metadata: metadata, timeout: timeout, waitForReady: waitForReady,
            message: nil, endRequest: false, retryRefused: false
        ) { stream in
            let writer = RequestWriter<Request>(stream: stream, compression: configuration.requestCompression)
            try await requests(writer)
            writer.finish()
            return try await singleResponse(stream, as: Response.self)
        }
    }

    /// A bidirectional-streaming call: `body` writes requests and reads responses, as it likes
    /// (the writer and the stream may be used from child tasks). It must call
    /// ``RequestWriter/finish()`` when it has no more requests. The call ends when `body`
    /// returns: if it is still running, it is cancelled.
    ///
    /// - Returns: What `body` returns.
    /// - Throws: The call's ``RPCError``, or what `body` throws.
    public func bidirectional<Request, Response, Output>(
        _ method: MethodDescriptor<Request, Response>, metadata: Metadata = Metadata(), timeout: Duration? = nil,
        waitForReady: Bool = false,
        body: (RequestWriter<Request>, ClientResponseStream<Response>) async throws -> Output
    ) async throws -> Output {
        try await perform(
            path: method.path, metadata: metadata, timeout: timeout, waitForReady: waitForReady,
            message: nil, endRequest: false, retryRefused: false
        ) { stream in
            try await body(
                RequestWriter(stream: stream, compression: configuration.requestCompression),
                ClientResponseStream(stream: stream, maximumMessageSize: configuration.maximumResponseMessageSize))
        }
    }
}
