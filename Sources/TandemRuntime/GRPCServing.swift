public import Logging
import NIOPosix
public import ServiceLifecycle
import TandemGRPC
public import TandemRPC
import TandemSchema

/// A server process's gRPC server as a lifecycle service: its own API plus health and
/// reflection, listening until a stop signal, then draining with gRPC's two GOAWAYs.
public struct GRPCServing: Service, CustomStringConvertible {
    public let configuration: ServerConfiguration
    private let services: [any RPCService]
    private let logger: Logger
    private let readiness: (@Sendable () async -> Bool)?

    /// - Parameter readiness: Asked every 2 s while serving (the database is reachable, say):
    ///   while it answers false, health reports NOT_SERVING for the server and every service.
    public init(
        configuration: ServerConfiguration, services: [any RPCService], logger: Logger,
        readiness: (@Sendable () async -> Bool)? = nil
    ) {
        self.configuration = configuration
        self.services = services
        self.logger = logger
        self.readiness = readiness
    }

    public var description: String { configuration.server.executableName }

    public func run() async throws {
        logger.info(
            "configuration",
            metadata: configuration.logMetadata.merging(["version": "\(TandemVersion.current)"]) { $1 })
        let reflectionNames = [
            GRPCReflectionV1.ServerReflection.name, GRPCReflectionV1Alpha.ServerReflection.name,
        ]
        // Health and reflection report the services the router actually serves.
        let serviceNames = ServerRouter(services: services).serviceNames.sorted()
        let served = serviceNames + [GRPCHealthV1.Health.name] + reflectionNames
        let health = HealthService(services: serviceNames)
        let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        let descriptors = try DescriptorIndex()
        let server = try GRPCServer(
            configuration: GRPCServerConfiguration(
                host: configuration.listen.host, port: configuration.listen.port,
                tls: configuration.tls?.serverConfiguration, shutdownGracePeriod: configuration.shutdownGracePeriod),
            services: services + [
                health,
                ReflectionService<GRPCReflection.V1>(serviceNames: served, descriptors: descriptors),
                ReflectionService<GRPCReflection.V1Alpha>(serviceNames: served, descriptors: descriptors),
            ],
            logger: logger, eventLoopGroup: eventLoopGroup)
        let port: Int
        do {
            port = try await server.start()
        } catch {
            try? await eventLoopGroup.shutdownGracefully()
            throw error
        }
        logger.info("ready", metadata: ["listen": "\(configuration.listen.host):\(port)"])
        let monitor = readiness.map { check in
            Task { [logger] in
                var serving = true
                while !Task.isCancelled {
                    let ready = await check()
                    if ready != serving {
                        serving = ready
                        logger.log(level: ready ? .info : .warning, ready ? "serving again" : "not serving: the database is unreachable")
                        for name in [HealthService.overall] + serviceNames {
                            health.setStatus(ready ? .serving : .notServing, forService: name)
                        }
                    }
                    try? await Task.sleep(for: .seconds(2))
                }
            }
        }
        try? await gracefulShutdown()
        monitor?.cancel()
        logger.info("shutting down")
        health.shutdown()
        await server.shutdown()
        try? await eventLoopGroup.shutdownGracefully()
    }
}
