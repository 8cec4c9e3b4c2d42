public import Logging
public import NIOCore
public import NIOPosix
import Synchronization
public import TandemRPC
public import TandemSchema
public import TandemTLS

/// A gRPC client: one HTTP/2 connection to one server (cleartext or TLS), shared by every call.
///
/// The connection is made by the first call and made again by the first call after it is lost.
/// A failed attempt makes later attempts wait per the configured backoff; meanwhile calls fail at
/// once with UNAVAILABLE, unless they pass `waitForReady: true`. Calls beyond the server's
/// concurrent-stream limit wait for a free stream rather than fail.
///
/// Calls take and return schema messages; every failure is an ``RPCError``.
///
/// ```swift
/// let client = try GRPCClient(configuration: .init(host: "tasks.internal", port: 7001), logger: logger)
/// let task = try await client.unary(TasksV1.TaskService.getTask, request)
/// await client.close()
/// ```
public final class GRPCClient: Sendable {
    public let configuration: GRPCClientConfiguration
    let manager: ConnectionManager
    let logger: Logger
    /// `http` or `https`.
    let scheme: String
    let authority: String

    /// Builds the client; connects on the first call. Reads the TLS files now: call it at
    /// start-up, not on an event loop. `eventLoopGroup` must outlive ``close()``: unary calls
    /// wait for their response on its loops.
    ///
    /// - Throws: ``TLSError`` when the TLS configuration is not a client's or its files do not load.
    public init(
        configuration: GRPCClientConfiguration, logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(TLSError) {
        var tlsContext: TLSContext?
        if let tls = configuration.tls {
            guard tls.role == .client else {
                throw TLSError(
                    code: .invalidConfiguration, message: "a gRPC client needs a TLS configuration of role .client")
            }
            tlsContext = try TLSContext(configuration: tls)
        }
        var logger = logger
        logger[metadataKey: "grpc.server"] = "\(configuration.host):\(configuration.port)"
        self.configuration = configuration
        self.logger = logger
        self.scheme = configuration.tls == nil ? "http" : "https"
        self.authority = configuration.effectiveAuthority
        self.manager = ConnectionManager(
            configuration: configuration, tlsContext: tlsContext, group: eventLoopGroup, logger: logger)
    }

    deinit {
        manager.closeNow()
    }

    /// Refuses new calls (UNAVAILABLE), waits for those in flight, then closes the connection with
    /// GOAWAY.
    public func close() async {
        await manager.close()
    }

    // MARK: The machinery every call kind shares

    /// Runs one call: finds the connection, opens the stream (with its first message when the
    /// request is known up front), runs `body` with it, and ends it.
    ///
    /// - A connection that turns out to be closing before the stream opens is replaced, and the
    ///   call sent on the new one.
    /// - With `retryRefused` (the whole request was given), a stream the server refused unprocessed
    ///   (REFUSED_STREAM before any response, as around a GOAWAY) is sent again, up to twice.
    /// - Cancelling the task resets the stream (RST_STREAM CANCEL) and fails the call with CANCELLED.
    /// - When `body` returns or throws while the call is still running, the stream is reset.
    func perform<Output>(
        path: String, metadata: Metadata, timeout: Duration?, waitForReady: Bool,
        message: ByteBuffer?, endRequest: Bool, retryRefused: Bool,
        _ body: (ClientStream) async throws -> Output
    ) async throws -> Output {
        try await run(
            path: path, metadata: metadata, timeout: timeout, waitForReady: waitForReady, message: message,
            endRequest: endRequest, retryRefused: retryRefused, onConnectionLoop: false
        ) { request, connection, cancellation, retryRefused in
            try await self.attempt(
                request, on: connection, cancellation: cancellation, retryRefused: retryRefused, path: path, body)
        }
    }

    /// Runs a unary call as ``perform(path:metadata:timeout:waitForReady:message:endRequest:retryRefused:_:)``
    /// does, with its steps on the connection's event loop (``EventLoopTaskExecutor``; Tandem's
    /// own steps, which never block; the client's logger may then be called there too) and its
    /// response read whole there: the call's task waits once, for all of it. The caller decodes
    /// the message.
    @usableFromInline
    func performUnary(
        path: String, metadata: Metadata, timeout: Duration?, waitForReady: Bool, message: ByteBuffer
    ) async throws(RPCError) -> UnaryResponse {
        do {
            return try await run(
                path: path, metadata: metadata, timeout: timeout, waitForReady: waitForReady, message: message,
                endRequest: true, retryRefused: true, onConnectionLoop: true
            ) { request, connection, cancellation, retryRefused in
                try await self.unaryAttempt(
                    request, on: connection, cancellation: cancellation, retryRefused: retryRefused, path: path)
            }
        } catch {
            throw RPCError.converting(error)
        }
    }

    /// The loop both kinds of call share: builds the request, finds a connection and tries the
    /// call on it with `attempt`, again on a new connection or after a refusal.
    private func run<Output>(
        path: String, metadata: Metadata, timeout: Duration?, waitForReady: Bool,
        message: ByteBuffer?, endRequest: Bool, retryRefused: Bool, onConnectionLoop: Bool,
        attempt: (OpenStreamRequest, ClientConnection, CallCancellation, Bool) async throws -> Attempt<Output>
    ) async throws -> Output {
        let deadline = (timeout ?? configuration.defaultTimeout).map { ContinuousClock.now.advanced(by: $0) }
        // A call made while serving one carries its trace (as a new span) and its request id.
        var metadata = metadata
        if let trace = CallTrace.current {
            if metadata[string: CallTrace.traceparentHeader] == nil {
                try? metadata.add(CallTrace.traceparentHeader, .string(trace.child().traceparent))
            }
            if metadata[string: CallTrace.requestIDHeader] == nil {
                try? metadata.add(CallTrace.requestIDHeader, .string(trace.requestID))
            }
        }
        let head = ClientRequestHead(
            path: path, scheme: scheme, authority: authority, timeout: nil,
            compression: configuration.requestCompression, userAgent: configuration.userAgent, metadata: metadata)
        let request = OpenStreamRequest(head: head, message: message, endRequest: endRequest, deadline: deadline)
        let cancellation = CallCancellation()

        return try await withTaskCancellationHandler {
            var unusableConnections = 0
            var refusals = 0
            while true {
                if Task.isCancelled { throw CallCancellation.cancelledError }
                let connection = try await manager.connection(waitForReady: waitForReady, deadline: deadline)
                // A unary call's own steps run on the connection's event loop, so that opening the
                // stream and waiting for the response take no hop each: one hop there and one back
                // (for a caller not isolated to an actor, whose steps would run on the actor). A caller
                // already on that loop keeps its own preference: entering another would cost a turn
                // of the loop each way.
                let preference = onConnectionLoop && !connection.eventLoop.inEventLoop ? connection.executor : nil
                let outcome = try await withTaskExecutorPreference(preference) {
                    try await attempt(request, connection, cancellation, retryRefused && refusals < 2)
                }
                switch outcome {
                case .finished(let output):
                    return output
                case .connectionUnusable:
                    manager.connectionUnusable(connection)
                    unusableConnections += 1
                    guard unusableConnections < 3 else {
                        throw RPCError(
                            code: .unavailable, message: "the connection kept closing before the call started")
                    }
                case .refused:
                    refusals += 1
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    private enum Attempt<Output> {
        case finished(Output)
        /// The connection was closing before the stream opened: send the call on a new one.
        case connectionUnusable
        /// The server refused the stream unprocessed: send the call again.
        case refused
    }

    /// One try of a call on `connection`.
    private func attempt<Output>(
        _ request: OpenStreamRequest, on connection: ClientConnection, cancellation: CallCancellation,
        retryRefused: Bool, path: String, _ body: (ClientStream) async throws -> Output
    ) async throws -> Attempt<Output> {
        guard let stream = try started(await connection.openStream(request), \.handle, cancellation) else {
            return .connectionUnusable
        }
        if retryRefused {
            do {
                _ = try await stream.responseHead()
            } catch let error as RPCError where error.cause is StreamRefused {
                return refused(cancellation, path: path)
            } catch {
                // The body sees the same failure.
            }
        }
        do {
            let output = try await body(stream)
            stream.cancel(RPCError(code: .cancelled, message: "the caller stopped reading the responses"))
            return .finished(output)
        } catch {
            stream.cancel(RPCError(code: .cancelled, message: "the caller's code threw: \(error)"))
            if error is RPCError || error is CancellationError { throw RPCError.converting(error) }
            throw error
        }
    }

    /// One try of a unary call on `connection`.
    private func unaryAttempt(
        _ request: OpenStreamRequest, on connection: ClientConnection, cancellation: CallCancellation,
        retryRefused: Bool, path: String
    ) async throws -> Attempt<UnaryResponse> {
        let opened = await connection.openUnary(request, maximumMessageSize: configuration.maximumResponseMessageSize)
        guard let call = try started(opened, \.stream, cancellation) else { return .connectionUnusable }
        do {
            return .finished(try await call.response.value())
        } catch let error as RPCError where retryRefused && error.cause is StreamRefused {
            return refused(cancellation, path: path)
        }
    }

    /// The opened stream, attached to the call's cancellation; `nil` when the connection turned
    /// out to be closing.
    ///
    /// - Throws: Why the stream could not open, or CANCELLED when the task was cancelled first
    ///   (the stream is then reset).
    private func started<Opened>(
        _ opened: Result<Opened, OpenStreamFailure>, _ handle: (Opened) -> StreamHandle,
        _ cancellation: CallCancellation
    ) throws(RPCError) -> Opened? {
        switch opened {
        case .success(let opened):
            guard cancellation.attach(handle(opened)) else {
                handle(opened).cancel(CallCancellation.cancelledError)
                throw CallCancellation.cancelledError
            }
            return opened
        case .failure(.connectionUnusable):
            return nil
        case .failure(.failed(let error)):
            throw error
        }
    }

    /// The server refused the stream unprocessed: it is given up, to be sent again.
    private func refused<Output>(_ cancellation: CallCancellation, path: String) -> Attempt<Output> {
        cancellation.detach()
        logger.debug("stream refused; sending the call again", metadata: ["grpc.path": "\(path)"])
        return .refused
    }

    /// Frames the request of a unary or server-streaming call.
    @usableFromInline
    func frame(_ message: some ProtoMessage) throws(RPCError) -> ByteBuffer {
        try MessageFramer().frame(message.serializedBytes(), compression: configuration.requestCompression)
    }

    /// Decodes one response message.
    @inlinable
    static func decode<Response: ProtoMessage>(_ message: ByteBuffer, as type: Response.Type) throws(RPCError) -> Response {
        try Response.decoded(from: message).mapError {
            RPCError(code: .internalError, message: "the response does not decode: \($0)", cause: $0)
        }.get()
    }

    /// Reads the single response of a client-streaming call.
    func singleResponse<Response>(
        _ stream: ClientStream, as type: Response.Type
    ) async throws -> ClientResponse<Response> {
        let responses = ClientResponseStream<Response>(
            stream: stream, maximumMessageSize: configuration.maximumResponseMessageSize)
        var iterator = responses.makeAsyncIterator()
        guard let message = try await iterator.next() else {
            throw RPCError(code: .internalError, message: "the server sent no response message")
        }
        guard try await iterator.next() == nil else {
            throw RPCError(code: .internalError, message: "the server sent more than one response message")
        }
        return ClientResponse(
            message: message, initialMetadata: try await stream.responseHead().metadata,
            trailingMetadata: try await stream.outcome())
    }
}

/// Connects a call's task cancellation to its stream, whichever comes first.
private final class CallCancellation: Sendable {
    private enum State {
        case waiting
        case attached(StreamHandle)
        case cancelled
    }

    static let cancelledError = RPCError(code: .cancelled, message: "the call was cancelled")

    private let state = Mutex(State.waiting)

    /// Returns false if the task was cancelled before the stream opened.
    func attach(_ stream: StreamHandle) -> Bool {
        state.withLock { state in
            if case .cancelled = state { return false }
            state = .attached(stream)
            return true
        }
    }

    /// The stream is given up (to be sent again).
    func detach() {
        state.withLock { state in
            if case .attached = state { state = .waiting }
        }
    }

    func cancel() {
        let stream: StreamHandle? = state.withLock { state in
            defer { state = .cancelled }
            if case .attached(let stream) = state { return stream }
            return nil
        }
        stream?.cancel(Self.cancelledError)
    }
}
