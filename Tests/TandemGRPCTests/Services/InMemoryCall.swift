import Logging
import NIOCore
import Synchronization
import TandemRPC
import TandemSchema

/// What the server sent on one call, in order.
enum SinkEvent: Sendable {
    case message(ByteBuffer)
    case end(Status, Metadata)
}

/// The transport's half of a call, in memory: records what the server sends and can hold the
/// server's writes, as a client that does not read would.
final class RecordingSink: ServerCallSink {
    private struct State {
        var headersSent = 0
        var holding = false
        /// Writers waiting for ``release()``.
        var held: [CheckedContinuation<Void, Never>] = []
        /// Someone waiting for the first held write.
        var heldWatcher: CheckedContinuation<Void, Never>?
    }

    let events: AsyncStream<SinkEvent>
    private let continuation: AsyncStream<SinkEvent>.Continuation
    private let state = Mutex(State())

    init() {
        (events, continuation) = AsyncStream.makeStream(of: SinkEvent.self)
    }

    var headersSent: Int { state.withLock { $0.headersSent } }

    /// From now on each message waits, before it is recorded, until ``release()``.
    func hold() {
        state.withLock { $0.holding = true }
    }

    /// Returns once a message is being held.
    func waitUntilHolding() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if !state.held.isEmpty { return true }
                state.heldWatcher = waiter
                return false
            }
            if now { waiter.resume() }
        }
    }

    /// Lets held messages through, and those that follow.
    func release() {
        let held = state.withLock { state in
            state.holding = false
            defer { state.held = [] }
            return state.held
        }
        for writer in held { writer.resume() }
    }

    func sendHeaders(_ metadata: Metadata, compression: Compression?) async throws {
        state.withLock { $0.headersSent += 1 }
    }

    func sendMessage(_ frame: ByteBuffer) async throws {
        await withCheckedContinuation { (writer: CheckedContinuation<Void, Never>) in
            let watcher: CheckedContinuation<Void, Never>?? = state.withLock { state in
                guard state.holding else { return nil }
                state.held.append(writer)
                defer { state.heldWatcher = nil }
                return .some(state.heldWatcher)
            }
            switch watcher {
            case .none: writer.resume()
            case .some(let watcher): watcher?.resume()
            }
        }
        continuation.yield(.message(frame))
    }

    func finish(_ status: Status, trailers: Metadata) async {
        continuation.yield(.end(status, trailers))
        continuation.finish()
    }
}

/// One call to a server's handlers, run by the RPC core's `ServerCallRunner` over an in-memory
/// request body and ``RecordingSink``: requests go in framed, responses come out deframed.
///
/// Every call is cancelled after `timeLimit`, so a test waiting for a message that never comes
/// fails instead of hanging.
final class InMemoryCall<Request: ProtoMessage, Response: ProtoMessage> {
    let sink = RecordingSink()
    private let body = RequestBodyStream(onConsumed: { _ in })
    private let task: Task<Void, Never>
    private let watchdog: Task<Void, Never>
    private var events: AsyncStream<SinkEvent>.AsyncIterator
    private var deframer = MessageDeframer()
    private(set) var status: Status?
    private(set) var trailers: Metadata?

    init(
        _ method: MethodDescriptor<Request, Response>, on services: [any RPCService],
        timeLimit: Duration = .seconds(10)
    ) throws {
        let head = try RequestHead.parse([
            (":method", "POST"), (":scheme", "http"), (":path", method.path), ("content-type", "application/grpc"),
            ("te", "trailers"),
        ]).get()
        let runner = ServerCallRunner(
            router: ServerRouter(services: services),
            logger: Logger(label: "tandem.tests", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (body, sink) = (self.body, self.sink)
        let task = Task {
            await runner.run(head: head, peer: Peer(address: "in-memory"), body: body, sink: sink)
        }
        self.task = task
        self.watchdog = Task {
            guard (try? await Task.sleep(for: timeLimit)) != nil else { return }
            task.cancel()
        }
        self.events = sink.events.makeAsyncIterator()
    }

    deinit {
        watchdog.cancel()
        task.cancel()
    }

    /// Sends one request message.
    func send(_ request: Request) throws {
        body.yield(try MessageFramer().frame(request.serializedBytes()))
    }

    /// Ends the client's side of the call.
    func finishSending() {
        body.finish()
    }

    /// The client resets the stream.
    func cancel() {
        task.cancel()
    }

    /// The next response message; `nil` once the call has ended, and ``status`` is then set.
    func next() async throws -> Response? {
        while true {
            if let message = try deframer.next() {
                return try Response(serializedBytes: Array(message.readableBytesView))
            }
            guard status == nil, let event = await events.next() else {
                try deframer.finish()
                return nil
            }
            switch event {
            case .message(let frame):
                deframer.append(frame)
            case .end(let status, let trailers):
                self.status = status
                self.trailers = trailers
            }
        }
    }

    /// Reads to the end of the call and returns its status with the messages it had still to read.
    func finalStatus() async throws -> (status: Status, remaining: [Response]) {
        var remaining: [Response] = []
        while let response = try await next() {
            remaining.append(response)
        }
        return (status ?? Status(code: .unknown, message: "no status"), remaining)
    }
}
