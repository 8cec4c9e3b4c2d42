public import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus
public import ServiceLifecycle

/// The process's metrics: swift-metrics backed by a Prometheus registry, bootstrapped once at
/// start, before anything records a metric.
public enum TandemMetrics {
    /// The registry every metric of the process is in.
    public static let registry = PrometheusCollectorRegistry()

    /// Makes the Prometheus registry the process's metrics backend; call once, first thing in
    /// `main` (a metric made before it records nothing).
    public static func bootstrap() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Request and pool-wait durations: 0.5 ms to 10 s.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        // Relay lag runs from milliseconds to the hours an outage lasts.
        factory.durationHistogramBuckets["tandem_relay_lag_seconds"] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .seconds(5), .seconds(30), .seconds(60), .seconds(300), .seconds(1800), .seconds(3600),
        ]
        MetricsSystem.bootstrap(factory)
    }
}

/// Serves `GET /metrics` (Prometheus text format 0.0.4) on the metrics address, in plain HTTP/1.1,
/// until the process stops. Anything else answers 404.
public struct MetricsServing: Service, CustomStringConvertible {
    let listen: HostAndPort
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.init(listen: configuration.metricsListen, logger: logger)
    }

    init(listen: HostAndPort, registry: PrometheusCollectorRegistry = TandemMetrics.registry, logger: Logger) {
        self.listen = listen
        self.registry = registry
        self.logger = logger
    }

    public var description: String { "metrics" }

    public func run() async throws {
        let channel = try await start()
        logger.info("metrics ready", metadata: ["metrics_listen": "\(listen.host):\(channel.localAddress?.port ?? listen.port)"])
        // Closing the channel ends the wait, on a stop signal or when the service group cancels.
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                try? await channel.closeFuture.get()
            } onGracefulShutdown: {
                channel.close(promise: nil)
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Binds the address; the channel closes when the process stops.
    func start() async throws -> any Channel {
        let registry = self.registry
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(registry: registry))
                }
            }
            .bind(host: listen.host, port: listen.port)
            .get()
    }
}

/// Answers each request on one HTTP/1.1 connection.
final class MetricsHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let registry: PrometheusCollectorRegistry
    private var head: HTTPRequestHead?

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            head = request
        case .body:
            break
        case .end:
            guard let request = head else { return }
            head = nil
            let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
            let (status, body, type): (HTTPResponseStatus, [UInt8], String)
            if path == "/metrics" && (request.method == .GET || request.method == .HEAD) {
                (status, body, type) = (.ok, registry.emitToBuffer(), "text/plain; version=0.0.4; charset=utf-8")
            } else {
                (status, body, type) = (.notFound, Array("not found: GET /metrics\n".utf8), "text/plain; charset=utf-8")
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: String(body.count))
            let keepAlive = request.isKeepAlive
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
            if request.method != .HEAD {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}
