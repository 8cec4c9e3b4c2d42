public import Logging
public import ServiceLifecycle

/// A server process that has its configuration but no API yet: it logs the configuration, reports
/// ready and waits for graceful shutdown. It opens no socket; the gRPC server replaces it in a
/// later part.
public struct IdleServer: Service, CustomStringConvertible {
    public let configuration: ServerConfiguration
    private let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public var description: String { self.configuration.server.executableName }

    public func run() async throws {
        self.logger.info(
            "configuration",
            metadata: self.configuration.logMetadata.merging(["version": "\(TandemVersion.current)"]) { $1 })
        self.logger.info(
            "ready",
            metadata: ["listen": "\(self.configuration.listen)", "grpc": "not served yet"])
        try await gracefulShutdown()
        self.logger.info("shutting down")
    }
}
