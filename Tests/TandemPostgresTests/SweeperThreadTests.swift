import Foundation
import Synchronization
import Testing
@testable import TandemPostgres

@Suite("A pool's sweeper thread")
struct SweeperThreadTests {
    /// The sweeps run so far: when each ran and the name of the thread it ran on.
    final class Sweeps: Sendable {
        private let runs = Mutex<[(at: ContinuousClock.Instant, thread: String)]>([])

        var count: Int { runs.withLock { $0.count } }
        var all: [(at: ContinuousClock.Instant, thread: String)] { runs.withLock { $0 } }

        /// Records a sweep on the calling thread; returns how many have run.
        func record() -> Int {
            let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            return runs.withLock {
                $0.append((.now, name.trimmingCharacters(in: .newlines)))
                return $0.count
            }
        }
    }

    /// The threads of this process that go by `name`.
    static func threads(named name: String) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
            return comm?.trimmingCharacters(in: .newlines) == name
        }.count
    }

    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test("sweeps when poked and when the time it asked for comes, on a thread of its own, and sleeps otherwise")
    func sweeps() async throws {
        let name = "sweep-a-long-cluster-name"
        let threadName = "sweep-a-long-cl"
        let sweeper = SweeperThread(name: name)
        let sweeps = Sweeps()
        // The first sweep asks for another 100 ms later; the others ask for none.
        sweeper.attach { sweeps.record() == 1 ? .now + .milliseconds(100) : nil }
        defer { sweeper.stop() }

        try await Task.sleep(for: .milliseconds(200))
        #expect(sweeps.count == 0, "no sweep before the first poke")
        #expect(Self.threads(named: threadName) == 0, "no thread before the first poke")

        let poked = ContinuousClock.now
        sweeper.poke()
        try await Self.waitUntil { sweeps.count == 2 }
        let runs = sweeps.all
        try #require(runs.count == 2)
        #expect(runs[0].at - poked < .seconds(2))
        #expect(runs[1].at - runs[0].at >= .milliseconds(100), "the second sweep came at the time the first asked for")

        try await Task.sleep(for: .milliseconds(300))
        #expect(sweeps.count == 2, "with no time asked for, it sleeps until poked")
        sweeper.poke()
        try await Self.waitUntil { sweeps.count == 3 }
        #expect(sweeps.all.map(\.thread) == Array(repeating: threadName, count: 3))
        #expect(Self.threads(named: threadName) == 1)

        sweeper.stop()
        try await Self.waitUntil { Self.threads(named: threadName) == 0 }
        #expect(Self.threads(named: threadName) == 0, "the thread ends when stopped")
        sweeper.poke()
        try await Task.sleep(for: .milliseconds(100))
        #expect(sweeps.count == 3, "no sweep after stop")
    }

    @Test("ends when stopped in the middle of a long wait, and a poke during a sweep sweeps once more")
    func stopsWhileWaiting() async throws {
        let threadName = "sweep-long-wait"
        let sweeper = SweeperThread(name: threadName)
        let sweeps = Sweeps()
        let inSweep = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // The first sweep waits inside until let go; every sweep asks for the next in 10 s.
        sweeper.attach {
            if sweeps.record() == 1 {
                inSweep.signal()
                release.wait()
            }
            return .now + .seconds(10)
        }
        defer { sweeper.stop() }
        sweeper.poke()
        inSweep.wait()
        sweeper.poke()  // while the first sweep runs
        release.signal()
        try await Self.waitUntil { sweeps.count == 2 }
        #expect(sweeps.count == 2, "the poke during the sweep ran one more")
        try await Task.sleep(for: .milliseconds(200))
        #expect(sweeps.count == 2, "then it waits for the 10 s it asked for")
        let stopped = ContinuousClock.now
        sweeper.stop()
        try await Self.waitUntil { Self.threads(named: threadName) == 0 }
        #expect(Self.threads(named: threadName) == 0)
        #expect(ContinuousClock.now - stopped < .seconds(5), "stopped without waiting out its 10 s")
        #expect(sweeps.count == 2)
    }
}
