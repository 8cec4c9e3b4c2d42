import TandemTrace
import Foundation

/// A thread of its own that owns one PostgreSQL connection and runs jobs on it one at a time.
///
/// libpq calls block, so they never run on an event loop or on Swift's cooperative pool: callers
/// hand a job to the worker and await its result. The connection is made on first use and made
/// again after it is lost, so a server restart costs the calls that were in flight and nothing
/// more.
final class ConnectionWorker: @unchecked Sendable {
    // Safety: `jobs` and `stopping` are guarded by `condition`; `connection` is touched only on
    // the worker's own thread.
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private var connection: PostgresConnection?
    private let options: PostgresConnection.Options
    let id: Int

    init(id: Int, options: PostgresConnection.Options, name: String) {
        self.id = id
        self.options = options
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the worker's thread with a live connection.
    /// Runs `body` on this connection's thread, with the calling task's trace bound there too (a
    /// task-local does not cross to another thread by itself), so events made inside a
    /// transaction carry the trace of the call that made them.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let trace = CallTrace.current
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue {
                continuation.resume(
                    with: Result { try CallTrace.$current.withValue(trace) { try self.withLiveConnection(body) } })
            }
        }
    }

    /// Ends the thread after the jobs already queued; closes the connection.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                connection = nil
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job() }
        }
    }

    /// On the worker's thread: connects when needed, runs `body`, drops a connection that broke.
    private func withLiveConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if connection?.isHealthy != true {
            connection = nil
            connection = try PostgresConnection(options: options)
        }
        do {
            return try body(connection!)
        } catch let error as PostgresError where error.kind == .connection || connection?.isHealthy != true {
            connection = nil
            throw PostgresError(kind: .connection, sqlState: error.sqlState, message: error.message)
        }
    }
}
