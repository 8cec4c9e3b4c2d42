public import Logging
public import TandemRPC
public import TandemService

/// tandem-projects' services as one process serves them, from its clusters and its peers. The
/// executable and the integration tests assemble the server the same way.
public struct ProjectsAssembly: Sendable {
    /// Everything the server serves besides health and reflection.
    public let services: [any RPCService]
    /// The directory, for this process's own lookups.
    public let directory: TenantDirectoryService
    public let authenticator: Authenticator
    /// Delivers the project events to `subscribers` (runs until cancelled).
    public let relay: EventRelay

    /// - Parameters:
    ///   - clusters: The directory lives on the first.
    ///   - tasks, notify: The other services' `TenantProvisioning`.
    ///   - taskService: The task service as ProjectService reaches it; without it ProjectService
    ///     and the EventSink are not served.
    ///   - subscribers: Where the project events go.
    public init(
        clusters: ClusterSet, authentication: Authenticator.Configuration, tasks: any TenantProvisioner,
        notify: any TenantProvisioner, taskService: (any TaskGateway)? = nil, subscribers: [any EventSubscriber] = [],
        pageTokenKey: [UInt8], logger: Logger
    ) throws {
        let store = TenantDirectoryStore(pool: try clusters.pool(clusters.names[0]))
        let directory = TenantDirectoryService(store: store, logger: logger)
        let authenticator = Authenticator(configuration: authentication, directory: directory, logger: logger)
        let provisioning = TenantProvisioningService(clusters: clusters, source: "tandem-projects", logger: logger)
        let pageTokens = PageTokenCodec(key: pageTokenKey)
        let admin = TenantAdminService(
            store: store, clusters: clusters.names,
            provisioners: [tasks, LocalTenantProvisioner(serviceName: "tandem-projects", service: provisioning), notify],
            pageTokens: pageTokens, logger: logger)
        var services: [any RPCService] = [
            authenticator.protect(admin) { _ in .administrator },
            authenticator.protect(directory) { _ in .service },
            authenticator.protect(provisioning) { _ in .service },
        ]
        if let taskService {
            let projects = ProjectService(
                clusters: clusters, tasks: taskService, pageTokens: pageTokens,
                outbox: Outbox(subscribers: subscribers.map(\.name)), logger: logger)
            services.append(authenticator.protect(projects, policy: ProjectService.access))
            services.append(authenticator.protect(ProjectEventSink(service: projects, logger: logger)) { _ in .serviceForTenant })
        }
        self.relay = EventRelay(clusters: clusters, subscribers: subscribers, logger: logger)
        self.services = services
        self.directory = directory
        self.authenticator = authenticator
        self.clusterNames = clusters.names
    }

    private let clusterNames: [String]

    /// Records `tandem_tenants{cluster,state}` now and every 15 s, until cancelled.
    public func recordTenantCounts() async {
        await directory.store.recordTenantCounts(clusters: clusterNames)
    }
}
