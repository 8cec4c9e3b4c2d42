import Logging
import Synchronization
import TandemGRPC
import TandemMigrations
import TandemNotify
import TandemPostgres
import TandemProjects
import TandemRPC
import TandemRuntime
import TandemSchema
import TandemService
import TandemTasks
import TandemTestSupport

/// A whole Tandem in this process: the three servers on ports of their own, each with two
/// clusters ("a" and "b", two databases of the test PostgreSQL), wired as the executables wire
/// them — tasks and notify resolve keys through projects' TenantDirectory over gRPC; projects
/// provisions tasks and notify over gRPC.
///
/// Besides their real services, each server serves `tandem.test.v1.Probe/WhoAmI` behind the
/// server's own authenticator with `Access.tenant(.read)`: it answers the caller's tenant, so
/// tests can watch authentication on every server before the task, project and notification
/// APIs exist.
final class Deployment: Sendable {
    static let serviceToken = "test-service-token"
    static let adminToken = "test-admin-token"
    static let clusterNames = ["a", "b"]
    static let whoAmI = MethodDescriptor<AdminV1.GetTenantPlacementRequest, AdminV1.GetTenantPlacementResponse>(
        service: "tandem.test.v1.Probe", method: "WhoAmI", kind: .unary)

    /// Each server's databases by cluster name.
    let databases: [TandemServer: [String: TestPostgres.Database]]
    private let servers: Mutex<[TandemServer: (server: GRPCServer, port: Int)]>
    private let pools: [TandemServer: ClusterSet]
    private let clients: Mutex<[GRPCClient]> = Mutex([])
    private let builders: [TandemServer: @Sendable (Int) throws -> GRPCServer]
    /// tandem-tasks' services, relay and scanner (the tests drive the relay and the scanner).
    let tasks: TasksAssembly
    /// Receives every event tandem-tasks' relay delivers.
    let events: RecordingSubscriber
    /// Receives every event tandem-projects' relay delivers.
    let projectEvents: RecordingSubscriber
    /// tandem-projects' relay (the tests drive it).
    let projectsRelay: EventRelay
    /// tandem-notify's services and inbox listener (running while the deployment is up).
    let notify: NotifyAssembly
    private let notifyListener: Task<Void, Never>
    let logger = Logger(label: "tandem.test", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(
        databases: [TandemServer: [String: TestPostgres.Database]], pools: [TandemServer: ClusterSet],
        builders: [TandemServer: @Sendable (Int) throws -> GRPCServer], tasks: TasksAssembly, events: RecordingSubscriber,
        projectEvents: RecordingSubscriber, projectsRelay: EventRelay, notify: NotifyAssembly
    ) {
        self.notify = notify
        self.notifyListener = Task { await notify.listener.run() }
        self.tasks = tasks
        self.events = events
        self.projectEvents = projectEvents
        self.projectsRelay = projectsRelay
        self.databases = databases
        self.pools = pools
        self.builders = builders
        self.servers = Mutex([:])
    }

    static func start(
        rateLimit: RateLimiter.Configuration = .init(), reminderLead: Duration = .seconds(24 * 3600),
        notifySubscriberLag: Int = 1000
    ) async throws -> Deployment {
        // Two migrated databases per service.
        var databases: [TandemServer: [String: TestPostgres.Database]] = [:]
        for server in TandemServer.allCases {
            let set: MigrationSet = server == .tasks ? .tasks : server == .projects ? .projects : .notify
            for cluster in clusterNames {
                let database = try TestPostgres.makeDatabase()
                let owner = database.ownerPool(maximumConnections: 1)
                _ = try await Migrator.apply(set, on: owner)
                owner.close()
                databases[server, default: [:]][cluster] = database
            }
        }
        var pools: [TandemServer: ClusterSet] = [:]
        for server in TandemServer.allCases {
            pools[server] = ClusterSet(clusterNames.map { ($0, databases[server]![$0]!.appPool(maximumConnections: 4)) })
        }
        let authentication = Authenticator.Configuration(
            administratorToken: .init(adminToken), serviceToken: .init(serviceToken), rateLimit: rateLimit)
        let ports = PortBook()
        let logger = Logger(label: "tandem.test", factory: { _ in SwiftLogNoOpLogHandler() })

        // Clients to each server, connecting lazily to wherever it listens now.
        let peerClient = { @Sendable (server: TandemServer) -> LazyClient in LazyClient { ports.port(of: server) } }
        let tasksProvisioner = LazyProvisioner(name: "tandem-tasks", client: peerClient(.tasks))
        let notifyProvisioner = LazyProvisioner(name: "tandem-notify", client: peerClient(.notify))
        let projectsClient = peerClient(.projects)

        var builders: [TandemServer: @Sendable (Int) throws -> GRPCServer] = [:]
        let events = RecordingSubscriber()
        let tasksAuthenticator = Authenticator(
            configuration: authentication, directory: LazyDirectory(client: projectsClient), logger: logger)
        let tasks = TasksAssembly(
            clusters: pools[.tasks]!, authenticator: tasksAuthenticator,
            subscribers: [
                events, LazyEventSink(name: "projects", client: projectsClient),
                LazyEventSink(name: "notify", client: peerClient(.notify), endpoint: .notificationService),
            ], reminderLead: reminderLead,
            // Polling only as a last resort: a relay that delivers promptly was woken by NOTIFY.
            pageTokenKey: Array("test-page-key".utf8), logger: logger, relayPollInterval: .seconds(60))
        builders[.tasks] = { port in
            try GRPCServer(
                configuration: GRPCServerConfiguration(port: port, shutdownGracePeriod: .seconds(1)),
                services: tasks.services + [tasksAuthenticator.protect(ProbeService()) { _ in .tenant(.read) }],
                logger: logger)
        }
        let notifyAuthenticator = Authenticator(
            configuration: authentication, directory: LazyDirectory(client: projectsClient), logger: logger)
        let notify = NotifyAssembly(
            clusters: pools[.notify]!, authenticator: notifyAuthenticator, pageTokenKey: Array("test-page-key".utf8),
            subscriberLag: notifySubscriberLag, writeTimeout: .seconds(2), logger: logger)
        builders[.notify] = { port in
            try GRPCServer(
                configuration: GRPCServerConfiguration(port: port, shutdownGracePeriod: .seconds(1)),
                services: notify.services + [notifyAuthenticator.protect(ProbeService()) { _ in .tenant(.read) }],
                logger: logger)
        }
        let projectsClusters = pools[.projects]!
        let projectEvents = RecordingSubscriber()
        let projectsAssembly = try ProjectsAssembly(
            clusters: projectsClusters, authentication: authentication, tasks: tasksProvisioner,
            notify: notifyProvisioner, taskService: LazyTaskGateway(client: peerClient(.tasks)), subscribers: [projectEvents],
            pageTokenKey: Array("test-page-key".utf8), logger: logger)
        builders[.projects] = { port in
            let assembly = projectsAssembly
            return try GRPCServer(
                configuration: GRPCServerConfiguration(port: port, shutdownGracePeriod: .seconds(1)),
                services: assembly.services + [assembly.authenticator.protect(ProbeService()) { _ in .tenant(.read) }],
                logger: logger)
        }
        let deployment = Deployment(
            databases: databases, pools: pools, builders: builders, tasks: tasks, events: events, projectEvents: projectEvents,
            projectsRelay: projectsAssembly.relay, notify: notify)
        for server in TandemServer.allCases {
            try await deployment.start(server, port: 0)
            ports.set(server, deployment.port(of: server))
        }
        return deployment
    }

    /// Starts `server` (again) on `port` (0: any).
    func start(_ server: TandemServer, port: Int) async throws {
        let grpcServer = try builders[server]!(port)
        let bound = try await grpcServer.start()
        servers.withLock { $0[server] = (grpcServer, bound) }
    }

    /// Stops `server` as a crash would leave it: unreachable.
    func stop(_ server: TandemServer) async {
        guard let running = servers.withLock({ $0.removeValue(forKey: server) }) else { return }
        await running.server.shutdown()
    }

    func port(of server: TandemServer) -> Int {
        servers.withLock { $0[server]?.port ?? 0 }
    }

    /// A client to `server`, closed by `shutdown()`.
    func client(_ server: TandemServer) throws -> GRPCClient {
        let client = try GRPCClient(
            configuration: .init(
                host: "127.0.0.1", port: port(of: server),
                backoff: .init(initial: .milliseconds(50), multiplier: 1.5, jitter: 0.1, maximum: .milliseconds(500)),
                defaultTimeout: .seconds(30)),
            logger: logger)
        clients.withLock { $0.append(client) }
        return client
    }

    /// The administrator's client to tandem-projects and the metadata that carries the token.
    func admin() throws -> (GRPCClient, Metadata) {
        (try client(.projects), Self.bearer(Self.adminToken))
    }

    static func bearer(_ token: String) -> Metadata {
        var metadata = Metadata()
        try? metadata.add("authorization", .string("Bearer \(token)"))
        return metadata
    }

    /// How many rows `tenantID` has in `server`'s database on `cluster`: every table of `public`
    /// with a `tenant_id` column (read from information_schema, not from the code under test),
    /// counted with an explicit WHERE, plus, in the directory, its entry.
    func rowCount(tenantID: String, server: TandemServer, cluster: String) async throws -> Int {
        let pool = databases[server]![cluster]!.ownerPool(maximumConnections: 1)
        defer { pool.close() }
        return try await pool.transaction(tenant: TenantScope(tenantID)) { connection in
            var count = 0
            for row in try connection.query(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'"
            ).rows {
                let table = try row.decode(String.self, at: 0)
                count += try connection.query("SELECT count(*) FROM \(identifier: table) WHERE tenant_id = \(tenantID)::uuid")
                    .first!.decode(Int.self, at: 0)
            }
            if server == .projects {
                count += try connection.query("SELECT count(*) FROM directory_tenants WHERE id = \(tenantID)::uuid")
                    .first!.decode(Int.self, at: 0)
            }
            return count
        }
    }

    /// tandem-projects' pool on `cluster`.
    func projectsPool(_ cluster: String) -> PostgresPool {
        try! pools[.projects]!.pool(cluster)
    }

    /// tandem-tasks' pool on `cluster`.
    func tasksPool(_ cluster: String) -> PostgresPool {
        try! pools[.tasks]!.pool(cluster)
    }

    func shutdown() async {
        notifyListener.cancel()
        for client in clients.withLock({ $0 }) { await client.close() }
        for server in TandemServer.allCases { await stop(server) }
        pools.values.forEach { $0.close() }
    }

    // MARK: - Tenant helpers

    func createTenant(_ slug: String, cluster: String = "", requestID: String = "") async throws -> AdminV1.Tenant {
        let (client, metadata) = try admin()
        var request = AdminV1.CreateTenantRequest()
        request.slug = slug
        request.displayName = "Tenant \(slug)"
        request.cluster = cluster
        request.requestID = requestID
        return try await client.unary(AdminV1.TenantAdmin.createTenant, request, metadata: metadata).tenant!
    }

    func createKey(_ tenantID: String, scopes: [AdminV1.Scope] = [.read, .write]) async throws -> (id: String, secret: String) {
        let (client, metadata) = try admin()
        var request = AdminV1.CreateApiKeyRequest()
        request.tenantID = tenantID
        request.name = "test"
        request.scopes = scopes
        let response = try await client.unary(AdminV1.TenantAdmin.createApiKey, request, metadata: metadata)
        return (response.apiKey!.id, response.secret)
    }

    /// `WhoAmI` on `server` with `key`: the tenant it answers for, or the error.
    func whoAmI(_ server: TandemServer, key: String, client: GRPCClient? = nil) async -> Result<String, RPCError> {
        do {
            let client = try client ?? self.client(server)
            let response = try await client.unary(Self.whoAmI, .init(), metadata: Self.bearer(key), timeout: .seconds(10))
            return .success(response.tenantID)
        } catch let error as RPCError {
            return .failure(error)
        } catch {
            return .failure(RPCError(code: .internalError, message: "\(error)"))
        }
    }
}

/// Answers the caller's tenant.
struct ProbeService: RPCService {
    var methods: [ServiceMethod] {
        [
            .unary(Deployment.whoAmI) { _, _ in
                let tenant = try Caller.tenant()
                var response = AdminV1.GetTenantPlacementResponse()
                response.tenantID = tenant.tenantID
                response.cluster = tenant.cluster
                return response
            }
        ]
    }
}

/// Where each server listens, filled in as they start.
final class PortBook: Sendable {
    private let ports = Mutex([TandemServer: Int]())
    func set(_ server: TandemServer, _ port: Int) { ports.withLock { $0[server] = port } }
    func port(of server: TandemServer) -> Int { ports.withLock { $0[server] ?? 0 } }
}

/// A client made on first use, once the server's port is known.
final class LazyClient: Sendable {
    private let port: @Sendable () -> Int
    private let client = Mutex<GRPCClient?>(nil)

