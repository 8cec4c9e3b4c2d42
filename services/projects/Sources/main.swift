import TandemRuntime

// tandem-projects: projects and their plans, the tenant registry and API keys
// (services/projects/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .projects)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
await ServiceRunner(
    services: [GRPCServing(configuration: configuration, services: [], logger: logger)],
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
