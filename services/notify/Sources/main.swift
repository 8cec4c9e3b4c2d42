import TandemMigrations
import TandemNotify
import TandemRPC
import TandemRuntime
import TandemService

// tandem-notify: inbox, subscriptions, preferences, webhooks and their deliveries (services/notify/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .notify)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
TandemMetrics.bootstrap()
let stack = await ServiceStack.startOrExit(configuration, migrations: .notify, logger: logger)

var services: [any RPCService] = []
var background: [BackgroundWork] = []
if let clusters = stack.clusters {
    // Keys and tenants are resolved by tandem-projects' TenantDirectory.
    let directory = RemoteTenantDirectory(client: try stack.client(for: .projects), serviceToken: stack.serviceToken)
    let authenticator = Authenticator(configuration: stack.authentication, directory: directory, logger: logger)
    let webhooks = configuration.events.webhooks
    let settings = WebhookSettings(
        maxAttempts: webhooks.maxAttempts, retryBase: .milliseconds(webhooks.retryBaseMilliseconds),
        retryCap: .seconds(webhooks.retryCapSeconds), timeout: .seconds(webhooks.timeoutSeconds),
        concurrency: webhooks.concurrency,
        addressPolicy: WebhookAddressPolicy(allowed: Set(webhooks.allow.compactMap(WebhookAddressPolicy.Range.init))))
    let assembly = NotifyAssembly(
        clusters: clusters, authenticator: authenticator, pageTokenKey: stack.pageTokenKey, webhooks: settings,
        logger: logger)
    services += assembly.services
    background.append(BackgroundWork(name: "inbox-listener") { await assembly.listener.run() })
    background.append(BackgroundWork(name: "webhook-dispatcher") { await assembly.dispatcher.run() })
}
await ServiceRunner(
    services: [
        GRPCServing(configuration: configuration, services: services, logger: logger, readiness: stack.readiness),
        MetricsServing(configuration: configuration, logger: logger),
    ] + background,
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
