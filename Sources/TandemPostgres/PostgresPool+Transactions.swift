import Foundation

/// The tenant a transaction runs for: every statement in it sees that tenant's rows only, through
/// the row-level security policies on `current_setting('tandem.tenant_id')`.
public struct TenantScope: Sendable, Hashable {
    /// The tenant's id (a UUID in text form).
    public let tenantID: String
    public init(_ tenantID: String) { self.tenantID = tenantID }
}

public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresPool {
    /// How many times a transaction runs when it keeps hitting serialization failures or deadlocks.
    public static let transactionAttempts = 5

    /// Runs `body` in a transaction for `tenant` on one pooled connection, and commits.
    ///
    /// `BEGIN` and the tenant setting go out with the body's first statement, in its round trip,
    /// and statements given to `sendWithCommit` with the `COMMIT`; a body that sends nothing
    /// costs no round trip at all. A serialization failure or deadlock runs the whole body again
    /// (up to `transactionAttempts` times), so `body` must have no effects outside the database.
    /// Any other error rolls back and is thrown.
    public func transaction<T: Sendable>(
        tenant: TenantScope?, isolation: IsolationLevel = .readCommitted, readOnly: Bool = false,
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            let begin = PostgresQuery(
                unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")")
            var attempt = 1
            while true {
                do {
                    connection.sendWithNext([begin] + Self.tenantStatements(tenant))
                    connection.inTransactionBody = true
                    let value: T
                    do {
                        defer { connection.inTransactionBody = false }
                        value = try body(connection)
                    }
                    let trailing = connection.takeTrailing()
                    if trailing.isEmpty, connection.dropHeldBack() {
                        return value  // nothing was sent, so no transaction was begun
                    }
                    _ = try connection.pipeline(trailing + ["COMMIT"])
                    return value
                } catch let error as PostgresError {
                    // Nothing sent yet (the BEGIN still held): nothing to roll back.
                    if !connection.dropHeldBack(), connection.isHealthy { _ = try? connection.query("ROLLBACK") }
                    guard error.isTransactionConflict, attempt < Self.transactionAttempts else { throw error }
                    attempt += 1
                    Self.backOff(before: attempt)
                } catch {
                    if !connection.dropHeldBack(), connection.isHealthy { _ = try? connection.query("ROLLBACK") }
                    throw error
                }
            }
        }
    }

    /// Sends the tenant setting and `queries` in one round trip as one transaction (pipeline mode,
    /// committed at the sync point), and returns each query's result. If any statement fails, none
    /// takes effect. Retried like `transaction` on conflicts.
    ///
    /// Calls waiting in line for a connection go out together, each its own transaction (see
    /// `PostgresPool`). With `readOnly`, the transaction can write nothing (SQLSTATE 25006), and
    /// such calls waiting one behind another also share one sync point: the server commits and
    /// answers once for all of them (see `PostgresConnection.pipelineEach`).
    public func pipelineTransaction(
        tenant: TenantScope?, readOnly: Bool = false, _ queries: [PostgresQuery]
    ) async throws -> [PostgresResult] {
        let prefix = Self.tenantStatements(tenant)
        return Array(try await withPipelinedConnection(prefix + queries, readOnly: readOnly).dropFirst(prefix.count))
    }

    /// `statements` in one round trip as one transaction (that can write nothing when
    /// `readOnly`), run again on conflicts; after
    /// `afterConflicts` attempts that already conflicted, it backs off first.
    static func runRetrying(
        _ statements: [PostgresQuery], readOnly: Bool = false, on connection: PostgresConnection, afterConflicts: Int = 0
    ) throws(PostgresError) -> [PostgresResult] {
        var attempt = 1 + afterConflicts
        while true {
            if attempt > 1 { backOff(before: attempt) }
            do {
                return try connection.pipeline(statements, readOnly: readOnly)
            } catch {
                guard error.isTransactionConflict, attempt < transactionAttempts else { throw error }
                attempt += 1
            }
        }
    }

    /// Waits a little before attempt number `attempt` after a conflict, with jitter, so that the
    /// conflicting transactions part.
    static func backOff(before attempt: Int) {
        usleep(UInt32.random(in: 1_000...(5_000 * UInt32(attempt))))
    }

    /// The statement that binds the transaction to a tenant; without a tenant, the setting is
    /// cleared so that a tenant table answers with an error, never with everyone's rows.
    static func tenantStatements(_ tenant: TenantScope?) -> [PostgresQuery] {
        guard let tenant else { return [noTenant] }
        return [setTenant.binding(tenant.tenantID)]
    }

    private static let noTenant = ("SELECT set_config('tandem.tenant_id', '', true)" as PostgresQuery).asLocalSetting()
    private static let setTenant = ("SELECT set_config('tandem.tenant_id', \(""), true)" as PostgresQuery).asLocalSetting()
}
