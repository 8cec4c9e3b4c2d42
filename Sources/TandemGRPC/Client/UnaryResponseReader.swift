public import NIOCore
public import TandemRPC

/// A unary call's whole response: the one message (still encoded), the head's metadata, and the
/// trailing metadata of the OK status that ended it.
@usableFromInline
struct UnaryResponse: Sendable {
    @usableFromInline var message: ByteBuffer
    @usableFromInline var initialMetadata: Metadata
    @usableFromInline var trailingMetadata: Metadata
}

/// Gathers a unary call's response on the connection's event loop and hands it to the call whole
/// when the call ends. The call's task then wakes once, where reading the head, the message, the
/// end of the messages and the trailers one by one would wake it for each.
///
/// The response must be exactly one message: a second one fails the call once it is whole (one cut
/// short by the end of the call is a truncated message), and none fails it at the end. Framing and size limits are ``MessageDeframer``'s, so the errors are those
/// of a streamed response. Bound to the event loop, like the handler that owns it.
final class UnaryResponseReader {
    private let promise: EventLoopPromise<UnaryResponse>
    private let maximumMessageSize: Int
    /// A trailers-only response has no head of its own.
    private var head = ClientResponseHead.trailersOnly
    private var deframer: MessageDeframer
    private var message: ByteBuffer?

    init(promise: EventLoopPromise<UnaryResponse>, maximumMessageSize: Int) {
        self.promise = promise
        self.maximumMessageSize = maximumMessageSize
        self.deframer = MessageDeframer(maximumMessageSize: maximumMessageSize)
    }

    var response: EventLoopFuture<UnaryResponse> { promise.futureResult }

    /// The response HEADERS arrived: their metadata, and how the message will be compressed.
    func received(_ head: ClientResponseHead) {
        self.head = head
        deframer = MessageDeframer(maximumMessageSize: maximumMessageSize, compression: head.compression)
    }

    /// A DATA payload arrived.
    ///
    /// - Throws: The deframer's error (a message over the limit, a bad flag, data that does not
    ///   decompress), or INTERNAL when a second message begins.
    func received(_ bytes: ByteBuffer) throws(RPCError) {
        deframer.append(bytes)
        while let next = try deframer.next() {
            guard message == nil else {
                throw RPCError(code: .internalError, message: "the server sent more than one response message")
            }
            message = next
        }
    }

    /// The call ended. With OK (its trailing metadata), the response is complete, unless the body
    /// stopped inside a message or held none; otherwise the call's failure is the response's.
    func finish(_ outcome: Result<Metadata, RPCError>) {
        do throws(RPCError) {
            let trailers = try outcome.get()
            try deframer.finish()
            guard let message else {
                throw RPCError(code: .internalError, message: "the server sent no response message")
            }
            promise.succeed(UnaryResponse(message: message, initialMetadata: head.metadata, trailingMetadata: trailers))
        } catch {
            promise.fail(error)
        }
    }
}
