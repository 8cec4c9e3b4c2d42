public import Logging
public import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a process's services in one `ServiceGroup` until SIGTERM or SIGINT asks them to stop.
public struct ServiceRunner: Sendable {
    private let group: ServiceGroup
    private let logger: Logger

    /// - Parameter shutdownGracePeriod: after a stop signal, how long the services may take before
    ///   they are cancelled.
    public init(services: [any Service], shutdownGracePeriod: Duration, logger: Logger) {
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownGracePeriod
        self.group = ServiceGroup(configuration: configuration)
        self.logger = logger
    }

    /// Runs until every service has returned. Returns the process exit status: 0 after a clean
    /// shutdown, 1 when a service failed.
    ///
    /// SIGPIPE is ignored from here on: a closed standard error or peer must not kill the process.
    public func run() async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        do {
            try await self.group.run()
            self.logger.info("stopped")
            return 0
        } catch {
            self.logger.error("stopped after a failure", error: error)
            return 1
        }
    }

    /// Starts a graceful shutdown, as a stop signal would.
    public func shutDownGracefully() async {
        await self.group.triggerGracefulShutdown()
    }

    /// Runs the services and exits the process with the status of `run()`.
    public func runAndExit() async -> Never {
        exit(await self.run())
    }
}

/// Work a process does beside serving (an outbox relay, a scanner): `body` runs until the
/// process is asked to stop, then is cancelled and must return promptly.
public struct BackgroundWork: Service {
    public let name: String
    private let body: @Sendable () async -> Void

    public init(name: String, _ body: @escaping @Sendable () async -> Void) {
        self.name = name
        self.body = body
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
    }
}
