import NIOCore
import TandemRPC

/// What a call asks of a connection to start.
struct OpenStreamRequest: Sendable {
    var head: ClientRequestHead
    /// The first (for unary requests, the only) framed message, sent with the HEADERS.
    var message: ByteBuffer?
    /// END_STREAM after `message`: the request side is complete.
    var endRequest: Bool
    /// When the call gives up; its `grpc-timeout` is the time left when the stream opens.
    var deadline: ContinuousClock.Instant?
}

/// A stream as the connection opened it, for ``ClientStream``.
struct OpenedStream: Sendable {
    let streamID: Int32
    let body: RequestBodyStream
    let head: EventLoopFuture<ClientResponseHead>
    let end: EventLoopFuture<Metadata>
}

/// A unary call's stream as the connection opened it: its response arrives whole.
struct OpenedUnary: Sendable {
    let streamID: Int32
    let response: EventLoopFuture<UnaryResponse>
}

enum OpenStreamFailure: Error {
    /// The connection is closing or closed and the call never reached it: use another.
    case connectionUnusable
    case failed(RPCError)
}
