public import Logging
public import NIOCore
public import NIOPosix
import Synchronization
public import TandemRPC
import TandemTLS

/// A gRPC server: SwiftNIO event loops accepting HTTP/2 connections (cleartext with prior
/// knowledge, or TLS with ALPN `h2`), each driven by an nghttp2 session; calls run as Swift tasks.
public final class GRPCServer: Sendable {
    public let configuration: GRPCServerConfiguration
    private let runner: ServerCallRunner
    private let logger: Logger
    private let group: any EventLoopGroup
    private let registry = ConnectionRegistry()
    private let tlsContext: TLSContext?
    private let state = Mutex<State>(.idle)

    private enum State {
        case idle
        case listening(any Channel)
        case stopped
    }

    public init(
        configuration: GRPCServerConfiguration, services: [any RPCService], logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.group = eventLoopGroup
        self.runner = ServerCallRunner(
            router: ServerRouter(services: services), configuration: configuration.calls, logger: logger)
        self.tlsContext = try configuration.tls.map { try TLSContext(configuration: $0) }
    }

    /// Binds the listening socket; returns the port it listens on (useful with port 0).
    @discardableResult
    public func start() async throws -> Int {
        let configuration = self.configuration
        let runner = self.runner
        let registry = self.registry
        let logger = self.logger
        let tlsContext = self.tlsContext
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tlsContext))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ServerConnectionHandler(
                            configuration: configuration, runner: runner, registry: registry, logger: logger))
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        state.withLock { $0 = .listening(channel) }
        let port = channel.localAddress?.port ?? configuration.port
        logger.info(
            "gRPC server listening",
            metadata: [
                "grpc.address": "\(configuration.host):\(port)", "grpc.tls": "\(configuration.tls != nil)",
            ])
        return port
    }

    /// Stops accepting, sends each connection gRPC's two GOAWAYs, lets in-flight calls finish
    /// for the grace period, then closes what is left and waits, up to the grace period again,
    /// for the cancelled calls' handlers to end.
    public func shutdown() async {
        let listener: (any Channel)? = state.withLock { state in
            defer { state = .stopped }
            if case .listening(let channel) = state { return channel }
            return nil
        }
        try? await listener?.close()
        let grace = configuration.shutdownGracePeriod
        let closing = registry.beginGracefulShutdown()
        if !closing.isEmpty {
            let allClosed = EventLoopFuture.andAllComplete(closing, on: group.next())
            let timedOut = group.next().scheduleTask(in: .init(grace)) { [registry] in registry.closeAll() }
            try? await allClosed.get()
            timedOut.cancel()
        }
        // Calls' tasks run on the event loops. Those of closed connections are cancelled; wait
        // (up to the grace period again) for them to end, so that none resumes on an event loop
        // after its group has shut down, where it could not run.
        let deadline = ContinuousClock.now.advanced(by: grace)
        while registry.callsRunning > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let left = registry.callsRunning
        if left > 0 { logger.warning("calls still running after the grace period", metadata: ["calls": "\(left)"]) }
        logger.info("gRPC server stopped")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
