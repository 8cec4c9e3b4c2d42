import TandemRuntime

// tandem-tasks: tasks, blockers, recurrence series and due-date reminders (services/tasks/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .tasks)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
await ServiceRunner(
    services: [GRPCServing(configuration: configuration, services: [], logger: logger)],
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