    init(port: @escaping @Sendable () -> Int) { self.port = port }

    func get() throws -> GRPCClient {
        try client.withLock { client in
            if let client { return client }
            let made = try GRPCClient(
                configuration: .init(
                    host: "127.0.0.1", port: port(),
                    backoff: .init(initial: .milliseconds(50), multiplier: 1.5, jitter: 0.1, maximum: .milliseconds(500))),
                logger: Logger(label: "tandem.test", factory: { _ in SwiftLogNoOpLogHandler() }))
            client = made
            return made
        }
    }
}

struct LazyProvisioner: TenantProvisioner {
    let serviceName: String
    let client: LazyClient

    init(name: String, client: LazyClient) {
        self.serviceName = name
        self.client = client
    }

    private func remote() throws -> RemoteTenantProvisioner {
        RemoteTenantProvisioner(serviceName: serviceName, client: try client.get(), serviceToken: Deployment.serviceToken)
    }

    func provision(_ request: AdminV1.ProvisionTenantRequest) async throws { try await remote().provision(request) }
    func deprovision(_ request: AdminV1.DeprovisionTenantRequest) async throws -> Int64 { try await remote().deprovision(request) }
    func export(
        _ request: AdminV1.ExportTenantDataRequest, _ each: nonisolated(nonsending) @Sendable (AdminV1.ExportTenantDataResponse) async throws -> Void
    ) async throws {
        try await remote().export(request, each)
    }
}

struct LazyDirectory: TenantDirectoryLookup {
    let client: LazyClient

