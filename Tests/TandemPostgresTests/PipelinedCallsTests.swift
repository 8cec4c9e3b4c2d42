import Foundation
import Synchronization
import Testing
@testable import TandemPostgres
import TandemTestSupport

/// `pipelineTransaction` calls that wait in line for a connection go out in one round trip, each
/// its own transaction.
@Suite("Pipelined calls on a real server", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct PipelinedCallsTests {
    /// One call's outcome: its results' first values as text, or the error's SQLSTATE and kind.
    enum Outcome: Equatable {
        case values([String?])
        case failed(sqlState: String?, kind: PostgresError.Kind)
    }

    /// How long the calls of ``queued(on:_:readOnly:)`` may wait in line: the line is built one
    /// call at a time, and on a loaded machine (a CI run with other suites' work) a call's task
    /// can take seconds to start, which must not time out the calls already waiting.
    static let lineTimeout = Duration.seconds(120)

    /// Holds the pool's only connection, queues `calls` behind it one at a time (so the line's
    /// order is theirs), lets the connection go, and returns each call's outcome. The pool's
    /// `acquireTimeout` should be ``lineTimeout``.
    static func queued(
        on pool: PostgresPool, _ calls: [(tenant: TenantScope?, statements: [PostgresQuery])], readOnly: [Bool] = []
    ) async throws -> [Outcome] {
        let held = try await HeldConnection.hold(pool)
        var tasks: [Task<Outcome, Never>] = []
        for (index, call) in calls.enumerated() {
            tasks.append(
                Task {
                    do {
                        let results = try await pool.pipelineTransaction(
                            tenant: call.tenant, readOnly: readOnly.indices.contains(index) && readOnly[index], call.statements)
                        return .values(results.map { $0.values.first?.first ?? nil })
                    } catch let error as PostgresError {
                        return .failed(sqlState: error.sqlState, kind: error.kind)
                    } catch {
                        return .failed(sqlState: nil, kind: .connection)
                    }
                })
            for _ in 0..<12_000 where pool.usage.waiting <= index { try await Task.sleep(for: .milliseconds(5)) }
            #expect(pool.usage.waiting == index + 1)
        }
        try await held.release()
        var outcomes: [Outcome] = []
        for task in tasks { outcomes.append(await task.value) }
        return outcomes
    }

    /// Holds a woken connection before it takes calls from the line, while armed.
    final class ServingGate: Sendable {
        private let state = Mutex((armed: false, held: 0))
        private let gate = DispatchSemaphore(value: 0)

        /// Connections held so far.
        var held: Int { state.withLock { $0.held } }

        func arm() { state.withLock { $0.armed = true } }

        func pass() {
            let hold = state.withLock { state -> Bool in
                guard state.armed else { return false }
                state.held += 1
                return true
            }
            if hold { gate.wait() }
        }

        /// Disarms the gate and lets every held connection go.
        func open() {
            let held = state.withLock { state -> Int in
                state.armed = false
                return state.held
            }
            for _ in 0..<held { gate.signal() }
        }
    }

    /// A pool of two connections, both open and idle, whose woken connections `gate` holds from
    /// now on.
    static func gatedPool(_ gate: ServingGate) async throws -> PostgresPool {
        let pool = PostgresPool(
            configuration: try TestPostgres.makeDatabase().ownerPool(maximumConnections: 2).configuration,
            beforeServing: { gate.pass() })
        let held = try await HeldConnection.hold(pool)
        _ = try await pool.withConnection { try $0.query("SELECT 1") }
        try await held.release()
        #expect(pool.usage == .init(open: 2, idle: 2, waiting: 0))
        gate.arm()
        return pool
    }

    /// `count` tenant ids of their own.
    static func tenants(_ count: Int) -> [TenantScope] {
        (0..<count).map { _ in TenantScope(UUID().uuidString.lowercased()) }
    }

    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test("Calls arriving while a connection wakes join its round trip; the other idle connection sleeps on")
    func arrivalsJoinTheWakingConnection() async throws {
        let gate = ServingGate()
        let pool = try await Self.gatedPool(gate)
        defer { pool.close() }

        let before = pool.pipelinedCalls.load(ordering: .relaxed)
        let calls = (0..<10).map { index in
            Task { try await pool.pipelineTransaction(tenant: nil, ["SELECT \(index)::int + 1"]) }
        }
        try await Self.waitUntil { pool.usage.waiting == 10 && gate.held == 1 }
        // The first call woke one connection; the nine after it joined the line without waking
        // the other, which handing each call to an idle connection would have done.
        #expect(pool.usage == .init(open: 2, idle: 1, waiting: 10))
        #expect(gate.held == 1)
        gate.open()
        for (index, call) in calls.enumerated() {
            #expect(try await call.value.first?.values.first?.first == String(index + 1))
        }
        // One round trip for all ten (the first alone if its statement was new to the connection).
        #expect(pool.pipelinedCalls.load(ordering: .relaxed) - before >= 9)
        // The connection woken for nothing may still be on its way back to idle.
        try await Self.waitUntil { pool.usage == .init(open: 2, idle: 2, waiting: 0) }
        #expect(pool.usage == .init(open: 2, idle: 2, waiting: 0))
    }

    @Test("A call that cannot share a round trip wakes a connection of its own, even while another is waking")
    func otherCallsWakeTheirOwn() async throws {
        let gate = ServingGate()
        let pool = try await Self.gatedPool(gate)
        defer { pool.close() }

        let pipelined = Task { try await pool.pipelineTransaction(tenant: nil, ["SELECT 1"]) }
        try await Self.waitUntil { gate.held == 1 }
        let alone = Task { try await pool.withConnection { try $0.query("SELECT 2").first!.decode(Int.self, at: 0) } }
        try await Self.waitUntil { gate.held == 2 }
        #expect(gate.held == 2)
        #expect(pool.usage == .init(open: 2, idle: 0, waiting: 2))
        gate.open()
        #expect(try await pipelined.value.first?.values.first?.first == "1")
        #expect(try await alone.value == 2)
        // Either connection may have run both calls, the other finding the line empty only after.
        try await Self.waitUntil { pool.usage == .init(open: 2, idle: 2, waiting: 0) }
        #expect(pool.usage == .init(open: 2, idle: 2, waiting: 0))
    }

    @Test("Calls waiting in line go out together, and each commits or fails by itself for its own tenant")
    func eachItsOwnTransaction() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1, acquireTimeout: Self.lineTimeout)
        defer { pool.close() }
        try await pool.withConnection { try $0.execute(script: "CREATE TABLE p (n int PRIMARY KEY); INSERT INTO p VALUES (1)") }
        let tenants = Self.tenants(20)
        var calls: [(tenant: TenantScope?, statements: [PostgresQuery])] = []
        var expected: [Outcome] = []
        for index in 0..<20 {
            let n = 100 + index
            switch index % 5 {
            case 2:  // a unique violation after an insert: neither takes effect
                calls.append((tenants[index], ["INSERT INTO p VALUES (\(n))", "INSERT INTO p VALUES (\(1))"]))
                expected.append(.failed(sqlState: SQLState.uniqueViolation, kind: .server))
            case 4 where index == 9:  // a statement that cannot be prepared fails its call only
                calls.append((tenants[index], ["INSERT INTO p VALUES (\(n))", "SELEC 1"]))
                expected.append(.failed(sqlState: "42601", kind: .server))
            default:
                calls.append(
                    (
                        tenants[index],
                        [
                            "INSERT INTO p VALUES (\(n))", "SELECT current_setting('tandem.tenant_id')",
                            "SELECT count(*) FROM p WHERE n = \(n)",
                        ]
                    ))
                expected.append(.values([nil, tenants[index].tenantID, "1"]))
            }
        }
        let before = pool.pipelinedCalls.load(ordering: .relaxed)
        let outcomes = try await Self.queued(on: pool, calls)
        #expect(outcomes == expected)
        // 20 calls in line, 16 at most in one round trip; the first, and the one with a statement
        // that cannot be prepared, brought statements new to the connection and ran alone.
        #expect(pool.pipelinedCalls.load(ordering: .relaxed) - before == 18)

        let committed = try await pool.withConnection { connection in
            try connection.query("SELECT n FROM p ORDER BY n").rows.map { try $0.decode(Int.self, at: 0) }
        }
        let inserted = (0..<20).filter { $0 % 5 != 2 && $0 != 9 }.map { 100 + $0 }
        #expect(committed == [1] + inserted)
        // Each ran in a transaction of its own: no tenant setting outlived it on the session.
        let setting = try await pool.withConnection {
            try $0.query("SELECT current_setting('tandem.tenant_id', true)").first!.decode(String?.self, at: 0)
        }
        #expect(setting == nil || setting == "", "\(setting ?? "")")
    }

    @Test("A connection lost in the middle fails the calls it had not answered, keeps the answered ones, and is made again")
    func connectionLost() async throws {
        let pool = try TestPostgres.makeDatabase().appPool(maximumConnections: 1)
        defer { pool.close() }
        // Every statement prepared first, so that all four calls go out together.
        _ = try await pool.pipelineTransaction(tenant: nil, ["SELECT \(0)::int"])
        let pid = try await pool.withConnection { connection in
            _ = try connection.query("SELECT CASE WHEN \(false) THEN pg_terminate_backend(pg_backend_pid()) END")
            return try connection.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0)
        }
        let before = pool.pipelinedCalls.load(ordering: .relaxed)
        let outcomes = try await Self.queued(
            on: pool,
            [
                (nil, ["SELECT \(1)::int"]),
                (nil, ["SELECT \(2)::int"]),
                (nil, ["SELECT CASE WHEN \(true) THEN pg_terminate_backend(pg_backend_pid()) END"]),
                (nil, ["SELECT \(4)::int"]),
            ])
        #expect(pool.pipelinedCalls.load(ordering: .relaxed) - before == 4)
        #expect(outcomes[0] == .values(["1"]))
        #expect(outcomes[1] == .values(["2"]))
        for outcome in outcomes[2...] {
            guard case .failed(_, let kind) = outcome else {
                Issue.record("a call after the connection was lost answered \(outcome)")
                continue
            }
            #expect(kind == .connection)
        }
        let newPID = try await pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0) }
        #expect(newPID != pid)
        #expect(try await pool.pipelineTransaction(tenant: nil, ["SELECT \(5)::int"])[0].first?.decode(Int.self, at: 0) == 5)
    }

    @Test("A commit that fails at the sync point fails its call, alone or among others, and the next calls go on")
    func commitFailure() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1)
        defer { pool.close() }
        // A deferred unique constraint is checked only when the transaction commits.
        try await pool.withConnection {
            try $0.execute(script: "CREATE TABLE d (n int, CONSTRAINT d_n UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)")
        }
        let error = await #expect(throws: PostgresError.self) {
            _ = try await pool.pipelineTransaction(tenant: nil, ["INSERT INTO d VALUES (\(1))", "INSERT INTO d VALUES (\(1))"])
        }
        #expect(error?.sqlState == SQLState.uniqueViolation)
        let before = pool.pipelinedCalls.load(ordering: .relaxed)
        let outcomes = try await Self.queued(
            on: pool,
            [
                (nil, ["INSERT INTO d VALUES (\(2)) RETURNING n"]),
                (nil, ["INSERT INTO d VALUES (\(3))", "INSERT INTO d VALUES (\(3)) RETURNING n"]),
                (nil, ["INSERT INTO d VALUES (\(4)) RETURNING n"]),
            ])
        #expect(outcomes == [.values(["2"]), .failed(sqlState: SQLState.uniqueViolation, kind: .server), .values(["4"])])
        // The first brought a statement new to the connection and ran alone; the other two went
        // out together, so the failed commit was read among others.
        #expect(pool.pipelinedCalls.load(ordering: .relaxed) - before == 2)
        let rows = try await pool.withConnection { try $0.query("SELECT n FROM d ORDER BY n").rows.map { try $0.decode(Int.self, at: 0) } }
        #expect(rows == [2, 4])
    }

    @Test("A call that conflicts among others runs again alone, within the same number of attempts in all")
    func conflictsRetried() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1)
        defer { pool.close() }
        // flaky() fails with a serialization failure the first two times it runs, stuck() every
        // time; their sequences count the attempts, since a rollback does not take nextval back.
        try await pool.withConnection {
            try $0.execute(
                script: """
                    CREATE SEQUENCE flaky_runs; CREATE SEQUENCE stuck_runs;
                    CREATE FUNCTION flaky() RETURNS int LANGUAGE plpgsql AS $$
                    BEGIN
                        IF nextval('flaky_runs') <= 2 THEN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END IF;
                        RETURN 1;
                    END $$;
                    CREATE FUNCTION stuck() RETURNS int LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM nextval('stuck_runs');
                        RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure';
                    END $$;
                    """)
        }
        // Prepared before they wait, so that they go out together; then the counts start again.
        _ = try await pool.pipelineTransaction(tenant: nil, ["SELECT \(0)::int"])
        try await pool.withConnection { connection in
            _ = try? connection.query("SELECT flaky()")
            _ = try? connection.query("SELECT stuck()")
            try connection.execute(script: "ALTER SEQUENCE flaky_runs RESTART; ALTER SEQUENCE stuck_runs RESTART")
        }
        let before = pool.pipelinedCalls.load(ordering: .relaxed)
        let outcomes = try await Self.queued(
            on: pool,
            [
                (nil, ["SELECT flaky()"]), (nil, ["SELECT flaky()"]), (nil, ["SELECT \(7)::int"]),
                (nil, ["SELECT stuck()"]), (nil, ["SELECT flaky()"]),
            ])
        #expect(
            outcomes == [
                .values(["1"]), .values(["1"]), .values(["7"]),
                .failed(sqlState: SQLState.serializationFailure, kind: .server), .values(["1"]),
            ])
        #expect(pool.pipelinedCalls.load(ordering: .relaxed) - before == 5)
        let runs = try await pool.withConnection { connection in
            (
                try connection.query("SELECT last_value FROM flaky_runs").first!.decode(Int.self, at: 0),
                try connection.query("SELECT last_value FROM stuck_runs").first!.decode(Int.self, at: 0)
            )
        }
        // Three calls of flaky(): two conflicted once each and ran once more. stuck() ran
        // `transactionAttempts` times, the first of them among the others.
        #expect(runs.0 == 5)
        #expect(runs.1 == PostgresPool.transactionAttempts)
    }

    /// A read-only call's statements: its tenant, the start of its transaction, and `extra`.
    static func reader(_ tenant: TenantScope, _ extra: PostgresQuery = "SELECT 1") -> (TenantScope?, [PostgresQuery]) {
        (tenant, ["SELECT current_setting('tandem.tenant_id')", "SELECT now()::text", extra])
    }

    /// The values a `reader` call answered: its tenant setting and its transaction's start.
    static func readerValues(_ outcome: Outcome) -> (tenant: String?, started: String?)? {
        guard case .values(let values) = outcome, values.count == 3 else { return nil }
        return (values[0], values[1])
    }

    @Test("Read-only calls waiting one behind another share one sync point, each still for its own tenant")
    func readOnlyCallsShareASyncPoint() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1, acquireTimeout: Self.lineTimeout)
        defer { pool.close() }
        let tenants = Self.tenants(7)
        // Prepared first (read-only and writing), so that all seven go out together.
        _ = try await pool.pipelineTransaction(tenant: tenants[0], readOnly: true, Self.reader(tenants[0]).1)
        _ = try await pool.pipelineTransaction(tenant: tenants[0], Self.reader(tenants[0]).1)

        // Three readers, a call that may write, three readers.
        let readOnly = [true, true, true, false, true, true, true]
        let outcomes = try await Self.queued(on: pool, tenants.map { Self.reader($0) }, readOnly: readOnly)
        let values = outcomes.compactMap(Self.readerValues)
        try #require(values.count == 7, "\(outcomes)")
        #expect(values.map(\.tenant) == tenants.map(\.tenantID), "each call saw its own tenant")
        // One transaction (now() is its start) for each run of readers, one for the call between.
        let starts = values.map(\.started)
        #expect(Set(starts[0..<3]).count == 1 && Set(starts[4..<7]).count == 1, "\(starts)")
        #expect(Set([starts[0], starts[3], starts[4]]).count == 3, "\(starts)")
    }

    @Test("Read-only lists in a row that begin with the same local setting send it once, and each answers as alone")
    func localSettingSentOncePerRun() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1, acquireTimeout: Self.lineTimeout)
        defer { pool.close() }
        // Marked as a local setting, though its answer is the time it ran: so the answers show
        // which lists sent it and which reused another's.
        let setting: PostgresQuery = "SELECT set_config('tandem.tenant_id', \(""), true), clock_timestamp()::text"
        let current: PostgresQuery = "SELECT current_setting('tandem.tenant_id')"
        func list(_ tenant: String, _ then: PostgresQuery = "SELECT current_setting('tandem.tenant_id')") -> [PostgresQuery] {
            [setting.binding(tenant).asLocalSetting(), then]
        }
        let divide: PostgresQuery = "SELECT 1 / \(0)"
        // Each list's answers: when its setting ran and the tenant it saw, or the error's SQLSTATE.
        func answers(_ lists: [[PostgresQuery]]) async throws -> [(ran: String?, saw: String?)] {
            try await pool.withConnection { connection in
                connection.pipelineEach(lists, readsOnly: Array(repeating: true, count: lists.count)).outcomes.map { outcome in
                    switch outcome {
                    case .success(let results): (results.first?.values.first?.last ?? nil, results.dropFirst().first?.values.first?.first ?? nil)
                    case .failure(let error): (nil, error.sqlState)
                    }
                }
            }
        }
        /// Which answers' settings ran at the same time: the lists that shared one run of it.
        func runs(_ answers: [(ran: String?, saw: String?)]) -> [Int] {
            var first: [String: Int] = [:]
            return answers.indices.map { index in
                guard let ran = answers[index].ran else { return -1 }
                if let earlier = first[ran] { return earlier }
                first[ran] = index
                return index
            }
        }
        // Alone, each statement is prepared.
        _ = try await answers([list("a")])
        _ = try await answers([list("a", divide)])
        _ = try await answers([[setting.binding("a").asLocalSetting()]])

        // Together: the setting runs once for each run of lists with the same tenant.
        let together = try await answers([list("a"), list("a"), list("b"), list("b"), list("b"), list("a")])
        #expect(together.map(\.saw) == ["a", "a", "b", "b", "b", "a"])
        #expect(runs(together) == [0, 0, 2, 2, 2, 5], "\(together)")
        // A failing list: the lists after it run again alone, each sending its setting, even one
        // that is nothing but the setting.
        let failing = try await answers([list("c"), list("c", divide), list("c"), [setting.binding("c").asLocalSetting()]])
        #expect(failing.map(\.saw) == ["c", "22012", "c", nil])
        #expect(runs(failing) == [0, -1, 2, 3], "\(failing)")
        // Unmarked, the same statement runs in every list.
        let unmarked = try await answers([[setting.binding("d"), current], [setting.binding("d"), current]])
        #expect(unmarked.map(\.saw) == ["d", "d"])
        #expect(runs(unmarked) == [0, 1], "\(unmarked)")
    }

    @Test("A pool's sweeper thread starts when a call first waits, and ends when the pool closes or is let go")
    func sweeperThreadEndsWithThePool() async throws {
        let database = try TestPostgres.makeDatabase()
        for (name, closes) in [("sweep-sweepclose", true), ("sweep-sweepdrop", false)] {
            let cluster = String(name.dropFirst("sweep-".count))
            let threadName = PoolThread.name(name)
            var pool: PostgresPool? = PostgresPool(
                configuration: PostgresPool.Configuration(
                    options: database.ownerPool(maximumConnections: 1).configuration.options, maximumConnections: 1,
                    acquireTimeout: Self.lineTimeout, name: cluster))
            _ = try await pool!.pipelineTransaction(tenant: nil, ["SELECT 1"])
            #expect(SweeperThreadTests.threads(named: threadName) == 0, "no thread while no call waited")
            // A call waits in line behind the held connection: the sweeper starts.
            let outcomes = try await Self.queued(on: pool!, [(nil, ["SELECT 2"])])
            #expect(outcomes == [.values(["2"])])
            #expect(SweeperThreadTests.threads(named: threadName) == 1)
            if closes {
                pool!.close()
            } else {
                pool = nil
            }
            try await Self.waitUntil { SweeperThreadTests.threads(named: threadName) == 0 }
            #expect(SweeperThreadTests.threads(named: threadName) == 0, "\(closes ? "closed" : "let go"): the thread ended")
            pool?.close()
        }
    }

    @Test("Results of calls sent together name their own columns, round after round")
    func resultsNameTheirColumns() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1, acquireTimeout: Self.lineTimeout)
        defer { pool.close() }
        // As many columns each, so that only their names tell them apart.
        let one: PostgresQuery = "SELECT 1 AS alpha, 4 AS delta"
        let two: PostgresQuery = "SELECT 2 AS beta, 3 AS gamma"
        // Prepared first (read-only and writing), so that the calls below go out together.
        _ = try await pool.pipelineTransaction(tenant: nil, [one, two])
        _ = try await pool.pipelineTransaction(tenant: nil, readOnly: true, [one])
        let before = pool.pipelinedCalls.load(ordering: .relaxed)
        // The first round of each kind copies the names from libpq, the second reuses them.
        for readOnly in [false, false, true, true] {
            let held = try await HeldConnection.hold(pool)
            let calls = [[one, two], [two], [one]].map { statements in
                Task { try await pool.pipelineTransaction(tenant: nil, readOnly: readOnly, statements) }
            }
            try await Self.waitUntil { pool.usage.waiting == calls.count }
            try await held.release()
            var columns: [[[String]]] = []
            for call in calls { columns.append(try await call.value.map(\.columns)) }
            #expect(columns == [[["alpha", "delta"], ["beta", "gamma"]], [["beta", "gamma"]], [["alpha", "delta"]]])
        }
        #expect(pool.pipelinedCalls.load(ordering: .relaxed) - before == 12, "every call went out with others")
    }

    @Test("Among read-only calls sharing a sync point, one that fails or writes fails alone; those after it run again")
    func readOnlyFailuresStayTheirOwn() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1, acquireTimeout: Self.lineTimeout)
        defer { pool.close() }
        try await pool.withConnection { try $0.execute(script: "CREATE TABLE p (n int PRIMARY KEY)") }
        let tenants = Self.tenants(6)
        let write: PostgresQuery = "INSERT INTO p VALUES (\(7))"
        let divide: PostgresQuery = "SELECT 1 / \(0)"
        // Alone, a read-only call that writes fails and takes no effect.
        let alone = await #expect(throws: PostgresError.self) {
            _ = try await pool.pipelineTransaction(tenant: nil, readOnly: true, [write])
        }
        #expect(alone?.sqlState == "25006")
        _ = try await pool.pipelineTransaction(tenant: tenants[0], readOnly: true, Self.reader(tenants[0]).1)
        _ = try? await pool.pipelineTransaction(tenant: tenants[0], readOnly: true, Self.reader(tenants[0], divide).1)

        let calls = [
            Self.reader(tenants[0]), Self.reader(tenants[1]), Self.reader(tenants[2], divide), Self.reader(tenants[3]),
            (tenants[4], [write]), Self.reader(tenants[5]),
        ]
        let outcomes = try await Self.queued(on: pool, calls, readOnly: Array(repeating: true, count: 6))
        #expect(outcomes[2] == .failed(sqlState: "22012", kind: .server))
        #expect(outcomes[4] == .failed(sqlState: "25006", kind: .server))
        let values = [0, 1, 3, 5].map { Self.readerValues(outcomes[$0]) }
        #expect(values.map { $0?.tenant } == [0, 1, 3, 5].map { tenants[$0].tenantID }, "\(outcomes)")
        // The first two shared the failed transaction; the fourth ran again in one of its own.
        #expect(values[0]?.started == values[1]?.started && values[0]?.started != values[2]?.started)

        // Nothing was written, and the session writes again: read-only ended with its transaction.
        let written = try await pool.pipelineTransaction(tenant: nil, ["SELECT count(*) FROM p", "INSERT INTO p VALUES (\(8)) RETURNING n"])
        #expect(try written[0].first?.decode(Int.self, at: 0) == 0)
        #expect(try written[1].first?.decode(Int.self, at: 0) == 8)
    }

    /// A pool of two connections, both open and idle, with `configure` applied, and one
    /// `pipelineTransaction` running `pg_sleep(seconds)` on one of them.
    static func poolSendingSlowly(
        seconds: Double, _ configure: (inout PostgresPool.Configuration) -> Void
    ) async throws -> (PostgresPool, Task<[PostgresResult], any Error>) {
        var configuration = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 2).configuration
        configure(&configuration)
        let pool = PostgresPool(configuration: configuration)
        let held = try await HeldConnection.hold(pool)
        _ = try await pool.withConnection { try $0.query("SELECT 1") }
        try await held.release()
        let slow = Task { try await pool.pipelineTransaction(tenant: nil, ["SELECT pg_sleep(\(seconds))::text"]) }
        try await Self.waitUntil { pool.usage == .init(open: 2, idle: 1, waiting: 0) }
        #expect(pool.usage == .init(open: 2, idle: 1, waiting: 0), "the slow call is running")
        return (pool, slow)
    }

    @Test("Pipelined calls wait for the connection already sending such calls, until they fill its next round trip")
    func callsWaitForTheSendingConnection() async throws {
        // The slow call outlasts the test's steps by far: a test process held up for a few seconds
        // (as in a CI run on the shared cores, where queueing the four calls took over 2 s) must
        // not see it end before the line is checked.
        let (pool, slow) = try await Self.poolSendingSlowly(seconds: 10) {
            $0.maximumPipelinedCalls = 4
            $0.pipelineWakeDelay = .seconds(60)
        }
        defer { pool.close() }
        let slowStarted = ContinuousClock.now
        var calls: [Task<[PostgresResult], any Error>] = []
        for index in 0..<4 {
            calls.append(Task { try await pool.pipelineTransaction(tenant: nil, ["SELECT \(index)::int"]) })
            try await Self.waitUntil { pool.usage.waiting == index + 1 }
        }
        // The idle connection sleeps on: the sending one takes these in its next round trip.
        try await Task.sleep(for: .milliseconds(200))
        #expect(pool.usage == .init(open: 2, idle: 1, waiting: 4))
        // A fifth would not fit in that round trip: the idle connection takes the line, and all
        // five are answered while the slow call still runs.
        calls.append(Task { try await pool.pipelineTransaction(tenant: nil, ["SELECT \(4)::int"]) })
        for (index, call) in calls.enumerated() {
            #expect(try await call.value.first?.values.first?.first == String(index))
        }
        #expect(ContinuousClock.now - slowStarted < .seconds(9), "answered while the slow call still runs")
        _ = try await slow.value
    }

    @Test("After a time with every connection busy, a pipelined call behind a slow round trip still gets the idle one")
    func idleConnectionAfterABusyTime() async throws {
        let (pool, slow) = try await Self.poolSendingSlowly(seconds: 3) {
            $0.pipelineWakeDelay = .milliseconds(50)
            $0.acquireTimeout = .seconds(30)
        }
        defer { pool.close() }
        // The other connection is busy too, with a call that cannot share a round trip, and one
        // more waits: the sweeper starts with no connection to wake, and sleeps until that call's
        // acquireTimeout.
        let busy = Task { try await pool.withConnection { try $0.query("SELECT pg_sleep(0.5)::text") } }
        try await Self.waitUntil { pool.usage == .init(open: 2, idle: 0, waiting: 0) }
        let behind = Task { try await pool.withConnection { try $0.query("SELECT 1") } }
        try await Self.waitUntil { pool.usage.waiting == 1 }
        _ = try await busy.value
        _ = try await behind.value
        try await Self.waitUntil { pool.usage == .init(open: 2, idle: 1, waiting: 0) }
        // A pipelined call now waits behind the slow round trip; a sweeper of its own wakes the
        // idle connection for it within pipelineWakeDelay.
        let started = ContinuousClock.now
        let value = try await pool.pipelineTransaction(tenant: nil, ["SELECT \(1)::int"]).first?.values.first?.first
        #expect(value == "1")
        #expect(ContinuousClock.now - started < .seconds(1), "it waited for the slow round trip")
        _ = try await slow.value
    }

    @Test("A pipelined call waiting behind a connection that finishes no round trip gets another after pipelineWakeDelay")
    func stalledConnectionWakesAnother() async throws {
        let (pool, slow) = try await Self.poolSendingSlowly(seconds: 3) { $0.pipelineWakeDelay = .milliseconds(50) }
        defer { pool.close() }
        let started = ContinuousClock.now
        let value = try await pool.pipelineTransaction(tenant: nil, ["SELECT \(1)::int"]).first?.values.first?.first
        #expect(value == "1")
        // Answered by the other connection long before the slow call's round trip ends.
        #expect(ContinuousClock.now - started < .seconds(2))
        _ = try await slow.value
    }
}
