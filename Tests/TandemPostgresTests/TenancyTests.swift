import Foundation
import Testing
import TandemMigrations
import TandemPostgres
import TandemTestSupport

@Suite("Migrations", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct MigrationTests {
    @Test("Applied once, recorded, and a second run finds nothing to do")
    func appliesOnce() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool()
        defer { pool.close() }
        let versions = MigrationSet.projects.migrations.map(\.version)
        #expect(versions == Array(1...versions.count), "numbered from 1 without gaps")
        let first = try await Migrator.apply(.projects, on: pool)
        #expect(first.applied == versions && first.alreadyApplied.isEmpty)
        let second = try await Migrator.apply(.projects, on: pool)
        #expect(second.applied.isEmpty && second.alreadyApplied == versions)
        let recorded = try await pool.withConnection {
            try $0.query("SELECT version, name FROM tandem_schema_migrations ORDER BY version").rows.map {
                "\(try $0.decode(Int.self, at: 0)) \(try $0.decode(String.self, at: 1))"
            }
        }
        #expect(recorded == MigrationSet.projects.migrations.map { "\($0.version) \($0.name)" })
        #expect(recorded.prefix(2) == ["1 tenants", "2 tenant_directory"])
    }

    @Test("Replicas starting together apply each file exactly once")
    func concurrentReplicas() async throws {
        let database = try TestPostgres.makeDatabase()
        let pools = (0..<4).map { _ in database.ownerPool(maximumConnections: 1) }
        defer { pools.forEach { $0.close() } }
        let reports = try await withThrowingTaskGroup(of: MigrationReport.self) { group in
            for pool in pools { group.addTask { try await Migrator.apply(.projects, on: pool) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.flatMap(\.applied).sorted() == MigrationSet.projects.migrations.map(\.version), "\(reports)")
    }

    @Test("A migration edited after it was applied stops the run; so does an unknown newer one")
    func refusesRewrittenHistory() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool()
        defer { pool.close() }
        _ = try await Migrator.apply(.tasks, on: pool)
        var edited = MigrationSet.tasks
        edited.migrations[0].sql += "\n-- edited"
        let error = await #expect(throws: PostgresError.self) { _ = try await Migrator.apply(edited, on: pool) }
        #expect(error?.message.contains("changed after it was applied") == true)

        let newer = MigrationSet(service: "tasks", migrations: MigrationSet.tasks.migrations + [
            Migration(version: 99, name: "later", sql: "CREATE TABLE later_marker (x int)")
        ])
        _ = try await Migrator.apply(newer, on: pool)
        let older = await #expect(throws: PostgresError.self) { _ = try await Migrator.apply(.tasks, on: pool) }
        #expect(older?.message.contains("does not know") == true)
    }

    @Test("A failing migration leaves nothing of itself behind and is not recorded")
    func failingMigration() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool()
        defer { pool.close() }
        let broken = MigrationSet(service: "tasks", migrations: [
            Migration(version: 1, name: "half", sql: "CREATE TABLE half (x int); SELECT 1/0;")
        ])
        await #expect(throws: PostgresError.self) { _ = try await Migrator.apply(broken, on: pool) }
        let state = try await pool.withConnection { connection in
            (
                try connection.query("SELECT to_regclass('half') IS NULL").first!.decode(Bool.self, at: 0),
                try connection.query("SELECT count(*) FROM tandem_schema_migrations").first!.decode(Int.self, at: 0)
            )
        }
        #expect(state.0 && state.1 == 0)
    }
}

