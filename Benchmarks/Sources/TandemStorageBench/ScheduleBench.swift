import Foundation
import Logging
import TandemGRPC
import TandemMigrations
import TandemPostgres
import TandemProjects
import TandemRPC
import TandemSchema
import TandemService
import TandemTasks

/// GetSchedule through gRPC for a project of N work items: tandem-tasks and tandem-projects in
/// this process on their own databases, the project service reading the tasks over gRPC.
enum ScheduleBench {
    static let tenantID = "01900000-0000-7000-8000-0000000be4c3"
    static let projectID = "01900000-0000-7000-8000-0000000be4c4"

    static func run(urlBase: String, ownerURLBase: String, items: Int, connections: Int, streams: Int, seconds: Int) async throws {
        var logger = Logger(label: "bench.schedule")
        logger.logLevel = .warning
        let serviceToken = "bench-service-token"
        let secret = "tdm_bench_" + Crypto.hex(Crypto.randomBytes(16))
        let placement = TenantPlacement(tenantID: tenantID, slug: "bench-schedule", state: .active, cluster: "main", timeZone: "UTC")
        let directory = FixedDirectory(
            keyHash: Crypto.sha256(Array(secret.utf8)),
            key: ResolvedApiKey(apiKeyID: "bench", scopes: [.read, .write], tenant: placement))
        let authentication = Authenticator.Configuration(
            serviceToken: .init(serviceToken), rateLimit: .init(ratePerSecond: 1e9, burst: 1e9))

        // The two databases: migrated, one tenant, a project of `items` tasks with 2.5 links each.
        for (database, set) in [("tandem_tasks", MigrationSet.tasks), ("tandem_projects", .projects)] {
            let owner = PostgresPool(configuration: .init(options: .init(url: "\(ownerURLBase)/\(database)"), maximumConnections: 1))
            _ = try await Migrator.apply(set, on: owner)
            _ = try await owner.pipelineTransaction(
                tenant: TenantScope(tenantID),
                ["INSERT INTO tenants (tenant_id, slug) VALUES (\(tenantID), 'bench-schedule') ON CONFLICT DO NOTHING"])
            if database == "tandem_tasks" {
                _ = try await owner.pipelineTransaction(
                    tenant: TenantScope(tenantID),
                    [
                        """
                        INSERT INTO tasks (tenant_id, id, title, owner, status, priority, estimate_days, project_id)
                        SELECT \(tenantID)::uuid, md5('item' || i)::uuid, 'work item ' || i, 'owner-' || (i % 20), 1, 2,
                               1 + i % 10, \(projectID)::uuid
                        FROM generate_series(1, \(items)) i
                        """
                    ])
            } else {
                _ = try await owner.pipelineTransaction(
                    tenant: TenantScope(tenantID),
                    [
                        """
                        INSERT INTO projects (tenant_id, id, name, owner, status, start_date)
                        VALUES (\(tenantID)::uuid, \(projectID)::uuid, 'Benchmark project', 'bench', 2, DATE '2030-01-07')
                        """,
                        """
                        INSERT INTO project_dependencies (tenant_id, id, project_id, predecessor_kind, predecessor_id, successor_kind,
                                                          successor_id, type, lag_days)
                        SELECT \(tenantID)::uuid, gen_random_uuid(), \(projectID)::uuid, 1, md5('item' || (s - 1 - (k * 37 + s) % least(s - 1, 100)))::uuid,
                               1, md5('item' || s)::uuid, 1, (k + s) % 3
                        FROM generate_series(2, \(items)) s, generate_series(0, 2) k
                        WHERE (k < 2 OR s % 2 = 0)
                        ON CONFLICT DO NOTHING
                        """,
                    ])
            }
            owner.close()
        }

        func pool(_ database: String) -> ClusterSet {
            ClusterSet([
                ("main", PostgresPool(configuration: .init(options: .init(url: "\(urlBase)/\(database)"), maximumConnections: 8)))
            ])
        }
        let tasksAuthenticator = Authenticator(configuration: authentication, directory: directory, logger: logger)
        let tasks = TasksAssembly(
            clusters: pool("tandem_tasks"), authenticator: tasksAuthenticator, subscribers: [], reminderLead: .seconds(86_400),
            pageTokenKey: Array("bench".utf8), logger: logger)
        let tasksServer = try GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)), services: tasks.services,
            logger: logger)
        let tasksPort = try await tasksServer.start()
        let tasksClient = try GRPCClient(configuration: .init(host: "127.0.0.1", port: tasksPort), logger: logger)
        let projectsAuthenticator = Authenticator(configuration: authentication, directory: directory, logger: logger)
        let projects = ProjectService(
            clusters: pool("tandem_projects"), tasks: RemoteTaskGateway(client: tasksClient, serviceToken: serviceToken),
            pageTokens: PageTokenCodec(key: Array("bench".utf8)), logger: logger)
        let projectsServer = try GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)),
            services: [projectsAuthenticator.protect(projects, policy: ProjectService.access)], logger: logger)
        let projectsPort = try await projectsServer.start()

        var headers = Metadata()
        try headers.add("authorization", .string("Bearer \(secret)"))
        let metadata = headers
        var clients: [GRPCClient] = []
        for _ in 0..<connections { clients.append(try GRPCClient(configuration: .init(host: "127.0.0.1", port: projectsPort), logger: logger)) }
        var scheduleRequest = ProjectsV1.GetScheduleRequest()
        scheduleRequest.projectID = projectID
        let request = scheduleRequest
        let call = { @Sendable (client: GRPCClient) async throws -> ProjectsV1.Schedule in
            try await client.unary(ProjectsV1.ProjectService.getSchedule, request, metadata: metadata, timeout: .seconds(60)).schedule!
        }
        let first = try await call(clients[0])
        let links = try await pool("tandem_projects").all[0].pool.transaction(tenant: TenantScope(tenantID)) { connection in
            try connection.query("SELECT count(*) FROM project_dependencies").first!.decode(Int.self, at: 0)
        }
        for client in clients { _ = try await call(client) }

        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(seconds)
        let start = clock.now
        let latencies = await withTaskGroup(of: [Double].self) { group in
            for client in clients {
                for _ in 0..<streams {
                    group.addTask {
                        var latencies: [Double] = []
                        while clock.now < deadline {
                            let began = clock.now
                            _ = try? await call(client)
                            let elapsed = clock.now - began
                            latencies.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
                        }
                        return latencies
                    }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }.sorted()
        }
        let wall = clock.now - start
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        print(
            String(
                format: "{\"items\":%d,\"links\":%d,\"scheduled\":%d,\"critical\":%d,\"calls\":%d,\"per_second\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f}",
                items, links, first.items.count, first.criticalPath.count, latencies.count, Double(latencies.count) / wallSeconds,
                latencies[latencies.count / 2], latencies[min(latencies.count - 1, latencies.count * 99 / 100)]))
        for client in clients { await client.close() }
        await tasksClient.close()
        await projectsServer.shutdown()
        await tasksServer.shutdown()
    }
}
