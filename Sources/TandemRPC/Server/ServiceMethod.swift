import NIOCore
public import TandemSchema

/// One RPC a server implements: its descriptor and a typed handler.
///
/// Handlers take and return schema messages; the bytes, framing and compression stay in here.
public struct ServiceMethod: Sendable {
    public let info: MethodInfo
    let invoke: @Sendable (ServerCall) async throws -> Void

    /// A unary call: one request, one response.
    public static func unary<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) -> ServiceMethod {
        ServiceMethod(info: method.info) { call in
            let request = try await call.singleRequest(Request.self)
            let response = try await handler(request, call.context)
            try call.responses.sendFinal(response)
        }
    }

    /// A server-streaming call: one request, any number of responses.
    public static func serverStreaming<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ handler: @escaping @Sendable (Request, ResponseWriter<Response>, ServerContext) async throws -> Void
    ) -> ServiceMethod {
        ServiceMethod(info: method.info) { call in
            let request = try await call.singleRequest(Request.self)
            try await handler(request, ResponseWriter(sender: call.responses), call.context)
        }
    }

    /// A client-streaming call: any number of requests, one response.
    public static func clientStreaming<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ handler: @escaping @Sendable (RequestStream<Request>, ServerContext) async throws -> Response
    ) -> ServiceMethod {
        ServiceMethod(info: method.info) { call in
            let response = try await handler(call.requestStream(Request.self), call.context)
            try call.responses.sendFinal(response)
        }
    }

    /// A bidirectional-streaming call: requests and responses flow independently.
    public static func bidirectional<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ handler:
            @escaping @Sendable (RequestStream<Request>, ResponseWriter<Response>, ServerContext) async throws
            -> Void
    ) -> ServiceMethod {
        ServiceMethod(info: method.info) { call in
            try await handler(call.requestStream(Request.self), ResponseWriter(sender: call.responses), call.context)
        }
    }
}

extension ServiceMethod {
    /// The same method with `interceptor` around its handler: it runs first, in the call's task,
    /// and calls `next` to run the handler, or throws to answer with its error instead. Task-local
    /// values it binds around `next` are visible to the handler.
    public func intercepted(
        by interceptor: @escaping @Sendable (ServerContext, _ next: @Sendable () async throws -> Void) async throws -> Void
    ) -> ServiceMethod {
        let invoke = self.invoke
        return ServiceMethod(info: info) { call in
            try await interceptor(call.context) { try await invoke(call) }
        }
    }
}

/// A service: the methods it serves, found by their `:path`.
public protocol RPCService: Sendable {
    var methods: [ServiceMethod] { get }
}

/// One call as the core runs it: its context, the raw request body and the response sender.
struct ServerCall: Sendable {
    let context: ServerContext
    let body: RequestBodyStream
    let requestCompression: Compression?
    let maximumRequestSize: Int
    let responses: ResponseSender

    func requestStream<Request: ProtoMessage>(_ type: Request.Type) -> RequestStream<Request> {
        RequestStream(
            body: body,
            deframer: MessageDeframer(maximumMessageSize: maximumRequestSize, compression: requestCompression))
    }

    /// The one request of a unary or server-streaming call.
    func singleRequest<Request: ProtoMessage>(_ type: Request.Type) async throws -> Request {
        var iterator = requestStream(type).makeAsyncIterator()
        guard let request = try await iterator.next() else {
            throw RPCError(code: .internalError, message: "the request stream ended without a message")
        }
        guard try await iterator.next() == nil else {
            throw RPCError(code: .internalError, message: "more than one request message for a single-request method")
        }
        return request
    }
}
