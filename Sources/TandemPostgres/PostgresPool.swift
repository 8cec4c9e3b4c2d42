import Metrics
import Synchronization
import TandemTrace

/// A bounded set of PostgreSQL connections, each on a thread of its own.
///
/// A call's synchronous body runs on a connection's thread. At most `maximumConnections` exist; a
/// call that finds them all busy waits in line up to `acquireTimeout`, then fails with
/// `.poolTimeout`, and a connection that finishes a call takes the next one in line on its own
/// thread. Connections are made on first use and remade after the server restarts.
///
/// `pipelineTransaction` calls waiting in line one behind another go out together: the
/// connection that takes the first sends up to `maximumPipelinedCalls` of them in one round trip,
/// each its own transaction ended by its own sync point, so under load the server reads, runs and
/// answers them in one go instead of waking once per call.
///
/// Every call goes through the line. A call that finds a connection idle wakes it, but a
/// `pipelineTransaction` that arrives while a connection is on its way to the line, or is sending
/// such calls, waits for that connection's next round trip instead. Another connection is woken
/// only for more than a full round trip of such calls per connection sending them, or when none
/// of those has finished a round trip for `pipelineWakeDelay` (a slow statement). Under load, one
/// wake serves many calls. Other calls, which cannot share a round trip, each wake a connection
/// of their own while one is idle. Read-only `pipelineTransaction` calls sent together also
/// share one sync point (see `PostgresConnection.pipelineEach`).
public final class PostgresPool: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var options: PostgresConnection.Options
        /// Default 10.
        public var maximumConnections: Int
        /// How long a call waits for a free connection. Default 5 s.
        public var acquireTimeout: Duration
        /// A name for logs and thread names (the cluster's name).
        public var name: String
        /// How many waiting `pipelineTransaction` calls a connection sends in one round trip
        /// (1: each alone). Default 16.
        public var maximumPipelinedCalls: Int
        /// How long `pipelineTransaction` calls wait in line for the connections already sending
        /// such calls, when none of those finishes a round trip meanwhile, before an idle
        /// connection is woken for them. Default 1 ms.
        public var pipelineWakeDelay: Duration

        public init(
            options: PostgresConnection.Options, maximumConnections: Int = 10,
            acquireTimeout: Duration = .seconds(5), name: String = "main", maximumPipelinedCalls: Int = 16,
            pipelineWakeDelay: Duration = .milliseconds(1)
        ) {
            precondition(maximumConnections > 0, "a pool needs at least one connection")
            precondition(maximumPipelinedCalls > 0, "a connection sends at least one call at a time")
            self.options = options
            self.maximumConnections = maximumConnections
            self.acquireTimeout = acquireTimeout
            self.name = name
            self.maximumPipelinedCalls = maximumPipelinedCalls
            self.pipelineWakeDelay = pipelineWakeDelay
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

    /// A call's work: run on a connection's thread, it returns what resumes the caller.
    fileprivate struct Job: Sendable {
        let id: UInt64
        let enqueued: ContinuousClock.Instant
        let work: Work

        enum Work: Sendable {
            /// A body of `withConnection`.
            case body(execute: @Sendable (ConnectionWorker) -> Resume, fail: @Sendable (any Error) -> Void)
            /// A `pipelineTransaction`, which a connection may send with others.
            case pipelined(PipelinedCall)
        }

        var pipelined: PipelinedCall? {
            if case .pipelined(let call) = work { return call }
            return nil
        }

        func execute(on worker: ConnectionWorker) -> Resume {
            switch work {
            case .body(let execute, _): execute(worker)
            case .pipelined(let call): call.run(on: worker)
            }
        }

        func fail(_ error: any Error) {
            switch work {
            case .body(_, let fail): fail(error)
            case .pipelined(let call): call.continuation.resume(throwing: error)
            }
        }
    }

    /// A `pipelineTransaction`'s statements and its caller: one object per call, where closures
    /// for running, failing, finishing and retrying it would cost an allocation each.
    fileprivate final class PipelinedCall: Sendable {
        let statements: [PostgresQuery]
        /// The statements only read: they may share a sync point with other such calls'.
        let readOnly: Bool
        let continuation: CheckedContinuation<[PostgresResult], any Error>
        /// The caller's trace, bound on the connection's thread while the statements run.
        let trace: CallTrace?

        init(statements: [PostgresQuery], readOnly: Bool, continuation: CheckedContinuation<[PostgresResult], any Error>) {
            self.statements = statements
            self.readOnly = readOnly
            self.continuation = continuation
            self.trace = CallTrace.current
        }

        /// Runs the statements alone (in a read-only transaction when they only read), again on
        /// conflicts; after `afterConflicts` attempts that already conflicted (with other calls),
        /// it backs off first.
        func run(on worker: ConnectionWorker, afterConflicts: Int = 0) -> Resume {
            let outcome = Result {
                try CallTrace.$current.withValue(trace) {
                    try worker.withLiveConnection {
                        try PostgresPool.runRetrying(statements, readOnly: readOnly, on: $0, afterConflicts: afterConflicts)
                    }
                }
            }
            return .pipelined(self, outcome)
        }

        /// What resumes the caller with the outcome of its statements sent with other calls', or
        /// nil after a conflict, when `run(on:afterConflicts: 1)` runs them again alone.
        func finish(_ outcome: Result<[PostgresResult], PostgresError>) -> Resume? {
            if case .failure(let error) = outcome, error.isTransactionConflict { return nil }
            return .pipelined(self, outcome.mapError { $0 })
        }
    }

    /// What resumes a caller once its connection has moved on.
    fileprivate enum Resume: Sendable {
        case closure(@Sendable () -> Void)
        case pipelined(PipelinedCall, Result<[PostgresResult], any Error>)

        func callAsFunction() {
            switch self {
            case .closure(let resume): resume()
            case .pipelined(let call, let outcome): call.continuation.resume(with: outcome)
            }
        }
    }

    private struct State {
        var idle: [ConnectionWorker] = []
        var open = 0
        /// Calls waiting for a connection, oldest first.
        var pending = WaitingLine()
        /// Connections woken to take calls from the line that have not yet taken them: a
        /// `pipelineTransaction` arriving meanwhile joins their round trip instead of waking
        /// another connection.
        var waking = 0
        /// Connections running `pipelineTransaction` calls now: each takes the calls waiting in
        /// line when its round trip ends.
        var servingPipelined = 0
        /// When a connection last finished running `pipelineTransaction` calls.
        var lastPipelinedRound = ContinuousClock.Instant.now
        /// Whether the sweeper is due to look at the line (it is poked, or sleeps until
        /// `sweeperWakes`); false while it sleeps until poked.
        var sweeping = false
        /// When the sweeper looks at the line next.
        var sweeperWakes: ContinuousClock.Instant?
        var closed = false
    }

    public let configuration: Configuration
    private let state = Mutex(State())
    /// The last call's id (taken without the lock, which `submit` takes next).
    private let jobIDs = Atomic<UInt64>(0)

    /// `tandem_db_pool_connections{cluster,state="in_use"}` and `{state="open"}`,
    /// `tandem_db_pool_wait_seconds{cluster}` (the time to get a connection) and
    /// `tandem_db_pool_timeouts_total{cluster}`, labelled with the pool's name.
    private let inUseGauge: Meter
    private let openGauge: Meter
    private let waitTimer: Metrics.Timer
    private let timeouts: Counter
    /// `tandem_db_pool_pipelined_calls_total{cluster}`: calls sent in one round trip with others.
    private let pipelinedCounter: Counter
    /// The same count, for tests.
    let pipelinedCalls = Atomic<Int>(0)

    /// Runs on a woken connection's thread before it takes calls from the line; tests use it to
    /// hold that moment still.
    private let beforeServing: (@Sendable () -> Void)?
    /// Fails calls that waited too long and wakes a connection for stalled pipelined calls.
    private let sweeper: SweeperThread

    public convenience init(configuration: Configuration) {
        self.init(configuration: configuration, beforeServing: nil)
    }

    init(configuration: Configuration, beforeServing: (@Sendable () -> Void)?) {
        self.configuration = configuration
        self.beforeServing = beforeServing
        let cluster = configuration.name
        inUseGauge = Meter(label: "tandem_db_pool_connections", dimensions: [("cluster", cluster), ("state", "in_use")])
        openGauge = Meter(label: "tandem_db_pool_connections", dimensions: [("cluster", cluster), ("state", "open")])
        waitTimer = Metrics.Timer(label: "tandem_db_pool_wait_seconds", dimensions: [("cluster", cluster)])
        timeouts = Counter(label: "tandem_db_pool_timeouts_total", dimensions: [("cluster", cluster)])
        pipelinedCounter = Counter(label: "tandem_db_pool_pipelined_calls_total", dimensions: [("cluster", cluster)])
        sweeper = SweeperThread(name: "sweep-\(cluster)")
        sweeper.attach { [weak self] in self?.sweep() }
    }

    deinit {
        sweeper.stop()
    }

    public var usage: Usage {
        state.withLock { Usage(open: $0.open, idle: $0.idle.count, waiting: $0.pending.count) }
    }

    /// Runs `body` on a pooled connection's thread, with the calling task's trace bound there (a
    /// task-local does not cross to another thread by itself), so events made inside a
    /// transaction carry the trace of the call that made them.
    ///
    /// A connection that finishes a call takes the next waiting one on its own thread at once,
    /// so under load it never sleeps between calls and no task has to wake it.
    public func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await call { id, continuation in
            Job(
                id: id, enqueued: .now,
                work: .body(execute: Self.running(body, resuming: continuation), fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// Runs `statements` in one round trip as one transaction (see `pipelineTransaction`), alone
    /// or, when other such calls wait behind it, together with theirs. A serialization failure
    /// or deadlock runs the statements again alone, like `transaction`, up to
    /// `transactionAttempts` attempts in all.
    func withPipelinedConnection(_ statements: [PostgresQuery], readOnly: Bool) async throws -> [PostgresResult] {
        try await call { id, continuation in
            Job(
                id: id, enqueued: .now,
                work: .pipelined(PipelinedCall(statements: statements, readOnly: readOnly, continuation: continuation)))
        }
    }

    /// What runs `body` on a worker's connection, with the calling task's trace, and returns
    /// what resumes `continuation` with its outcome.
    private static func running<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T, resuming continuation: CheckedContinuation<T, any Error>
    ) -> @Sendable (ConnectionWorker) -> Resume {
        let trace = CallTrace.current
        return { worker in
            let result = Result { try CallTrace.$current.withValue(trace) { try worker.withLiveConnection(body) } }
            return .closure { continuation.resume(with: result) }
        }
    }

    /// Submits the job `makeJob` builds for the call, and waits for it; a call cancelled while
    /// it waits in line leaves the line with `CancellationError`.
    private func call<T: Sendable>(
        _ makeJob: (UInt64, CheckedContinuation<T, any Error>) -> Job
    ) async throws -> T {
        let id = jobIDs.wrappingAdd(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                submit(makeJob(id, continuation))
            }
        } onCancel: {
            let job = state.withLock { state -> Job? in
                state.pending.remove(id: id)
            }
            job?.fail(CancellationError())
        }
    }

    /// Closes the pool: waiting calls fail with `.poolClosed`, idle connections close now and busy
    /// ones when their call ends.
    public func close() {
        let (idle, pending) = state.withLock { state -> ([ConnectionWorker], [Job]) in
            state.closed = true
            defer {
                state.open -= state.idle.count
                openGauge.set(state.open)
                state.idle.removeAll()
            }
            return (state.idle, state.pending.removeAll())
        }
        sweeper.stop()
        idle.forEach { $0.stop() }
        pending.forEach { $0.fail(PostgresError(kind: .poolClosed, message: "closed")) }
    }

    /// What a call's arrival, or a connection's taking calls from the line, asks for next.
    private enum Wake {
        case none
        case worker(ConnectionWorker)
        case create(Int)
    }

    /// Puts `job` in line and wakes a connection for it (an idle one, or a new one while fewer
    /// than the maximum are open), unless it is a `pipelineTransaction` and a connection is
    /// already on its way to the line, or is sending such calls with room in its next round trip.
    ///
    /// Such calls arriving while a connection is waking join its round trip: under load, one
    /// wake and one round trip serve many calls, where handing each call to an idle connection
    /// would wake a thread and a server process per call.
    private func submit(_ job: Job) {
        enum Placement {
            case wake(Wake)
            case queued(startSweeper: Bool)
            case cancelled
            case closed
        }
        let placement = state.withLock { state -> Placement in
            if state.closed { return .closed }
            if job.pipelined != nil, state.waking > 0 {
                state.pending.append(job)
                return .wake(.none)
            }
            if job.pipelined != nil, state.servingPipelined > 0,
                state.pending.count < state.servingPipelined * configuration.maximumPipelinedCalls
            {
                // The connections sending such calls take it with their next round trip; the
                // sweeper wakes another if none of them finishes one within `pipelineWakeDelay`.
                if Task.isCancelled { return .cancelled }
                state.pending.append(job)
                let startSweeper = needsSweeper(&state, now: job.enqueued)
                return .queued(startSweeper: startSweeper)
            }
            // Other calls cannot share a round trip: each wakes a connection of its own.
            let wake = wakeOne(&state)
            if case .none = wake {
                if state.waking > 0 {
                    // A waking connection takes it, or wakes the next one for it (or starts the
                    // sweeper when none is left).
                    state.pending.append(job)
                    return .wake(.none)
                }
                // Every connection is busy. A cancelled call does not start waiting (its
                // cancellation handler may have run already); one that a connection is on its
                // way to still runs, as clean-up work must.
                if Task.isCancelled { return .cancelled }
                state.pending.append(job)
                defer { state.sweeping = true }
                return .queued(startSweeper: !state.sweeping)
            }
            state.pending.append(job)
            return .wake(wake)
        }
        switch placement {
        case .wake(let wake):
            perform(wake)
        case .queued(let startSweeper):
            if startSweeper { sweeper.poke() }
        case .cancelled:
            job.fail(CancellationError())
        case .closed:
            job.fail(PostgresError(kind: .poolClosed, message: "closed"))
        }
    }

    /// Under the lock: whether `wakeOne` would find a connection (one is idle, or may be opened).
    private func canWake(_ state: State) -> Bool {
        !state.idle.isEmpty || state.open < configuration.maximumConnections
    }

    /// Under the lock: takes an idle connection, or opens a new one, to serve the line, and marks
    /// it on its way; `.none` when every connection is busy.
    private func wakeOne(_ state: inout State) -> Wake {
        if let worker = state.idle.popLast() {
            inUseGauge.increment()
            state.waking += 1
            return .worker(worker)
        }
        if state.open < configuration.maximumConnections {
            state.open += 1
            openGauge.set(state.open)
            inUseGauge.increment()
            state.waking += 1
            return .create(state.open)
        }
        return .none
    }

    private func perform(_ wake: Wake) {
        switch wake {
        case .none:
            break
        case .worker(let worker):
            worker.submit { self.serve(on: worker) }
        case .create(let number):
            let worker = ConnectionWorker(
                id: number, options: configuration.options, name: "pg\(number)-\(configuration.name)")
            worker.submit { self.serve(on: worker) }
        }
    }

    /// What a free connection does next.
    private enum Next {
        /// Runs `jobs`, after waking `then` for the calls they leave behind.
        case jobs([Job], then: Wake, startSweeper: Bool)
        case idle
        case stop
    }

    /// Under the lock, for `worker`, which is free (and was running pipelined calls when
    /// `finishedPipelined`): the next calls in line, or idleness, or the end when the pool has
    /// closed. Calls left behind go to a connection already on its way, or to one woken now; with
    /// none to wake, they wait at most `acquireTimeout`.
    private func next(for worker: ConnectionWorker, finishedPipelined: Bool, _ state: inout State) -> Next {
        if finishedPipelined {
            state.servingPipelined -= 1
            state.lastPipelinedRound = .now
        }
        if state.closed {
            state.open -= 1
            openGauge.set(state.open)
            return .stop
        }
        guard !state.pending.isEmpty else {
            state.idle.append(worker)
            return .idle
        }
        let jobs = takeNext(from: &state.pending)
        if jobs[0].pipelined != nil { state.servingPipelined += 1 }
        // Another connection for what is left behind: for a call that cannot share a round trip,
        // or for pipelined calls beyond a full round trip for each connection sending them.
        let another =
            state.waking == 0 && !state.pending.isEmpty
            && (state.pending.first?.pipelined == nil
                || state.pending.count >= state.servingPipelined * configuration.maximumPipelinedCalls)
        let then = another ? wakeOne(&state) : .none
        let startSweeper = !state.pending.isEmpty && state.waking == 0 && needsSweeper(&state, now: .now)
        return .jobs(jobs, then: then, startSweeper: startSweeper)
    }

    /// Under the lock, for calls left waiting in line: whether a sweeper must start (and marks it
    /// started). One must when none runs, or when the running one sleeps past
    /// `pipelineWakeDelay` from `now` (it slept while every connection was busy) and a connection
    /// could now be woken. Never more than that: with every connection busy, the running sweeper
    /// is all the line needs.
    private func needsSweeper(_ state: inout State, now: ContinuousClock.Instant) -> Bool {
        let needed =
            !state.sweeping
            || (canWake(state) && state.sweeperWakes.map { $0 > now + configuration.pipelineWakeDelay } ?? false)
        if needed {
            state.sweeping = true
            // The new sweeper sets its own time when it first looks; until then no other starts.
            state.sweeperWakes = nil
        }
        return needed
    }

    /// On a woken `worker`'s thread: takes the calls in line and runs them, then every call that
    /// comes to wait, until none is left. Each round's callers go on once the connection is free
    /// (or has taken the next calls).
    private func serve(on worker: ConnectionWorker) {
        beforeServing?()
        var next = state.withLock { state in
            state.waking -= 1
            return self.next(for: worker, finishedPipelined: false, &state)
        }
        var resumes: [Resume] = []
        while true {
            switch next {
            case .jobs(let jobs, let then, let startSweeper):
                perform(then)
                if startSweeper { sweeper.poke() }
                resumes.forEach { $0() }
                resumes = run(jobs, on: worker)
                let pipelined = jobs[0].pipelined != nil
                next = state.withLock { self.next(for: worker, finishedPipelined: pipelined, &$0) }
            case .idle:
                inUseGauge.decrement()
                resumes.forEach { $0() }
                return
            case .stop:
                inUseGauge.decrement()
                worker.stop()
                resumes.forEach { $0() }
                return
            }
        }
    }

    /// On `worker`'s thread: runs `jobs` (several pipelined calls in one round trip); returns what
    /// resumes their callers.
    private func run(_ jobs: [Job], on worker: ConnectionWorker) -> [Resume] {
        let now = ContinuousClock.now
        for job in jobs {
            let waited = now - job.enqueued
            waitTimer.recordNanoseconds(waited.components.seconds * 1_000_000_000 + waited.components.attoseconds / 1_000_000_000)
        }
        if jobs.count == 1 { return [jobs[0].execute(on: worker)] }
        let (finished, conflicted) = runPipelined(jobs, on: worker)
        guard !conflicted.isEmpty else { return finished }
        // The calls that are done go on; those that conflicted run again, alone.
        finished.forEach { $0() }
        return conflicted.map { $0.pipelined!.run(on: worker, afterConflicts: 1) }
    }

    /// The first job in line, with the pipelined calls right behind it when it is one, up to
    /// `maximumPipelinedCalls`.
    private func takeNext(from pending: inout WaitingLine) -> [Job] {
        var jobs = [pending.removeFirst()]
        guard jobs[0].pipelined != nil else { return jobs }
        while jobs.count < configuration.maximumPipelinedCalls, pending.first?.pipelined != nil {
            jobs.append(pending.removeFirst())
        }
        return jobs
    }

    /// Sends the pipelined calls `jobs` in one round trip on `worker`'s connection; returns what
    /// resumes the callers of those that finished, and those that conflicted.
    private func runPipelined(
        _ jobs: [Job], on worker: ConnectionWorker
    ) -> (finished: [Resume], conflicted: [Job]) {
        let outcomes: [Result<[PostgresResult], PostgresError>]
        do {
            let (each, together) = try worker.withLiveConnection { connection in
                connection.pipelineEach(jobs.map { $0.pipelined!.statements }, readsOnly: jobs.map { $0.pipelined!.readOnly })
            }
            outcomes = each
            pipelinedCounter.increment(by: Int64(together))
            pipelinedCalls.add(together, ordering: .relaxed)
        } catch {
            let failure = error as? PostgresError ?? PostgresError(kind: .connection, message: "\(error)")
            outcomes = jobs.map { _ in .failure(failure) }
        }
        var finished: [Resume] = []
        var conflicted: [Job] = []
        for (job, outcome) in zip(jobs, outcomes) {
            if let resume = job.pipelined!.finish(outcome) { finished.append(resume) } else { conflicted.append(job) }
        }
        return (finished, conflicted)
    }

    /// On the sweeper's thread: fails the calls that waited longer than `acquireTimeout`, and
    /// wakes a connection for calls that waited `pipelineWakeDelay` with no pipelined round trip
    /// finishing while one is idle (or may be opened). Returns when to look again, or nil when
    /// none is waiting.
    private func sweep() -> ContinuousClock.Instant? {
        let timeout = configuration.acquireTimeout
        let wakeDelay = configuration.pipelineWakeDelay
        let now = ContinuousClock.now
        let (expired, wake, until) = state.withLock { state -> ([Job], Wake, ContinuousClock.Instant?) in
            var expired: [Job] = []
            while let first = state.pending.first, now - first.enqueued >= timeout {
                expired.append(state.pending.removeFirst())
            }
            guard let oldest = state.pending.first?.enqueued else {
                state.sweeping = false
                state.sweeperWakes = nil
                return (expired, .none, nil)
            }
            // Calls wait for the connections running pipelined calls while those make progress;
            // when none has finished a round trip for `pipelineWakeDelay` (a slow statement),
            // another connection is woken.
            let stalled = max(oldest, state.lastPipelinedRound) + wakeDelay
            let wake = state.waking == 0 && now >= stalled ? wakeOne(&state) : .none
            let due = stalled > now ? stalled : now + wakeDelay
            let until = canWake(state) ? min(oldest + timeout, due) : oldest + timeout
            state.sweeperWakes = until
            return (expired, wake, until)
        }
        perform(wake)
        if !expired.isEmpty {
            timeouts.increment(by: Int64(expired.count))
            let error = PostgresError(
                kind: .poolTimeout, message: "all \(configuration.maximumConnections) connections stayed busy for \(timeout)")
            expired.forEach { $0.fail(error) }
        }
        return until
    }
}

extension PostgresPool {
    /// Calls waiting for a connection, oldest first. Taking from the front, and taking out a
    /// cancelled call (which leaves a gap), cost no moving of the others: a line thousands long
    /// under overload stays cheap to serve.
    fileprivate struct WaitingLine {
        private var slots: [Job?] = []
        private var head = 0
        private(set) var count = 0

        var isEmpty: Bool { count == 0 }

        var first: Job? {
            mutating get {
                skipGaps()
                return head < slots.count ? slots[head] : nil
            }
        }

        mutating func append(_ job: Job) {
            slots.append(job)
            count += 1
        }

        /// The oldest call; the line must not be empty.
        mutating func removeFirst() -> Job {
            skipGaps()
            let job = slots[head]!
            slots[head] = nil
            head += 1
            count -= 1
            compact()
            return job
        }

        mutating func remove(id: UInt64) -> Job? {
            guard let index = slots[head...].firstIndex(where: { $0?.id == id }) else { return nil }
            let job = slots[index]
            slots[index] = nil
            count -= 1
            compact()
            return job
        }

        mutating func removeAll() -> [Job] {
            defer { self = WaitingLine() }
            return slots[head...].compactMap { $0 }
        }

        private mutating func skipGaps() {
            while head < slots.count, slots[head] == nil { head += 1 }
        }

        private mutating func compact() {
            if count == 0 {
                slots.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024, head * 2 > slots.count {
                slots.removeFirst(head)
                head = 0
            }
        }
    }
}
