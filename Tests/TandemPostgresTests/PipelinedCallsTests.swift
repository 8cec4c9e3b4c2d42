import Foundation
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

    /// Holds the pool's only connection, queues `calls` behind it one at a time (so the line's
    /// order is theirs), lets the connection go, and returns each call's outcome.
    static func queued(
        on pool: PostgresPool, _ calls: [(tenant: TenantScope?, statements: [PostgresQuery])]
    ) async throws -> [Outcome] {
        let release = DispatchSemaphore(value: 0)
        let holding = Attempts()
        let busy = Task { try await pool.withConnection { _ in holding.increment(); release.wait() } }
        for _ in 0..<1000 where holding.value == 0 { try await Task.sleep(for: .milliseconds(5)) }
        var tasks: [Task<Outcome, Never>] = []
        for (index, call) in calls.enumerated() {
            tasks.append(
                Task {
                    do {
                        let results = try await pool.pipelineTransaction(tenant: call.tenant, call.statements)
                        return .values(results.map { $0.values.first?.first ?? nil })
                    } catch let error as PostgresError {
                        return .failed(sqlState: error.sqlState, kind: error.kind)
                    } catch {
                        return .failed(sqlState: nil, kind: .connection)
                    }
                })
            for _ in 0..<1000 where pool.usage.waiting <= index { try await Task.sleep(for: .milliseconds(5)) }
            #expect(pool.usage.waiting == index + 1)
        }
        release.signal()
        try await busy.value
        var outcomes: [Outcome] = []
        for task in tasks { outcomes.append(await task.value) }
        return outcomes
    }

    @Test("Calls waiting in line go out together, and each commits or fails by itself for its own tenant")
    func eachItsOwnTransaction() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool(maximumConnections: 1)
        defer { pool.close() }
        try await pool.withConnection { try $0.execute(script: "CREATE TABLE p (n int PRIMARY KEY); INSERT INTO p VALUES (1)") }
        let tenants = (0..<20).map { _ in TenantScope(UUID().uuidString.lowercased()) }
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
        // 20 calls in line, 16 at most in one round trip: at least two round trips held several.
        #expect(pool.pipelinedCalls.load(ordering: .relaxed) - before >= 19)

        let committed = try await pool.withConnection { connection in
            try connection.query("SELECT n FROM p ORDER BY n").rows.map { try $0.decode(Int.self, at: 0) }
        }
        let inserted = (0..<20).filter { $0 % 5 != 2 && $0 != 9 }.map { 100 + $0 }
        #expect(committed == [1] + inserted)
        // Each ran in a transaction of its own: the tenant setting did not outlive it.
        let setting = try await pool.pipelineTransaction(tenant: nil, ["SELECT current_setting('tandem.tenant_id', true)"])
        #expect(try setting[0].first?.decode(String?.self, at: 0) ?? "" == "")
    }

    @Test("A connection lost in the middle fails the calls it had not answered, keeps the answered ones, and is made again")
    func connectionLost() async throws {
        let pool = try TestPostgres.makeDatabase().appPool(maximumConnections: 1)
        defer { pool.close() }
        let pid = try await pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0) }
        let outcomes = try await Self.queued(
            on: pool,
            [
                (nil, ["SELECT \(1)::int"]),
                (nil, ["SELECT \(2)::int"]),
                (nil, ["SELECT pg_terminate_backend(pg_backend_pid())"]),
                (nil, ["SELECT \(4)::int"]),
            ])
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
}
