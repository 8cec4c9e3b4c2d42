import Logging
import Testing
import TandemMigrations
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService
import TandemTestSupport

@Suite("TenantProvisioning on one service", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct ProvisioningTests {
    static let a = "0190a000-0000-7000-8000-00000000000a"
    static let b = "0190b000-0000-7000-8000-00000000000b"

    @Test("Deprovisioning deletes children before parents in every tenant table, and only the tenant's rows")
    func deprovisionOrder() async throws {
        let database = try TestPostgres.makeDatabase()
        let owner = database.ownerPool()
        defer { owner.close() }
        _ = try await Migrator.apply(.tasks, on: owner)
        // Two more tenant tables: notes refer to folders, which refer to tenants.
        try await owner.withConnection {
            try $0.execute(
                script: """
                    CREATE TABLE folders (tenant_id uuid NOT NULL REFERENCES tenants (tenant_id), id int NOT NULL,
                        PRIMARY KEY (tenant_id, id));
                    CREATE TABLE notes (tenant_id uuid NOT NULL, id int NOT NULL, folder int NOT NULL,
                        PRIMARY KEY (tenant_id, id), FOREIGN KEY (tenant_id, folder) REFERENCES folders (tenant_id, id));
                    ALTER TABLE folders ENABLE ROW LEVEL SECURITY; ALTER TABLE folders FORCE ROW LEVEL SECURITY;
                    ALTER TABLE notes ENABLE ROW LEVEL SECURITY; ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                    CREATE POLICY tenant_isolation ON folders USING (tenant_id = current_setting('tandem.tenant_id')::uuid);
                    CREATE POLICY tenant_isolation ON notes USING (tenant_id = current_setting('tandem.tenant_id')::uuid);
                    GRANT SELECT, INSERT, UPDATE, DELETE ON folders, notes TO tandem_app;
                    """)
            #expect(try SchemaLint.problems(on: $0).isEmpty)
            let order = try TenantTables.deletionOrder(on: $0)
            #expect(order.last == "tenants", "\(order)")
            #expect(order.firstIndex(of: "notes")! < order.firstIndex(of: "folders")!, "\(order)")
            for child in ["task_blockers", "task_labels", "task_reminders_sent"] {
                #expect(order.firstIndex(of: child)! < order.firstIndex(of: "tasks")!, "\(order)")
            }
        }
        let app = database.appPool()
        defer { app.close() }
        let service = TenantProvisioningService(
            clusters: ClusterSet([("main", app)]), source: "tandem-tasks", logger: Logger(label: "test"))
        for tenant in [Self.a, Self.b] {
            var provision = AdminV1.ProvisionTenantRequest()
            provision.tenantID = tenant
            provision.slug = tenant == Self.a ? "alpha" : "bravo"
            provision.cluster = "main"
            _ = try await service.provision(provision)
            _ = try await service.provision(provision)  // idempotent
            _ = try await app.pipelineTransaction(
                tenant: TenantScope(tenant),
                ["INSERT INTO folders VALUES (\(tenant)::uuid, 1)", "INSERT INTO notes VALUES (\(tenant)::uuid, 1, 1), (\(tenant)::uuid, 2, 1)"])
        }
        var deprovision = AdminV1.DeprovisionTenantRequest()
        deprovision.tenantID = Self.a
        deprovision.cluster = "main"
        #expect(try await service.deprovision(deprovision).rowsDeleted == 4)
        #expect(try await service.deprovision(deprovision).rowsDeleted == 0, "idempotent")
        for (tenant, expected) in [(Self.a, 0), (Self.b, 4)] {
            let count = try await app.transaction(tenant: TenantScope(tenant)) {
                try $0.query("SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM folders) + (SELECT count(*) FROM notes)")
                    .first!.decode(Int.self, at: 0)
            }
            #expect(count == expected, "\(tenant)")
        }
        deprovision.cluster = "elsewhere"
        let unknown = await #expect(throws: RPCError.self) { _ = try await service.deprovision(deprovision) }
        #expect(unknown?.code == .invalidArgument && unknown?.message.hasPrefix("cluster") == true)
        deprovision.tenantID = "nope"
        await #expect(throws: RPCError.self) { _ = try await service.deprovision(deprovision) }
    }
}
