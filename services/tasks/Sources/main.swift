import TandemMigrations
import TandemRPC
import TandemRuntime
import TandemService
import TandemTasks

// tandem-tasks: tasks, blockers, recurrence series and due-date reminders (services/tasks/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .tasks)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
TandemMetrics.bootstrap()
let stack = await ServiceStack.startOrExit(configuration, migrations: .tasks, logger: logger)

var services: [any RPCService] = []
var background: [BackgroundWork] = []
if let clusters = stack.clusters {
    // Keys and tenants are resolved by tandem-projects' TenantDirectory.
    let directory = RemoteTenantDirectory(client: try stack.client(for: .projects), serviceToken: stack.serviceToken)
    let authenticator = Authenticator(configuration: stack.authentication, directory: directory, logger: logger)
    var subscribers: [any EventSubscriber] = []
    for peer in configuration.events.subscribers {
        subscribers.append(
            GRPCEventSubscriber(
                name: peer.rawValue, endpoint: peer == .notify ? .notificationService : .eventSink,
                client: try stack.client(for: peer), serviceToken: stack.serviceToken))
    }
    let assembly = TasksAssembly(
        clusters: clusters, authenticator: authenticator, subscribers: subscribers,
        reminderLead: configuration.events.reminderLead, pageTokenKey: stack.pageTokenKey, logger: logger)
    services += assembly.services
    background.append(BackgroundWork(name: "event-relay") { await assembly.relay.run() })
    background.append(BackgroundWork(name: "reminder-scanner") { await assembly.scanner.run() })
}
await ServiceRunner(
    services: [
        GRPCServing(configuration: configuration, services: services, logger: logger, readiness: stack.readiness),
        MetricsServing(configuration: configuration, logger: logger),
    ] + background,
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
