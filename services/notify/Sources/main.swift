import TandemRuntime

// tandem-notify: inbox, subscriptions, preferences and webhooks (services/notify/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .notify)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
await ServiceRunner(
    services: [GRPCServing(configuration: configuration, services: [], logger: logger)],
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