@Suite("Row-level isolation", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct IsolationTests {
    static let tenantA = "0190a000-0000-7000-8000-00000000000a"
    static let tenantB = "0190b000-0000-7000-8000-00000000000b"

    /// A migrated database with one row for each of tenants A and B, and an app pool.
    static func seeded(connections: Int = 4) async throws -> (TestPostgres.Database, PostgresPool) {
        let database = try TestPostgres.makeDatabase()
        let owner = database.ownerPool()
        defer { owner.close() }
        _ = try await Migrator.apply(.tasks, on: owner)
        let app = database.appPool(maximumConnections: connections)
        for (tenant, slug) in [(tenantA, "alpha"), (tenantB, "bravo")] {
            _ = try await app.pipelineTransaction(
                tenant: TenantScope(tenant), ["INSERT INTO tenants (tenant_id, slug) VALUES (\(tenant), \(slug))"])
        }
        return (database, app)
    }

    @Test("A tenant transaction sees its own rows only")
    func seesOwnRows() async throws {
        let (_, app) = try await Self.seeded()
        defer { app.close() }
        let slugs = try await app.transaction(tenant: TenantScope(Self.tenantA)) { connection in
            try connection.query("SELECT slug FROM tenants").rows.map { try $0.decode(String.self, at: 0) }
        }
        #expect(slugs == ["alpha"])
    }

    @Test("A query outside a tenant transaction fails instead of seeing everything")
    func noTenantFails() async throws {
        let (_, app) = try await Self.seeded()
        defer { app.close() }
        await #expect(throws: PostgresError.self) {
            try await app.withConnection { try $0.query("SELECT count(*) FROM tenants") }
        }
        await #expect(throws: PostgresError.self) {
            try await app.transaction(tenant: nil) { try $0.query("SELECT count(*) FROM tenants") }
        }
    }

    @Test("Writing a row for another tenant is refused by the policy")
    func writeOtherTenant() async throws {
        let (_, app) = try await Self.seeded()
        defer { app.close() }
        let error = await #expect(throws: PostgresError.self) {
            _ = try await app.pipelineTransaction(
                tenant: TenantScope(Self.tenantA),
                ["INSERT INTO tenants (tenant_id, slug) VALUES (\("0190c000-0000-7000-8000-00000000000c"), \("charlie"))"])
        }
        #expect(error?.sqlState == SQLState.insufficientPrivilege)
        let updated = try await app.transaction(tenant: TenantScope(Self.tenantA)) { connection in
            try connection.query("UPDATE tenants SET slug = 'stolen' WHERE tenant_id = \(Self.tenantB)").affectedRows
        }
        #expect(updated == 0)
    }

    @Test("The app role owns nothing and cannot turn row security off")
    func appRoleIsPowerless() async throws {
        let (_, app) = try await Self.seeded()
        defer { app.close() }
        let flags = try await app.withConnection { connection in
            try connection.query(
                """
                SELECT rolbypassrls, rolsuper,
                       (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p'))
                FROM pg_roles r WHERE rolname = current_user
                """
            ).first.map { (try $0.decode(Bool.self, at: 0), try $0.decode(Bool.self, at: 1), try $0.decode(Int.self, at: 2)) }
        }
        #expect(flags?.0 == false && flags?.1 == false && flags?.2 == 0)
        await #expect(throws: PostgresError.self) {
            try await app.withConnection { try $0.execute(script: "ALTER TABLE tenants DISABLE ROW LEVEL SECURITY") }
        }
        await #expect(throws: PostgresError.self) {
            try await app.withConnection { try $0.execute(script: "SET row_security = off; SELECT * FROM tenants") }
        }
    }

    @Test("One pooled connection alternating tenants, failures included, never answers with the other's rows")
    func alternatingTenants() async throws {
        let (_, app) = try await Self.seeded(connections: 1)
        defer { app.close() }
        for round in 0..<60 {
            let (tenant, expected) = round % 2 == 0 ? (Self.tenantA, "alpha") : (Self.tenantB, "bravo")
            switch round % 3 {
            case 0:
                // A transaction that fails after reading.
                await #expect(throws: PostgresError.self) {
                    try await app.transaction(tenant: TenantScope(tenant)) { connection in
                        _ = try connection.query("SELECT slug FROM tenants")
                        try connection.query("SELECT 1/0")
                    }
                }
            case 1:
                // A pipeline that fails part-way.
                await #expect(throws: PostgresError.self) {
                    _ = try await app.pipelineTransaction(tenant: TenantScope(tenant), ["SELECT slug FROM tenants", "SELECT 1/0"])
                }
            default:
                break
            }
            let seen = try await app.transaction(tenant: TenantScope(tenant)) { connection in
                try connection.query("SELECT slug FROM tenants").rows.map { try $0.decode(String.self, at: 0) }
            }
            #expect(seen == [expected], "round \(round)")
            let piped = try await app.pipelineTransaction(tenant: TenantScope(tenant), ["SELECT slug FROM tenants"])
            #expect(try piped[0].rows.map { try $0.decode(String.self, at: 0) } == [expected], "round \(round)")
            // Between tenant transactions the session holds no tenant.
            await #expect(throws: PostgresError.self) {
                try await app.withConnection { try $0.query("SELECT slug FROM tenants") }
            }
        }
    }

    @Test("Read-only calls of two tenants sharing one sync point, failures among them, each see only their own rows")
    func readOnlyCallsSharingASyncPoint() async throws {
        let (_, app) = try await Self.seeded(connections: 1)
        defer { app.close() }
        let read: [PostgresQuery] = ["SELECT slug FROM tenants"]
        let failing = read + ["SELECT 1/0"]
        // Prepared first, so that the calls below go out together.
        _ = try await app.pipelineTransaction(tenant: TenantScope(Self.tenantA), readOnly: true, read)
        _ = try? await app.pipelineTransaction(tenant: TenantScope(Self.tenantA), readOnly: true, failing)

        let held = try await HeldConnection.hold(app)
        var calls: [Task<[String]?, Never>] = []
        for index in 0..<16 {
            let tenant = TenantScope(index % 2 == 0 ? Self.tenantA : Self.tenantB)
            let statements = index % 5 == 3 ? failing : read
            calls.append(
                Task {
                    guard let results = try? await app.pipelineTransaction(tenant: tenant, readOnly: true, statements) else {
                        return nil
                    }
                    return try? results[0].rows.map { try $0.decode(String.self, at: 0) }
                })
            for _ in 0..<1000 where app.usage.waiting <= index { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(app.usage.waiting == 16)
        try await held.release()
        for (index, call) in calls.enumerated() {
            let expected = index % 5 == 3 ? nil : [index % 2 == 0 ? "alpha" : "bravo"]
            #expect(await call.value == expected, "call \(index)")
        }
        await #expect(throws: PostgresError.self) {
            try await app.withConnection { try $0.query("SELECT slug FROM tenants") }
        }
    }
}

