import TandemMigrations
import TandemRPC
import TandemRuntime
import TandemService

// tandem-notify: inbox, subscriptions, preferences, webhooks and their deliveries (services/notify/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .notify)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
let stack = await ServiceStack.startOrExit(configuration, migrations: .notify, logger: logger)

var services: [any RPCService] = []
if let clusters = stack.clusters {
    // Keys and tenants are resolved by tandem-projects' TenantDirectory.
    let directory = RemoteTenantDirectory(client: try stack.client(for: .projects), serviceToken: stack.serviceToken)
    let authenticator = Authenticator(configuration: stack.authentication, directory: directory, logger: logger)
    let provisioning = TenantProvisioningService(clusters: clusters, source: "tandem-notify", logger: logger)
    services.append(authenticator.protect(provisioning) { _ in .service })
}
await ServiceRunner(
    services: [GRPCServing(configuration: configuration, services: services, logger: logger, readiness: stack.readiness)],
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