    private func remote() throws -> RemoteTenantDirectory {
        RemoteTenantDirectory(client: try client.get(), serviceToken: Deployment.serviceToken)
    }

    func resolveApiKey(hash keyHash: [UInt8]) async throws -> ResolvedApiKey? { try await remote().resolveApiKey(hash: keyHash) }
    func placement(tenantID: String) async throws -> TenantPlacement? { try await remote().placement(tenantID: tenantID) }
}

/// An event subscriber that keeps what it receives, and can be told to refuse deliveries.
final class RecordingSubscriber: EventSubscriber {
    let name = "test"
    private let state = Mutex<(events: [CommonV1.Event], deliveries: Int, failuresLeft: Int)>(([], 0, 0))

    func deliver(_ events: [CommonV1.Event], tenantID: String) async throws {
        try state.withLock { state in
            state.deliveries += 1
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw RPCError(code: .unavailable, message: "the test subscriber refuses this delivery")
            }
            for event in events where event.tenantID != tenantID {
                throw RPCError(code: .invalidArgument, message: "event \(event.id) of another tenant")
            }
            state.events += events
        }
    }

    /// Refuses the next `count` deliveries.
    func fail(next count: Int) { state.withLock { $0.failuresLeft = count } }

    var deliveries: Int { state.withLock { $0.deliveries } }

