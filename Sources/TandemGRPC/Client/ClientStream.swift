import NIOCore
import Synchronization
import TandemRPC

/// One call's HTTP/2 stream, from the caller's task: request messages go to the event loop,
/// response bytes come back through `body`, the response head and the outcome through futures.
struct ClientStream: Sendable {
    let streamID: Int32
    /// Response DATA payloads in order; fails with the call's ``RPCError``.
    let body: RequestBodyStream
    /// The response HEADERS; fails if the call ends before any.
    let head: EventLoopFuture<ClientResponseHead>
    /// The trailing metadata of a call that ended OK; the ``RPCError`` of one that did not.
    let end: EventLoopFuture<Metadata>
    private let handler: NIOLoopBound<ClientConnectionHandler>
    private let eventLoop: any EventLoop
    /// Set once a reader has seen the end: no cancellation hop is needed any more.
    private let observedEnd: ObservedEnd

    init(opened: OpenedStream, connection: ClientConnection) {
        self.streamID = opened.streamID
        self.body = opened.body
        self.head = opened.head
        self.end = opened.end
        self.handler = connection.handler
        self.eventLoop = connection.eventLoop
        self.observedEnd = ObservedEnd()
    }

    /// Sends one framed message, returning once the stream has room for more. After the call has
    /// ended, a write throws its failure, or is dropped if it ended OK (the server wants no more).
    func write(_ frame: ByteBuffer) async throws(RPCError) {
        let handler = self.handler
        let streamID = self.streamID
        do {
            try await eventLoop.flatSubmit { handler.value.write(streamID, frame: frame) }.get()
        } catch is ClientStreamEnded {
            do {
                _ = try await end.get()
            } catch {
                throw RPCError.converting(error)
            }
        } catch {
            throw RPCError.converting(error)
        }
    }

    /// Ends the request side. Ordered after earlier writes: the event loop runs tasks in order.
    func finishRequest() {
        let handler = self.handler
        let streamID = self.streamID
        eventLoop.execute { handler.value.finishRequest(streamID) }
    }

    /// Ends the call with `error` (RST_STREAM CANCEL) unless it is already over.
    func cancel(_ error: RPCError) {
        guard !observedEnd.isSet else { return }
        let handler = self.handler
        let streamID = self.streamID
        eventLoop.execute { handler.value.cancel(streamID, error: error) }
    }

    /// Records that the outcome has been read.
    func markEnded() {
        observedEnd.set()
    }

    /// Shared by every copy of the stream value.
    private final class ObservedEnd: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .relaxed) }
        func set() { flag.store(true, ordering: .relaxed) }
    }
}
