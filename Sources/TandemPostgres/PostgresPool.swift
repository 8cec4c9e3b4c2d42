import Metrics
import Synchronization

/// A bounded set of PostgreSQL connections, each on a thread of its own.
///
/// A call borrows a connection, runs its synchronous body on that connection's thread and gives
/// it back. At most `maximumConnections` exist; a call that finds them all busy waits up to
/// `acquireTimeout`, then fails with `.poolTimeout`. Connections are made on first use and remade
/// after the server restarts.
public final class PostgresPool: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var options: PostgresConnection.Options
        /// Default 10.
        public var maximumConnections: Int
        /// How long a call waits for a free connection. Default 5 s.
        public var acquireTimeout: Duration
        /// A name for logs and thread names (the cluster's name).
        public var name: String

        public init(
            options: PostgresConnection.Options, maximumConnections: Int = 10,
            acquireTimeout: Duration = .seconds(5), name: String = "main"
        ) {
            precondition(maximumConnections > 0, "a pool needs at least one connection")
            self.options = options
            self.maximumConnections = maximumConnections
            self.acquireTimeout = acquireTimeout
            self.name = name
        }
    }

    /// How busy the pool is, for metrics and tests.
    public struct Usage: Sendable, Hashable {
        public var open: Int
        public var idle: Int
        public var waiting: Int

        public init(open: Int, idle: Int, waiting: Int) {
            self.open = open
            self.idle = idle
            self.waiting = waiting
        }
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<ConnectionWorker, any Error>
    }

    private struct State {
        var idle: [ConnectionWorker] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
    }

    public let configuration: Configuration
    private let state = Mutex(State())

    /// `tandem_db_pool_connections{cluster,state="in_use"}` and `{state="open"}`,
    /// `tandem_db_pool_wait_seconds{cluster}` (the time to get a connection) and
    /// `tandem_db_pool_timeouts_total{cluster}`, labelled with the pool's name.
    private let inUseGauge: Meter
    private let openGauge: Meter
    private let waitTimer: Metrics.Timer
    private let timeouts: Counter

    public init(configuration: Configuration) {
        self.configuration = configuration
        let cluster = configuration.name
        inUseGauge = Meter(label: "tandem_db_pool_connections", dimensions: [("cluster", cluster), ("state", "in_use")])
        openGauge = Meter(label: "tandem_db_pool_connections", dimensions: [("cluster", cluster), ("state", "open")])
        waitTimer = Metrics.Timer(label: "tandem_db_pool_wait_seconds", dimensions: [("cluster", cluster)])
        timeouts = Counter(label: "tandem_db_pool_timeouts_total", dimensions: [("cluster", cluster)])
    }

    public var usage: Usage {
        state.withLock { Usage(open: $0.open, idle: $0.idle.count, waiting: $0.waiters.count) }
    }

    /// Runs `body` on a pooled connection's thread.
    public func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let asked = ContinuousClock.now
        let worker = try await acquire()
        let waited = ContinuousClock.now - asked
        waitTimer.recordNanoseconds(waited.components.seconds * 1_000_000_000 + waited.components.attoseconds / 1_000_000_000)
        inUseGauge.increment()
        defer {
            inUseGauge.decrement()
            release(worker)
        }
        return try await worker.run(body)
    }

    /// Closes the pool: waiting calls fail with `.poolClosed`, idle connections close now and busy
    /// ones when their call ends.
    public func close() {
        let (idle, waiters) = state.withLock { state -> ([ConnectionWorker], [Waiter]) in
            state.closed = true
            defer {
                state.open -= state.idle.count
                openGauge.set(state.open)
                state.idle.removeAll()
                state.waiters.removeAll()
            }
            return (state.idle, state.waiters)
        }
        idle.forEach { $0.stop() }
        waiters.forEach { $0.continuation.resume(throwing: PostgresError(kind: .poolClosed, message: "closed")) }
    }

    private enum Acquisition {
        case ready(ConnectionWorker)
        case create(Int)
        case wait
        case closed
    }

    private func acquire() async throws -> ConnectionWorker {
        let acquisition = state.withLock { state -> Acquisition in
            if state.closed { return .closed }
            if let worker = state.idle.popLast() { return .ready(worker) }
            if state.open < configuration.maximumConnections {
                state.open += 1
                openGauge.set(state.open)
                return .create(state.open)
            }
            return .wait
        }
        switch acquisition {
        case .ready(let worker):
            return worker
        case .create(let number):
            return ConnectionWorker(
                id: number, options: configuration.options, name: "tandem-pg-\(configuration.name)-\(number)")
        case .closed:
            throw PostgresError(kind: .poolClosed, message: "closed")
        case .wait:
            return try await waitForConnection()
        }
    }

    private func waitForConnection() async throws -> ConnectionWorker {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timeout = configuration.acquireTimeout
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            self?.failWaiter(
                id,
                PostgresError(
                    kind: .poolTimeout,
                    message: "all \(self?.configuration.maximumConnections ?? 0) connections stayed busy for \(timeout)"),
                counted: true)
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ConnectionWorker, any Error>) in
                let immediate = state.withLock { state -> Result<ConnectionWorker, any Error>? in
                    if state.closed { return .failure(PostgresError(kind: .poolClosed, message: "closed")) }
                    if let worker = state.idle.popLast() { return .success(worker) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            failWaiter(id, CancellationError())
        }
    }

    /// Fails the waiter `id` when it is still waiting; `counted` counts it as a pool timeout.
    private func failWaiter(_ id: UInt64, _ error: any Error, counted: Bool = false) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        guard let waiter else { return }
        if counted { timeouts.increment() }
        waiter.continuation.resume(throwing: error)
    }

    private func release(_ worker: ConnectionWorker) {
        let (waiter, stop) = state.withLock { state -> (Waiter?, Bool) in
            if state.closed {
                state.open -= 1
                openGauge.set(state.open)
                return (nil, true)
            }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
            state.idle.append(worker)
            return (nil, false)
        }
        if stop { worker.stop() }
        waiter?.continuation.resume(returning: worker)
    }
}