@Suite("Catalog lint", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct SchemaLintTests {
    @Test("Every service's migrated schema keeps the tenancy rules", arguments: ["tasks", "projects", "notify"])
    func servicesAreClean(service: String) async throws {
        let set = try #require([MigrationSet.tasks, .projects, .notify].first { $0.service == service })
        let pool = try TestPostgres.makeDatabase().ownerPool()
        defer { pool.close() }
        _ = try await Migrator.apply(set, on: pool)
        let problems = try await pool.withConnection { try SchemaLint.problems(on: $0) }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("Dropping a policy, unforcing row security or a key without tenant_id turns it red")
    func detectsBreaches() async throws {
        let pool = try TestPostgres.makeDatabase().ownerPool()
        defer { pool.close() }
        _ = try await Migrator.apply(.tasks, on: pool)
        let lint = { try await pool.withConnection { try SchemaLint.problems(on: $0).map(\.description) } }
        #expect(try await lint().isEmpty)

        try await pool.withConnection { try $0.execute(script: "DROP POLICY tenant_isolation ON tenants") }
        #expect(try await lint() == ["tenants: has no row level security policy"])

        try await pool.withConnection {
            try $0.execute(script: """
                CREATE POLICY tenant_isolation ON tenants USING (tenant_id = current_setting('tandem.tenant_id')::uuid);
                ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY;
                """)
        }
        #expect(try await lint() == ["tenants: row level security is not forced"])

        try await pool.withConnection {
            try $0.execute(script: """
                ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
                CREATE TABLE notes (
                    tenant_id uuid NOT NULL, id uuid NOT NULL, slug text,
                    PRIMARY KEY (id, tenant_id), UNIQUE (slug),
                    FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id));
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY everything ON notes USING (true);
                """)
        }
        let problems = try await lint()
        #expect(problems.contains("notes: primary key notes_pkey does not start with tenant_id"))
        #expect(problems.contains("notes: unique index notes_slug_key does not start with tenant_id"))
        #expect(problems.contains("notes: policy everything does not compare tenant_id with current_setting('tandem.tenant_id')"))
        #expect(problems.count == 3, "\(problems)")

        // A policy that names the setting but never compares the column is no isolation.
        try await pool.withConnection {
            try $0.execute(script: """
                CREATE TABLE tags (tenant_id uuid NOT NULL REFERENCES tenants (tenant_id), id uuid NOT NULL,
                    PRIMARY KEY (tenant_id, id));
                ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
                ALTER TABLE tags FORCE ROW LEVEL SECURITY;
                CREATE POLICY settingonly ON tags USING (current_setting('tandem.tenant_id') <> '');
                """)
        }
        #expect(
            try await lint().contains(
                "tags: policy settingonly does not compare tenant_id with current_setting('tandem.tenant_id')"))
    }
}
