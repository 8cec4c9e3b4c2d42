/// One versioned SQL file of a service: `services/<name>/migrations/0001_create_tenants.sql` is
/// version 1, named `create_tenants`.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// A service's migrations, in version order.
public struct MigrationSet: Sendable, Hashable {
    /// The service the migrations belong to (`tasks`, `projects`, `notify`).
    public var service: String
    public var migrations: [Migration]

    public init(service: String, migrations: [Migration]) {
        precondition(
            zip(migrations, migrations.dropFirst()).allSatisfy { $0.version < $1.version },
            "migrations must be in increasing version order")
        self.service = service
        self.migrations = migrations
    }
}

/// What applying a migration set did.
public struct MigrationReport: Sendable, Hashable {
    /// Versions applied by this run.
    public var applied: [Int]
    /// Versions that were already recorded.
    public var alreadyApplied: [Int]
}

/// Applies migrations forward only, each file in its own transaction, and records them in
/// `tandem_schema_migrations`.
///
/// A session advisory lock serialises replicas that start together: the first applies, the
/// others wait and then find nothing to do. A recorded migration whose file has changed since it
/// was applied stops the run: history is never rewritten.
public enum Migrator {
    /// The advisory lock key: `hashtext('tandem.migrations')` is stable across servers.
    static let lockSQL: PostgresQuery = "SELECT pg_advisory_lock(hashtext('tandem.migrations'))"
    static let unlockSQL: PostgresQuery = "SELECT pg_advisory_unlock(hashtext('tandem.migrations'))"

    public static func apply(_ set: MigrationSet, on connection: PostgresConnection) throws(PostgresError) -> MigrationReport {
        try connection.query(lockSQL)
        do {
            let report = try applyLocked(set, on: connection)
            _ = try? connection.query(unlockSQL)
            return report
        } catch {
            if connection.isHealthy { _ = try? connection.query("ROLLBACK") }
            _ = try? connection.query(unlockSQL)
            throw error
        }
    }

    /// Applies `set` through a pooled connection (it must connect as the schema owner).
    public static func apply(_ set: MigrationSet, on pool: PostgresPool) async throws -> MigrationReport {
        try await pool.withConnection { connection in try apply(set, on: connection) }
    }

    private static func applyLocked(_ set: MigrationSet, on connection: PostgresConnection) throws(PostgresError)
        -> MigrationReport
    {
        try connection.execute(
            script: """
                SET client_min_messages = warning;
                CREATE TABLE IF NOT EXISTS tandem_schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                COMMENT ON TABLE tandem_schema_migrations IS 'tandem:global the migrations applied to this database';
                RESET client_min_messages;
                """)
        var recorded: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM tandem_schema_migrations").rows {
            recorded[try row.decode(Int.self, at: 0)] = try row.decode(String.self, at: 1)
        }
        if let unknown = recorded.keys.filter({ version in !set.migrations.contains { $0.version == version } }).min() {
            throw PostgresError(
                kind: .misuse,
                message: "the database has migration \(unknown) of \(set.service), which this build does not know: it is older than the schema")
        }
        var report = MigrationReport(applied: [], alreadyApplied: [])
        for migration in set.migrations {
            let checksum = try connection.query("SELECT md5(\(migration.sql))").first!.decode(String.self, at: 0)
            if let existing = recorded[migration.version] {
                guard existing == checksum else {
                    throw PostgresError(
                        kind: .misuse,
                        message:
                            "migration \(set.service) \(migration.version) (\(migration.name)) changed after it was applied; add a new migration instead"
                    )
                }
                report.alreadyApplied.append(migration.version)
                continue
            }
            try connection.query("BEGIN")
            try connection.execute(script: migration.sql)
            try connection.query(
                """
                INSERT INTO tandem_schema_migrations (version, name, checksum)
                VALUES (\(migration.version), \(migration.name), \(checksum))
                """)
            try connection.query("COMMIT")
            report.applied.append(migration.version)
        }
        return report
    }
}
