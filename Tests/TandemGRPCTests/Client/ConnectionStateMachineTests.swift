import TandemRPC
import Testing

@testable import TandemGRPC

@Suite("Connection backoff and state machine (no I/O)")
struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine<String>
    static let backoff = GRPCClientConfiguration.Backoff(
        initial: .seconds(1), multiplier: 1.6, jitter: 0.2, maximum: .seconds(5))
    static let failure = RPCError(code: .unavailable, message: "refused")

    @Test("Delays follow connection-backoff.md: 1 s, then ×1.6 capped at the maximum, jitter on each retry")
    func backoffDelays() {
        var exact = ConnectionBackoff(
            configuration: .init(initial: .seconds(1), multiplier: 1.6, jitter: 0, maximum: .seconds(5)))
        let delays = (0..<6).map { _ in exact.nextDelay() }
        #expect(
            delays == [
                .seconds(1), .milliseconds(1600), .milliseconds(2560), .milliseconds(4096), .seconds(5), .seconds(5),
            ])
        exact.reset()
        #expect(exact.nextDelay() == .seconds(1), "a ready connection starts the sequence again")

        var jittered = ConnectionBackoff(configuration: Self.backoff)
        #expect(jittered.nextDelay(random: { $0.upperBound }) == .seconds(1), "the first delay has no jitter")
        #expect(jittered.nextDelay(random: { $0.upperBound }) == .milliseconds(1920))  // 1.6 × 1.2
        #expect(jittered.nextDelay(random: { $0.lowerBound }) == .milliseconds(2048))  // 2.56 × 0.8
    }

    @Test("The first call starts an attempt; calls meanwhile wait; success hands them all the connection")
    func connect() {
        var machine = Machine(backoff: Self.backoff)
        let now = ContinuousClock.now
        guard case .connect(let attempt) = machine.acquire(waiter: 1, waitForReady: false, now: now) else {
            Issue.record("expected an attempt")
            return
        }
        guard case .wait = machine.acquire(waiter: 2, waitForReady: false, now: now) else {
            Issue.record("expected to wait for the attempt")
            return
        }
        guard case .resume(let waiters, "conn") = machine.connectSucceeded(attempt: attempt, connection: "conn") else {
            Issue.record("expected the waiters to be resumed")
            return
        }
        #expect(Set(waiters) == [1, 2])
        guard case .use("conn") = machine.acquire(waiter: 3, waitForReady: false, now: now) else {
            Issue.record("expected the ready connection")
            return
        }
    }

    @Test("A failed attempt fails the waiting calls, except those waiting for readiness, and backs off")
    func failure() throws {
        var machine = Machine(backoff: Self.backoff)
        let now = ContinuousClock.now
        guard case .connect(let attempt) = machine.acquire(waiter: 1, waitForReady: false, now: now) else {
            Issue.record("expected an attempt")
            return
        }
        _ = machine.acquire(waiter: 2, waitForReady: true, now: now)
        let failed = machine.connectFailed(attempt: attempt, error: Self.failure, now: now)
        let action = try #require(failed)
        #expect(action.failed == [1])
        #expect(action.retryAt == now.advanced(by: .seconds(1)), "the patient call needs a retry after 1 s")
        #expect(machine.waiterCount == 1)

        // Within the delay: fail fast, or wait without a second timer.
        guard
            case .fail(let error) = machine.acquire(
                waiter: 3, waitForReady: false, now: now.advanced(by: .milliseconds(400)))
        else {
            Issue.record("expected to fail fast")
            return
        }
        #expect(error.code == .unavailable)
        #expect(
            error.message.contains("refused") && error.message.contains("next attempt in 600 ms"), "\(error.message)")
        guard case .wait = machine.acquire(waiter: 4, waitForReady: true, now: now) else {
            Issue.record("a retry is already scheduled")
            return
        }
        // The timer fires: a new attempt; its failure doubles the delay (1.6 s, jitter at most 20 %).
        let retry = machine.retryTimerFired()
        let second = try #require(retry)
        let later = now.advanced(by: .seconds(1))
        let failedAgain = machine.connectFailed(
            attempt: second, error: Self.failure, now: later, random: { $0.upperBound })
        let again = try #require(failedAgain)
        #expect(again.failed.isEmpty)
        #expect(again.retryAt == later.advanced(by: .milliseconds(1920)))
    }

    @Test("After the delay, the next call starts an attempt itself")
    func attemptAfterDelay() throws {
        var machine = Machine(backoff: Self.backoff)
        let now = ContinuousClock.now
        guard case .connect(let attempt) = machine.acquire(waiter: 1, waitForReady: false, now: now) else { return }
        let failed = machine.connectFailed(attempt: attempt, error: Self.failure, now: now)
        let action = try #require(failed)
        #expect(action.retryAt == nil, "nobody waits: no timer")
        guard
            case .connect(let next) = machine.acquire(
                waiter: 2, waitForReady: false, now: now.advanced(by: .seconds(1)))
        else {
            Issue.record("expected a new attempt")
            return
        }
        #expect(next == attempt + 1)
    }

    @Test("A lost connection (or GOAWAY) makes the next call connect again, at once")
    func lostConnection() {
        var machine = Machine(backoff: Self.backoff)
        let now = ContinuousClock.now
        guard case .connect(let attempt) = machine.acquire(waiter: 1, waitForReady: false, now: now) else { return }
        _ = machine.connectSucceeded(attempt: attempt, connection: "first")
        machine.connectionUnusable(attempt: attempt + 7)
        guard case .use("first") = machine.acquire(waiter: 2, waitForReady: false, now: now) else {
            Issue.record("another attempt's loss changes nothing")
            return
        }
        machine.connectionUnusable(attempt: attempt)
        guard case .connect = machine.acquire(waiter: 3, waitForReady: false, now: now) else {
            Issue.record("expected a new attempt")
            return
        }
    }

    @Test("Closing fails the waiting calls; a late connection is closed; later calls fail")
    func close() {
        var machine = Machine(backoff: Self.backoff)
        let now = ContinuousClock.now
        guard case .connect(let attempt) = machine.acquire(waiter: 1, waitForReady: true, now: now) else { return }
        let (waiters, connection) = machine.close()
        #expect(waiters == [1])
        #expect(connection == nil)
        guard case .close("late") = machine.connectSucceeded(attempt: attempt, connection: "late") else {
            Issue.record("expected the late connection to be closed")
            return
        }
        guard case .fail(let error) = machine.acquire(waiter: 2, waitForReady: true, now: now) else {
            Issue.record("expected a closed client to refuse calls")
            return
        }
        #expect(error.code == .unavailable)
    }
}
