import TandemMigrations
import TandemProjects
import TandemRPC
import TandemRuntime
import TandemService

// tandem-projects: projects and scheduling, and the tenant directory: tenants, their placement
// and API keys (services/projects/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .projects)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
TandemMetrics.bootstrap()
let stack = await ServiceStack.startOrExit(configuration, migrations: .projects, logger: logger)

var services: [any RPCService] = []
var background: [BackgroundWork] = []
if let clusters = stack.clusters {
    var subscribers: [any EventSubscriber] = []
    for peer in configuration.events.subscribers {
        subscribers.append(
            GRPCEventSubscriber(
                name: peer.rawValue, endpoint: peer == .notify ? .notificationService : .eventSink,
                client: try stack.client(for: peer), serviceToken: stack.serviceToken))
    }
    let assembly = try ProjectsAssembly(
        clusters: clusters, authentication: stack.authentication,
        tasks: RemoteTenantProvisioner(
            serviceName: "tandem-tasks", client: try stack.client(for: .tasks), serviceToken: stack.serviceToken),
        notify: RemoteTenantProvisioner(
            serviceName: "tandem-notify", client: try stack.client(for: .notify), serviceToken: stack.serviceToken),
        taskService: RemoteTaskGateway(client: try stack.client(for: .tasks), serviceToken: stack.serviceToken),
        subscribers: subscribers, pageTokenKey: stack.pageTokenKey, logger: logger)
    services += assembly.services
    background.append(BackgroundWork(name: "event-relay") { await assembly.relay.run() })
    background.append(
        BackgroundWork(name: "tenant-counts") { await assembly.recordTenantCounts() })
}
await ServiceRunner(
    services: [
        GRPCServing(configuration: configuration, services: services, logger: logger, readiness: stack.readiness),
        MetricsServing(configuration: configuration, logger: logger),
    ] + background,
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
