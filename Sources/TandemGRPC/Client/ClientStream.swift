import NIOCore
import Synchronization
import TandemRPC

/// What ends an open stream from any task: its id, and its connection's handler.
struct StreamHandle: Sendable {
    let streamID: Int32
    fileprivate let handler: NIOLoopBound<ClientConnectionHandler>
    fileprivate let eventLoop: any EventLoop

    init(streamID: Int32, connection: ClientConnection) {
        self.streamID = streamID
        self.handler = connection.handler
        self.eventLoop = connection.eventLoop
    }

    /// Ends the call with `error` (RST_STREAM CANCEL) unless it is already over.
    func cancel(_ error: RPCError) {
        let handler = self.handler
        let streamID = self.streamID
        eventLoop.execute { handler.value.cancel(streamID, error: error) }
    }
}

/// A unary call's stream: the response arrives whole, through one future.
struct UnaryCall: Sendable {
    let stream: StreamHandle
    let response: EventLoopFuture<UnaryResponse>
}

/// One call's HTTP/2 stream, from the caller's task: request messages go to the event loop,
/// response bytes come back through `body`, the response head and the outcome through futures,
/// read with ``responseHead()`` and ``outcome()``.
struct ClientStream: Sendable {
    var streamID: Int32 { handle.streamID }
    let handle: StreamHandle
    /// Response DATA payloads in order; fails with the call's ``RPCError``.
    let body: RequestBodyStream
    /// The response HEADERS; fails if the call ends before any.
    private let head: EventLoopFuture<ClientResponseHead>
    /// The trailing metadata of a call that ended OK; the ``RPCError`` of one that did not.
    private let end: EventLoopFuture<Metadata>
    /// What readers have seen: the end (no cancellation hop is needed any more), the head once it
    /// arrived, and the trailers of a call that ended OK.
    private let observed: Observed

    init(opened: OpenedStream, connection: ClientConnection) {
        self.handle = StreamHandle(streamID: opened.streamID, connection: connection)
        self.body = opened.body
        self.head = opened.head
        self.end = opened.end
        self.observed = Observed()
    }

    /// Sends one framed message, returning once the stream has room for more. After the call has
    /// ended, a write throws its failure, or is dropped if it ended OK (the server wants no more).
    func write(_ frame: ByteBuffer) async throws(RPCError) {
        let handler = handle.handler
        let streamID = self.streamID
        do {
            try await handle.eventLoop.flatSubmit { handler.value.write(streamID, frame: frame) }.value()
        } catch is ClientStreamEnded {
            do {
                _ = try await outcome()
            } catch {
                throw RPCError.converting(error)
            }
        } catch {
            throw RPCError.converting(error)
        }
    }

    /// Ends the request side. Ordered after earlier writes: the event loop runs tasks in order.
    func finishRequest() {
        let handler = handle.handler
        let streamID = self.streamID
        handle.eventLoop.execute { handler.value.finishRequest(streamID) }
    }

    /// Ends the call with `error` (RST_STREAM CANCEL) unless it is already over.
    func cancel(_ error: RPCError) {
        guard !observed.endSeen else { return }
        handle.cancel(error)
    }

    /// Records that the outcome has been read.
    func markEnded() {
        observed.setEndSeen()
    }

    /// The response HEADERS, once they arrive; throws the call's failure if it ends before any.
    /// A call may read them up to three times (refusal, decompression, metadata): after the
    /// first success the value is kept, where each read of the future would register a callback
    /// and suspend.
    func responseHead() async throws -> ClientResponseHead {
        if let head = observed.head.withLock({ $0 }) { return head }
        let head = try await self.head.value()
        observed.head.withLock { $0 = head }
        return head
    }

    /// The trailing metadata of a call that ended OK; throws the ``RPCError`` of one that did
    /// not. Kept after the first success, like ``responseHead()``.
    func outcome() async throws -> Metadata {
        if let trailers = observed.trailers.withLock({ $0 }) { return trailers }
        let trailers = try await self.end.value()
        observed.trailers.withLock { $0 = trailers }
        return trailers
    }

    /// Shared by every copy of the stream value.
    private final class Observed: Sendable {
        private let endFlag = Atomic<Bool>(false)
        /// The head once it arrived, and the trailers of a call that ended OK, once read.
        let head = Mutex<ClientResponseHead?>(nil)
        let trailers = Mutex<Metadata?>(nil)
        var endSeen: Bool { endFlag.load(ordering: .relaxed) }
        func setEndSeen() { endFlag.store(true, ordering: .relaxed) }
    }
}
