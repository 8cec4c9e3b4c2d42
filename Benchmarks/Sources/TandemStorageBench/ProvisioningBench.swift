import Foundation
import Logging
import TandemGRPC
import TandemMigrations
import TandemPostgres
import TandemProjects
import TandemRPC
import TandemSchema
import TandemService

/// Provisioning 1,000 tenants through the three services, then migrating the clusters that hold them.
enum ProvisioningBench {
    static let serviceToken = "bench-service-token"
    static let adminToken = "bench-admin-token"

    static func url(_ base: String, _ database: String) -> String {
        base.hasSuffix("/") ? base + database : base + "/" + database
    }

    static func run(urlBase: String, ownerURLBase: String, count: Int, concurrency: Int) async throws {
        var logger = Logger(label: "bench.provision")
        logger.logLevel = .warning
        let sets: [(String, MigrationSet)] = [("tandem_tasks", .tasks), ("tandem_projects", .projects), ("tandem_notify", .notify)]

        // Migrations on empty databases.
        var emptyMigration: Duration = .zero
        for (database, set) in sets {
            let owner = PostgresPool(configuration: .init(options: .init(url: url(ownerURLBase, database)), maximumConnections: 1))
            let start = ContinuousClock.now
            _ = try await Migrator.apply(set, on: owner)
            emptyMigration += ContinuousClock.now - start
            owner.close()
        }

        func clusters(_ database: String) -> ClusterSet {
            ClusterSet([("main", PostgresPool(configuration: .init(options: .init(url: url(urlBase, database)), maximumConnections: 8)))])
        }
        let authentication = Authenticator.Configuration(administratorToken: .init(adminToken), serviceToken: .init(serviceToken))
        let nobody = FixedDirectory(keyHash: [], key: ResolvedApiKey(
            apiKeyID: "", scopes: [], tenant: TenantPlacement(tenantID: "", slug: "", state: .unspecified, cluster: "", timeZone: "")))
        var servers: [GRPCServer] = []
        var ports: [String: Int] = [:]
        for (name, database) in [("tandem-tasks", "tandem_tasks"), ("tandem-notify", "tandem_notify")] {
            let authenticator = Authenticator(configuration: authentication, directory: nobody, logger: logger)
            let provisioning = TenantProvisioningService(clusters: clusters(database), source: name, logger: logger)
            let server = try GRPCServer(
                configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)),
                services: [authenticator.protect(provisioning) { _ in .service }], logger: logger)
            ports[name] = try await server.start()
            servers.append(server)
        }
        func client(_ port: Int) throws -> GRPCClient {
            try GRPCClient(configuration: .init(host: "127.0.0.1", port: port), logger: logger)
        }
        let assembly = try ProjectsAssembly(
            clusters: clusters("tandem_projects"), authentication: authentication,
            tasks: RemoteTenantProvisioner(serviceName: "tandem-tasks", client: try client(ports["tandem-tasks"]!), serviceToken: serviceToken),
            notify: RemoteTenantProvisioner(serviceName: "tandem-notify", client: try client(ports["tandem-notify"]!), serviceToken: serviceToken),
            pageTokenKey: Array("bench".utf8), logger: logger)
        let projects = try GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)), services: assembly.services,
            logger: logger)
        let projectsPort = try await projects.start()
        servers.append(projects)

        let admin = try client(projectsPort)
        var bearer = Metadata()
        try bearer.add("authorization", .string("Bearer \(adminToken)"))
        let metadata = bearer
        let run = UUID().uuidString.prefix(8).lowercased()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    for number in stride(from: worker, to: count, by: concurrency) {
                        var request = AdminV1.CreateTenantRequest()
                        request.slug = "b\(run)-\(number)"
                        request.displayName = "Bench tenant \(number)"
                        request.requestID = "bench-\(run)-\(number)"
                        _ = try await admin.unary(AdminV1.TenantAdmin.createTenant, request, metadata: metadata)
                    }
                }
            }
            try await group.waitForAll()
        }
        let provisioning = ContinuousClock.now - start
        // Every one of them is there and active.
        var list = AdminV1.ListTenantsRequest()
        list.states = [.active]
        list.pageSize = 500
        var active = 0
        while true {
            let page = try await admin.unary(AdminV1.TenantAdmin.listTenants, list, metadata: metadata)
            active += page.tenants.filter { $0.slug.hasPrefix("b\(run)-") }.count
            if page.nextPageToken.isEmpty { break }
            list.pageToken = page.nextPageToken
        }
        guard active == count else {
            print("{\"error\": \"\(active) of \(count) tenants are active\"}")
            exit(1)
        }

        // Migrating the clusters now holding the tenants: the recorded migrations are checked and
        // skipped; then one new migration (a column and an index on every service's tenants).
        var recheck: Duration = .zero
        var newMigration: Duration = .zero
        for (database, set) in sets {
            let owner = PostgresPool(configuration: .init(options: .init(url: url(ownerURLBase, database)), maximumConnections: 1))
            var started = ContinuousClock.now
            _ = try await Migrator.apply(set, on: owner)
            recheck += ContinuousClock.now - started
            let extended = MigrationSet(service: set.service, migrations: set.migrations + [
                Migration(
                    version: 9000 + Int.random(in: 0..<999), name: "bench_note",
                    sql: "ALTER TABLE tenants ADD COLUMN bench_note_\(run) text NOT NULL DEFAULT ''; CREATE INDEX tenants_bench_\(run) ON tenants (tenant_id, provisioned_at);")
            ])
            started = ContinuousClock.now
            _ = try await Migrator.apply(extended, on: owner)
            newMigration += ContinuousClock.now - started
            owner.close()
        }
        await admin.close()
        for server in servers { await server.shutdown() }

        func ms(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        print(
            """
            {"tenants": \(count), "concurrency": \(concurrency), "provision_seconds": \(String(format: "%.2f", ms(provisioning) / 1000)), \
            "tenants_per_second": \(String(format: "%.1f", Double(count) / (ms(provisioning) / 1000))), \
            "migrate_empty_ms": \(String(format: "%.1f", ms(emptyMigration))), "migrate_recheck_ms": \(String(format: "%.1f", ms(recheck))), \
            "migrate_new_ms": \(String(format: "%.1f", ms(newMigration)))}
            """)
    }
}
