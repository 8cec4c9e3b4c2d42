import TandemRPC

/// The life of a client's one connection, as a plain value: the ``ConnectionManager`` asks it what
/// to do and performs the action (connect, resume or fail waiting calls, schedule a retry).
///
/// - No connection yet, or the last one was lost: the next call starts an attempt and waits for it.
/// - While an attempt runs, calls wait for it.
/// - After a failed attempt, the next attempt may start only when the backoff delay has passed.
///   Until then a call fails at once with UNAVAILABLE, unless it asked to wait for the connection
///   to be ready; then it waits, and the attempt starts when the delay ends.
/// - A ready connection serves every call until it closes or the server sends GOAWAY.
struct ConnectionStateMachine<Connection> {
    enum State {
        case idle
        case connecting(attempt: Int)
        case ready(Connection, attempt: Int)
        case backingOff(until: ContinuousClock.Instant, failure: RPCError)
        case closed
    }

    private(set) var state: State = .idle
    private var backoff: ConnectionBackoff
    /// Calls waiting for a connection, by id: whether each waits for readiness through failures.
    private var waiters: [Int: Bool] = [:]
    private var lastAttempt = 0
    /// A timer will call ``retryTimerFired()``.
    private var retryScheduled = false

    init(backoff: GRPCClientConfiguration.Backoff) {
        self.backoff = ConnectionBackoff(configuration: backoff)
    }

    var waiterCount: Int { waiters.count }

    static var closedError: RPCError { RPCError(code: .unavailable, message: "the client is closed") }

    // MARK: A call wants a connection

    enum AcquireAction {
        /// Use this connection now.
        case use(Connection)
        /// Fail the call now.
        case fail(RPCError)
        /// The call was registered and waits.
        case wait
        /// The call was registered; start this connection attempt.
        case connect(attempt: Int)
        /// The call was registered; schedule ``retryTimerFired()`` at this instant.
        case waitAndScheduleRetry(at: ContinuousClock.Instant)
    }

    mutating func acquire(waiter: Int, waitForReady: Bool, now: ContinuousClock.Instant) -> AcquireAction {
        switch state {
        case .closed:
            return .fail(Self.closedError)
        case .ready(let connection, _):
            return .use(connection)
        case .idle:
            waiters[waiter] = waitForReady
            return .connect(attempt: startAttempt())
        case .connecting:
            waiters[waiter] = waitForReady
            return .wait
        case .backingOff(let until, let failure):
            if now >= until {
                waiters[waiter] = waitForReady
                return .connect(attempt: startAttempt())
            }
            guard waitForReady else {
                var error = failure
                let wait = now.duration(to: until).components
                let milliseconds = wait.seconds * 1000 + wait.attoseconds / 1_000_000_000_000_000
                error.message += " (backing off; next attempt in \(milliseconds) ms)"
                return .fail(error)
            }
            waiters[waiter] = waitForReady
            if retryScheduled { return .wait }
            retryScheduled = true
            return .waitAndScheduleRetry(at: until)
        }
    }

    /// The call stopped waiting (cancelled, or its deadline passed). Returns whether it was waiting.
    mutating func removeWaiter(_ waiter: Int) -> Bool {
        waiters.removeValue(forKey: waiter) != nil
    }

    // MARK: An attempt ended

    enum ConnectedAction {
        /// Hand the connection to these waiting calls.
        case resume([Int], Connection)
        /// Nobody can use this connection (the client closed meanwhile): close it.
        case close(Connection)
    }

    mutating func connectSucceeded(attempt: Int, connection: Connection) -> ConnectedAction {
        guard case .connecting(attempt) = state else { return .close(connection) }
        state = .ready(connection, attempt: attempt)
        backoff.reset()
        let resumed = Array(waiters.keys)
        waiters.removeAll()
        return .resume(resumed, connection)
    }

    struct FailedAction {
        /// Calls to fail with `error`: those not waiting for readiness.
        var failed: [Int]
        var error: RPCError
        /// When set, schedule ``retryTimerFired()`` then: calls still wait for readiness.
        var retryAt: ContinuousClock.Instant?
    }

    mutating func connectFailed(
        attempt: Int, error: RPCError, now: ContinuousClock.Instant,
        random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
    ) -> FailedAction? {
        guard case .connecting(attempt) = state else { return nil }
        let until = now.advanced(by: backoff.nextDelay(random: random))
        state = .backingOff(until: until, failure: error)
        let failed = waiters.filter { !$0.value }.map(\.key)
        for waiter in failed { waiters[waiter] = nil }
        retryScheduled = !waiters.isEmpty
        return FailedAction(failed: failed, error: error, retryAt: retryScheduled ? until : nil)
    }

    /// The backoff delay is over and calls wait for readiness: the attempt to start, if any.
    mutating func retryTimerFired() -> Int? {
        retryScheduled = false
        guard case .backingOff = state, !waiters.isEmpty else { return nil }
        return startAttempt()
    }

    // MARK: The connection changed

    /// The connection of `attempt` closed, or the server sent GOAWAY: new calls need a new one.
    mutating func connectionUnusable(attempt: Int) {
        if case .ready(_, attempt) = state { state = .idle }
    }

    /// The client closes: every waiting call fails; the ready connection (if any) is returned.
    mutating func close() -> (waiters: [Int], connection: Connection?) {
        var connection: Connection?
        if case .ready(let ready, _) = state { connection = ready }
        state = .closed
        let waiting = Array(waiters.keys)
        waiters.removeAll()
        return (waiting, connection)
    }

    private mutating func startAttempt() -> Int {
        lastAttempt += 1
        state = .connecting(attempt: lastAttempt)
        return lastAttempt
    }
}
