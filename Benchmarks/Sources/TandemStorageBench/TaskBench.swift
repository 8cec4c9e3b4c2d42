import Foundation
import Logging
import NIOPosix
import Synchronization
import TandemGRPC
import TandemMigrations
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService
import TandemTasks

/// TaskService under load: a server with one tenant holding N tasks, and a load client.
enum TaskBench {
    static let tenantID = "01900000-0000-7000-8000-0000000be4c2"

    /// Migrates, seeds `rows` tasks, serves TaskService (pool of `poolSize`) and writes the pgbench
    /// scripts of the handlers' statements into `directory`. Prints "listening on PORT key SECRET
    /// task ID".
    static func serve(appURL: String, ownerURL: String, pool poolSize: Int, rows: Int, directory folder: String) async throws {
        let owner = PostgresPool(configuration: .init(options: .init(url: ownerURL), maximumConnections: 1))
        _ = try await Migrator.apply(.tasks, on: owner)
        _ = try await owner.pipelineTransaction(
            tenant: TenantScope(tenantID),
            [
                "INSERT INTO tenants (tenant_id, slug) VALUES (\(tenantID), 'bench-tasks') ON CONFLICT DO NOTHING",
                """
                INSERT INTO tasks (tenant_id, id, title, owner, status, priority, created_at, updated_at)
                SELECT \(tenantID)::uuid, md5(i::text)::uuid, 'task ' || i, 'owner-' || (i % 50), 1 + i % 2, 1 + i % 4,
                       now() - make_interval(secs => i), now() - make_interval(secs => i)
                FROM generate_series(1, \(rows)) i
                """,
            ])
        try await owner.withConnection { try $0.execute(script: "VACUUM ANALYZE tasks") }
        owner.close()

        let secret = "tdm_bench_" + Crypto.hex(Crypto.randomBytes(16))
        let hash = Crypto.sha256(Array(secret.utf8))
        let placement = TenantPlacement(tenantID: tenantID, slug: "bench-tasks", state: .active, cluster: "main", timeZone: "UTC")
        let directory = FixedDirectory(
            keyHash: hash, key: ResolvedApiKey(apiKeyID: "bench", scopes: [.read, .write], tenant: placement))
        var logger = Logger(label: "bench.tasks")
        logger.logLevel = .warning
        let authenticator = Authenticator(
            configuration: .init(rateLimit: .init(ratePerSecond: 1e9, burst: 1e9)), directory: directory, logger: logger)
        let pool = PostgresPool(
            configuration: .init(options: .init(url: appURL, applicationName: "tandem-bench"), maximumConnections: poolSize))
        // No subscriber: events are not written, on either side of the comparison.
        let assembly = TasksAssembly(
            clusters: ClusterSet([("main", pool)]), authenticator: authenticator, subscribers: [],
            reminderLead: .seconds(86_400), pageTokenKey: Array("bench".utf8), logger: logger)
        let server = try GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)), services: assembly.services,
            logger: logger)
        let port = try await server.start()

        let taskID = try await pool.transaction(tenant: TenantScope(tenantID)) { connection in
            try connection.query("SELECT md5('4242')::uuid::text").first!.decode(String.self, at: 0)
        }
        // The first page of ListTasks, as the handler reads it, for the blockers statement.
        let list = try TaskListQuery(
            TasksV1.ListTasksRequest(), tenantID: tenantID, today: CalendarDay(year: 2030, month: 1, day: 1)!,
            pageTokens: PageTokenCodec(key: Array("bench".utf8)))
        let pageIDs = try await pool.transaction(tenant: TenantScope(tenantID)) { connection in
            try connection.query(list.query).rows.prefix(50).map { row throws(PostgresError) in try row.decode(String.self, at: 0) }
        }
        let tenant = "SELECT set_config('tandem.tenant_id', \(literal(tenantID)), true);"
        let create = try TaskStatements.create(title: "bench task", tenantID: tenantID, subscribers: [])
        var createSQL = create.statements.map(inline).joined(separator: ";\n") + ";"
        createSQL = createSQL.replacingOccurrences(of: literal(create.taskID), with: "gen_random_uuid()")
        try write(folder, "create.sql", "\\startpipeline\n\(tenant)\n\(createSQL)\n\\endpipeline\n")
        try write(
            folder, "get.sql",
            "\\startpipeline\n\(tenant)\n" + TaskStatements.get(id: taskID).map { inline($0) + ";" }.joined(separator: "\n")
                + "\n\\endpipeline\n")
        try write(
            folder, "list.sql",
            "\\startpipeline\nBEGIN ISOLATION LEVEL READ COMMITTED READ ONLY;\n\(tenant)\n\\endpipeline\n"
                + inline(list.query) + ";\n" + inline(TaskStatements.blockers(of: pageIDs)) + ";\nCOMMIT;\n")

        // The same requests as `load` sends, framed, for h2load.
        try writeFramed(createRequest, to: "\(folder)/create.body")
        try writeFramed(getRequest(taskID), to: "\(folder)/get.body")
        try writeFramed(TasksV1.ListTasksRequest(), to: "\(folder)/list.body")

        print("listening on \(port) key \(secret) task \(taskID)")
        fflush(nil)
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    /// What every CreateTask of the benchmark asks for.
    static var createRequest: TasksV1.CreateTaskRequest {
        var request = TasksV1.CreateTaskRequest()
        var task = TasksV1.Task()
        task.title = "bench task"
        request.task = task
        return request
    }

    static func getRequest(_ taskID: String) -> TasksV1.GetTaskRequest {
        var request = TasksV1.GetTaskRequest()
        request.id = taskID
        return request
    }

    static func write(_ directory: String, _ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
    }

    static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The statement on one line with its bound values written in as literals (pgbench has no
    /// string variables); NULL stays NULL.
    static func inline(_ query: PostgresQuery) -> String {
        var sql = query.sql
        for (index, value) in query.bindings.enumerated().reversed() {
            sql = sql.replacingOccurrences(of: "$\(index + 1)", with: value.map(literal) ?? "NULL")
        }
        return sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// Where the load's calling tasks run.
    enum Callers: String {
        /// On their client's event loop (``EventLoopTaskExecutor``): a call crosses no thread here.
        case loop
        /// On Swift's global executor, as a caller that does not choose: each call hops to the
        /// client's event loop and back.
        case global
    }

    /// Calls one RPC from `connections` clients with `streams` calls in flight on each, for
    /// `seconds`; prints one JSON object with the rate and the latency percentiles.
    static func load(
        port: Int, key: String, rpc: String, taskID: String, connections: Int, streams: Int, seconds: Int, callers: Callers
    ) async throws {
        var headers = Metadata()
        try headers.add("authorization", .string("Bearer \(key)"))
        let metadata = headers
        let logger = Logger(label: "bench.load", factory: { _ in SwiftLogNoOpLogHandler() })
        // Each client on one event loop; with `.loop`, its calls in tasks that prefer that loop.
        var clients: [(GRPCClient, EventLoopTaskExecutor?)] = []
        for _ in 0..<connections {
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            let client = try GRPCClient(configuration: .init(host: "127.0.0.1", port: port), logger: logger, eventLoopGroup: loop)
            clients.append((client, callers == .loop ? EventLoopTaskExecutor(loop) : nil))
        }
        let call: @Sendable (GRPCClient) async throws -> Void
        switch rpc {
        case "create":
            let request = createRequest
            call = { client in _ = try await client.unary(TasksV1.TaskService.createTask, request, metadata: metadata) }
        case "get":
            let request = getRequest(taskID)
            call = { client in _ = try await client.unary(TasksV1.TaskService.getTask, request, metadata: metadata) }
        case "list":
            call = { client in
                _ = try await client.unary(TasksV1.TaskService.listTasks, TasksV1.ListTasksRequest(), metadata: metadata)
            }
        default:
            throw RPCError(code: .invalidArgument, message: "unknown rpc \(rpc)")
        }
        // Warm up: connect and prepare.
        for (client, _) in clients { for _ in 0..<10 { try await call(client) } }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(seconds)
        let start = clock.now
        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for (client, executor) in clients {
                for _ in 0..<streams {
                    group.addTask(executorPreference: executor) {
                        var latencies: [Double] = []
                        var errors = 0
                        while clock.now < deadline {
                            let begin = clock.now
                            do { try await call(client) } catch { errors += 1 }
                            let elapsed = clock.now - begin
                            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                        }
                        return (latencies, errors)
                    }
                }
            }
            var all: [Double] = []
            var errors = 0
            for await (latencies, failed) in group {
                all += latencies
                errors += failed
            }
            return (all.sorted(), errors)
        }
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let latencies = results.0
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        print(
            String(
                format: "{\"rpc\":\"%@\",\"calls\":%d,\"errors\":%d,\"per_second\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}",
                rpc, latencies.count, results.1, Double(latencies.count) / wall, percentile(0.5), percentile(0.99)))
        for (client, _) in clients { await client.close() }
    }
}
