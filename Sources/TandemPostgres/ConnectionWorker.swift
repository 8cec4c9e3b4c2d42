import Foundation

/// A thread of its own that owns one PostgreSQL connection and runs jobs on it one at a time.
///
/// libpq calls block, so they never run on an event loop or on Swift's cooperative pool: the
/// pool hands the worker a call's job, and the worker goes on with the next waiting call's job
/// itself (`PostgresPool.withConnection`). The connection is made on first use and made again
/// after it is lost, so a server restart costs the calls that were in flight and nothing more.
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
        PoolThread.start(named: name) { [self] in self.loop() }
    }

    /// Ends the thread after the jobs already queued; closes the connection.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Runs `job` on the worker's thread, after the jobs already given.
    func submit(_ job: @escaping @Sendable () -> Void) {
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
    func withLiveConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
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
