import Foundation
import Synchronization
import Testing
import TandemPostgres
import TandemTestSupport

/// The PostgreSQL layer against the real server `scripts/test` starts.
@Suite("PostgreSQL layer on a real server", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct PostgresIntegrationTests {
    @Test("Values go in bound and come back typed; NULL decodes only as an Optional")
    func roundTrip() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool()
        defer { pool.close() }
        let now = PostgresTimestamp(microsecondsSinceEpoch: 1_795_776_678_123_456)
        let row = try await pool.withConnection { connection in
            let result = try connection.query(
                """
                SELECT \("it's 'quoted' ü")::text, \(Int64.max)::bigint, \(true)::boolean, \(2.5)::float8,
                       \(now)::timestamptz, \(PostgresBytes([1, 2, 255]))::bytea, \(Optional<String>.none)::text,
                       \(["a", "b,c"])::text[]
                """)
            let row = try #require(result.first)
            return (
                try row.decode(String.self, at: 0), try row.decode(Int64.self, at: 1), try row.decode(Bool.self, at: 2),
                try row.decode(Double.self, at: 3), try row.decode(PostgresTimestamp.self, at: 4),
                try row.decode(PostgresBytes.self, at: 5), try row.decode(String?.self, at: 6),
                try row.decode(String.self, at: 7)
            )
        }
        #expect(row.0 == "it's 'quoted' ü")
        #expect(row.1 == Int64.max)
        #expect(row.2 == true)
        #expect(row.3 == 2.5)
        #expect(row.4 == now)
        #expect(row.5 == PostgresBytes([1, 2, 255]))
        #expect(row.6 == nil)
        #expect(row.7 == "{a,\"b,c\"}")
        await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.query("SELECT NULL::text").first!.decode(String.self, at: 0) }
        }
    }

    @Test("A NUL byte in a bound value is refused, not cut short")
    func nulRefused() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1)
        defer { pool.close() }
        for attempt in 0..<2 {
            let error = await #expect(throws: PostgresError.self) {
                if attempt == 0 {
                    _ = try await pool.withConnection { try $0.query("SELECT \("a\u{0}b")::text") }
                } else {
                    _ = try await pool.pipelineTransaction(tenant: nil, ["SELECT \("a\u{0}b")::text"])
                }
            }
            #expect(error?.sqlState == SQLState.characterNotInRepertoire)
        }
        #expect(try await pool.withConnection { try $0.query("SELECT \("ab")::text").first!.decode(String.self, at: 0) } == "ab")
    }

    @Test("Each distinct statement is prepared once per connection")
    func preparedOnce() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1)
        defer { pool.close() }
        let count = try await pool.withConnection { connection in
            for value in 0..<20 { try connection.query("SELECT \(value)::int + 1") }
            return try connection.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int + 1'"
            ).first!.decode(Int.self, at: 0)
        }
        #expect(count == 1)
    }

    @Test("Server errors carry the SQLSTATE and the constraint")
    func sqlState() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool()
        defer { pool.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in
                try connection.execute(script: "CREATE TABLE u (k text CONSTRAINT u_key PRIMARY KEY)")
                try connection.query("INSERT INTO u VALUES (\("x"))")
                try connection.query("INSERT INTO u VALUES (\("x"))")
            }
        }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == SQLState.uniqueViolation)
        #expect(error?.constraint == "u_key")
        #expect(error?.isUnavailable == false)
    }

    @Test("A pipeline runs as one transaction: one failing statement undoes the others")
    func pipelineAtomic() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1)
        defer { pool.close() }
        try await pool.withConnection { try $0.execute(script: "CREATE TABLE p (n int PRIMARY KEY)") }
        let results = try await pool.pipelineTransaction(
            tenant: nil, ["INSERT INTO p VALUES (\(1))", "INSERT INTO p VALUES (\(2)) RETURNING n", "SELECT count(*) FROM p"])
        #expect(results.count == 3)
        #expect(try results[1].first?.decode(Int.self, at: 0) == 2)
        #expect(try results[2].first?.decode(Int.self, at: 0) == 2)

        let error = await #expect(throws: PostgresError.self) {
            _ = try await pool.pipelineTransaction(
                tenant: nil, ["INSERT INTO p VALUES (\(3))", "INSERT INTO p VALUES (\(1))", "INSERT INTO p VALUES (\(4))"])
        }
        #expect(error?.sqlState == SQLState.uniqueViolation)
        // The connection is usable afterwards and nothing of the failed pipeline stayed.
        let rows = try await pool.withConnection { try $0.query("SELECT n FROM p ORDER BY n").rows.map { try $0.decode(Int.self, at: 0) } }
        #expect(rows == [1, 2])
        // A statement that fails to prepare inside a pipeline does not poison the next pipeline.
        await #expect(throws: PostgresError.self) { _ = try await pool.pipelineTransaction(tenant: nil, ["SELEC 1"]) }
        let again = try await pool.pipelineTransaction(tenant: nil, ["SELECT count(*) FROM p"])
        #expect(try again[0].first?.decode(Int.self, at: 0) == 2)
    }

    @Test("A transaction begins with its first statement, sends nothing when it has none, and runs statements held for its COMMIT only when it commits")
    func heldBackStatements() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1)
        defer { pool.close() }
        try await pool.withConnection { try $0.execute(script: "CREATE TABLE h (n int PRIMARY KEY)") }
        let rows = { @Sendable in
            try await pool.withConnection { try $0.query("SELECT n FROM h ORDER BY n").rows.map { try $0.decode(Int.self, at: 0) } }
        }
        // The BEGIN goes out with the first statement, so its isolation is in effect there.
        let inside = try await pool.transaction(tenant: nil, isolation: .serializable) {
            try $0.query("SHOW transaction_isolation").first!.decode(String.self, at: 0)
        }
        #expect(inside == "serializable")
        // A transaction that sends nothing begins nothing: the connection's next statement runs
        // outside any transaction, at the default isolation.
        let value = try await pool.transaction(tenant: nil, isolation: .serializable) { _ in 42 }
        #expect(value == 42)
        let after = try await pool.withConnection { try $0.query("SHOW transaction_isolation").first!.decode(String.self, at: 0) }
        #expect(after == "read committed")

        // Held for the COMMIT: not seen inside the transaction, in effect after it.
        let seenInside = try await pool.transaction(tenant: nil) { connection in
            try connection.sendWithCommit("INSERT INTO h VALUES (\(1))")
            return try connection.query("SELECT count(*) FROM h").first!.decode(Int.self, at: 0)
        }
        #expect(seenInside == 0)
        #expect(try await rows() == [1])
        // A body that throws: the held statement never runs.
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await pool.transaction(tenant: nil) { connection in
                try connection.sendWithCommit("INSERT INTO h VALUES (\(2))")
                _ = try connection.query("SELECT 1")
                throw Refused()
            }
        }
        // A held statement that fails undoes the whole transaction.
        let error = await #expect(throws: PostgresError.self) {
            try await pool.transaction(tenant: nil) { connection in
                try connection.query("INSERT INTO h VALUES (\(3))")
                try connection.sendWithCommit("INSERT INTO h VALUES (\(1))")
            }
        }
        #expect(error?.sqlState == SQLState.uniqueViolation)
        #expect(try await rows() == [1])
        // Only a held statement: it still runs, in the transaction.
        try await pool.transaction(tenant: nil) { try $0.sendWithCommit("INSERT INTO h VALUES (\(4))") }
        #expect(try await rows() == [1, 4])
        // Outside a transaction there is no COMMIT to wait for: it runs at once.
        try await pool.withConnection { try $0.sendWithCommit("INSERT INTO h VALUES (\(5))") }
        #expect(try await rows() == [1, 4, 5])
    }

    @Test("A transaction that hits a serialization failure runs again and commits")
    func retriesConflicts() async throws {
        let database = try TestPostgres.makeDatabase()
        let pool = database.ownerPool(maximumConnections: 4)
        defer { pool.close() }
        try await pool.withConnection {
            try $0.execute(script: "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)")
        }
        let attempts = Attempts()
        // Four serializable read-modify-write increments at once, one per connection: every round
        // of conflicts lets at least one commit, so each needs at most four of its five attempts.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.transaction(tenant: nil, isolation: .serializable) { connection in
                        attempts.increment()
                        let n = try connection.query("SELECT n FROM counter WHERE id = 1").first!.decode(Int.self, at: 0)
                        usleep(20_000)
                        try connection.query("UPDATE counter SET n = \(n + 1) WHERE id = 1")
                    }
                }
            }
            try await group.waitForAll()
        }
        let n = try await pool.withConnection { try $0.query("SELECT n FROM counter").first!.decode(Int.self, at: 0) }
        #expect(n == 4)
        #expect(attempts.value > 4, "some transactions conflicted and ran again")
    }

    @Test("The statement timeout cancels a long statement with SQLSTATE 57014")
    func statementTimeout() async throws {
        let pool = try TestPostgres.makeDatabase().appPool(maximumConnections: 1, statementTimeout: .milliseconds(200))
        defer { pool.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.query("SELECT pg_sleep(5)") }
        }
        #expect(error?.sqlState == SQLState.queryCanceled)
        #expect(try await pool.withConnection { try $0.query("SELECT 1").first!.decode(Int.self, at: 0) } == 1)
    }

    @Test("A full pool makes callers wait, then fails them after the wait timeout")
    func poolLimit() async throws {
        let pool = try TestPostgres.makeDatabase().appPool(maximumConnections: 2, acquireTimeout: .milliseconds(300))
        defer { pool.close() }
        // Two calls hold both connections for 3 s; a third waits and times out long before.
        async let first: Void = pool.withConnection { _ = try $0.query("SELECT pg_sleep(3)") }
        async let second: Void = pool.withConnection { _ = try $0.query("SELECT pg_sleep(3)") }
        try await Task.sleep(for: .milliseconds(500))
        #expect(pool.usage.open == 2)
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.query("SELECT 1") }
        }
        #expect(error?.kind == .poolTimeout)
        #expect(error?.isUnavailable == true)
        _ = try await (first, second)
        #expect(pool.usage == .init(open: 2, idle: 2, waiting: 0))
    }

    @Test("Waiting calls are served by the connection as it frees; a cancelled one never runs")
    func queuedCalls() async throws {
        let pool = try TestPostgres.makeDatabase().appPool(maximumConnections: 1)
        defer { pool.close() }
        let ran = Attempts()
        // One connection, 50 calls at once: each is run once, and the connection ends idle.
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await pool.withConnection { connection in
                        ran.increment()
                        return try connection.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0)
                    }
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(ran.value == 50)
        #expect(pids.count == 1, "one connection served them all")
        #expect(pool.usage == .init(open: 1, idle: 1, waiting: 0))

        // A call waiting behind a busy connection is cancelled: it fails at once and its body
        // never runs. The connection is held by a body that waits for a signal, not for a time.
        let held = try await HeldConnection.hold(pool)
        let cancelledRan = Attempts()
        let waiting = Task { try await pool.withConnection { _ in cancelledRan.increment() } }
        for _ in 0..<1000 where pool.usage.waiting == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(pool.usage.waiting == 1)
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(pool.usage.waiting == 0)
        try await held.release()
        #expect(cancelledRan.value == 0)

        // A cancelled task that finds a connection free still runs its call (clean-up after
        // cancellation, such as giving a claimed row back, must reach the database).
        let cleanUp = Attempts()
        try await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await pool.withConnection { _ in cleanUp.increment() }
        }.value
        #expect(cleanUp.value == 1)
    }

    @Test("A line thousands long, with cancelled calls all through it, serves every other call once")
    func longLine() async throws {
        let pool = try TestPostgres.makeDatabase().appPool(maximumConnections: 1)
        defer { pool.close() }
        let held = try await HeldConnection.hold(pool)
        let ran = Served()
        let calls = (0..<3000).map { index in
            Task { try await pool.withConnection { _ in ran.add(index) } }
        }
        for _ in 0..<2000 where pool.usage.waiting < 3000 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(pool.usage.waiting == 3000)
        for index in stride(from: 0, to: 3000, by: 3) { calls[index].cancel() }
        for _ in 0..<1000 where pool.usage.waiting > 2000 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(pool.usage.waiting == 2000)
        try await held.release()
        for (index, call) in calls.enumerated() {
            if index % 3 == 0 {
                await #expect(throws: CancellationError.self) { try await call.value }
            } else {
                try await call.value
            }
        }
        let order = ran.values
        #expect(order.count == 2000)
        #expect(Set(order) == Set((0..<3000).filter { $0 % 3 != 0 }))
        #expect(pool.usage == .init(open: 1, idle: 1, waiting: 0))
    }

    @Test("A connection the server drops is made again on the next call")
    func reconnects() async throws {
        let database = try TestPostgres.makeDatabase()
        let pool = database.appPool(maximumConnections: 1)
        defer { pool.close() }
        let pid = try await pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0) }
        // The connection ends itself, as a server restart would end it (the outage suite restarts
        // the server itself).
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.query("SELECT pg_terminate_backend(pg_backend_pid())") }
        }
        #expect(error?.isUnavailable == true)
        let newPID = try await pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0) }
        #expect(newPID != pid)
    }
}

final class Attempts: Sendable {
    private let count = Synchronization.Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

final class Served: Sendable {
    private let served = Synchronization.Mutex([Int]())
    func add(_ value: Int) { served.withLock { $0.append(value) } }
    var values: [Int] { served.withLock { $0 } }
}

/// A pool's connection (its only one, in these tests) held by a call that waits for `release()`,
/// so that the calls made meanwhile wait in line.
struct HeldConnection {
    private let gate: DispatchSemaphore
    private let busy: Task<Void, any Error>

    static func hold(_ pool: PostgresPool) async throws -> HeldConnection {
        let gate = DispatchSemaphore(value: 0)
        let holding = Attempts()
        let busy = Task { try await pool.withConnection { _ in holding.increment(); gate.wait() } }
        for _ in 0..<1000 where holding.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(holding.value == 1, "the connection was taken")
        return HeldConnection(gate: gate, busy: busy)
    }

    /// Lets the connection go and waits for the holding call to end.
    func release() async throws {
        gate.signal()
        try await busy.value
    }
}
