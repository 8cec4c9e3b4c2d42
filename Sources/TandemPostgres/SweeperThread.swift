import Foundation

/// A thread of its own that runs a pool's sweep when poked, or when the moment the last sweep
/// asked for comes, and sleeps otherwise.
///
/// Under load a pool's line fills and empties many times a second, and a sweep is due about
/// every `pipelineWakeDelay`. A task per sweep cost a task, a hop through Swift's global
/// executor and a timer of its own each time; here a sweep costs one wake of this thread. The
/// thread starts at the first poke, so a pool whose calls never wait never makes it.
final class SweeperThread: @unchecked Sendable {
    // Safety: every stored property is guarded by `condition`.
    private let condition = NSCondition()
    private var poked = false
    private var stopped = false
    private var started = false
    private let name: String
    /// One sweep; returns when the next is due, or nil to sleep until poked.
    private var sweep: (@Sendable () -> ContinuousClock.Instant?)?

    init(name: String) {
        self.name = name
    }

    /// What each sweep runs; set once, before the first poke.
    func attach(_ sweep: @escaping @Sendable () -> ContinuousClock.Instant?) {
        condition.lock()
        self.sweep = sweep
        condition.unlock()
    }

    /// Runs a sweep soon: at once when the thread sleeps, after the running one otherwise.
    func poke() {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return }
        poked = true
        if started {
            condition.signal()
        } else {
            started = true
            PoolThread.start(named: name) { [self] in self.loop() }
        }
    }

    /// Ends the thread after the running sweep, if any.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        var due: ContinuousClock.Instant?
        condition.lock()
        while true {
            while !poked && !stopped {
                guard let next = due else {
                    condition.wait()
                    continue
                }
                let left = next - .now
                if left <= .zero { break }
                // The condition waits by the wall clock, which may be set back: at most a second
                // at a time, so such a step delays a sweep by no more than that.
                let (seconds, attoseconds) = min(left, .seconds(1)).components
                _ = condition.wait(until: Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18))
            }
            if stopped {
                condition.unlock()
                return
            }
            poked = false
            let sweep = self.sweep
            condition.unlock()
            due = sweep?()
            condition.lock()
        }
    }
}