    func received(tenantID: String? = nil) -> [CommonV1.Event] {
        state.withLock { state in state.events.filter { tenantID == nil || $0.tenantID == tenantID } }
    }
}

struct LazyTaskGateway: TaskGateway {
    let client: LazyClient

    private func remote() throws -> RemoteTaskGateway {
        RemoteTaskGateway(client: try client.get(), serviceToken: Deployment.serviceToken)
    }

    func createTask(_ request: TasksV1.CreateTaskRequest, tenantID: String, actor: String) async throws -> TasksV1.Task {
        try await remote().createTask(request, tenantID: tenantID, actor: actor)
    }
    func getTask(id: String, tenantID: String, actor: String) async throws -> TasksV1.Task {
        try await remote().getTask(id: id, tenantID: tenantID, actor: actor)
    }
    func listTasks(projectID: String, tenantID: String, actor: String) async throws -> [TasksV1.Task] {
        try await remote().listTasks(projectID: projectID, tenantID: tenantID, actor: actor)
    }
    func updateTask(_ task: TasksV1.Task, paths: [String], tenantID: String, actor: String) async throws -> TasksV1.Task {
        try await remote().updateTask(task, paths: paths, tenantID: tenantID, actor: actor)
    }
}

/// tandem-projects' EventSink as the tasks relay reaches it, connecting on first use.
struct LazyEventSink: EventSubscriber {
    let name: String
    let client: LazyClient
    var endpoint: GRPCEventSubscriber.Endpoint = .eventSink

    func deliver(_ events: [CommonV1.Event], tenantID: String) async throws {
        try await GRPCEventSubscriber(name: name, endpoint: endpoint, client: try client.get(), serviceToken: Deployment.serviceToken)
            .deliver(events, tenantID: tenantID)
    }
}
