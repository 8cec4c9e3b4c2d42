import NIOCore
import NIOPosix
import Synchronization
import TandemGRPC
import TandemRPC
import Testing

/// A TCP relay between a client and a server that can go silent: after `freeze()` it forwards
/// nothing either way and closes nothing, like a peer whose host vanished or a NAT that dropped
/// the flow.
final class FreezingRelay: Sendable {
    /// Shared by the relay's handlers (an `Atomic` cannot be copied into them).
    final class Switch: Sendable {
        let on = Atomic<Bool>(false)
    }

    let frozen = Switch()
    let channel: any Channel

    init(to port: Int) async throws {
        let frozen = self.frozen
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.autoRead, value: true)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(Forward(to: inbound, frozen: frozen))
                        }
                    }
                    .connect(host: "127.0.0.1", port: port)
                    .flatMapThrowing { outbound in
                        try inbound.pipeline.syncOperations.addHandler(Forward(to: outbound, frozen: frozen))
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var port: Int { channel.localAddress!.port! }

    func freeze() { frozen.on.store(true, ordering: .sequentiallyConsistent) }

    func close() async { try? await channel.close() }

    final class Forward: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let peer: any Channel
        let frozen: Switch

        init(to peer: any Channel, frozen: Switch) {
            self.peer = peer
            self.frozen = frozen
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !frozen.on.load(ordering: .sequentiallyConsistent) else { return }
            peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }
    }
}

@Suite("GRPCClient keepalive")
struct ClientKeepaliveTests {
    static func client(port: Int, keepalive: GRPCClientConfiguration.Keepalive?) throws -> GRPCClient {
        try GRPCClient(
            configuration: GRPCClientConfiguration(host: "127.0.0.1", port: port, keepalive: keepalive),
            logger: ProbeFixture.logger)
    }

    @Test("A call on a connection that goes silent fails with UNAVAILABLE once a keepalive PING goes unanswered")
    func silentConnection() async throws {
        let (server, port) = try await ClientReconnectTests.startServer(port: 0)
        let relay = try await FreezingRelay(to: port)
        let client = try Self.client(
            port: relay.port, keepalive: .init(interval: .milliseconds(200), timeout: .milliseconds(300)))
        #expect(try await client.unary(Probe.echo, ProbeRequest("warm")).text == "warm")

        var request = ProbeRequest("stuck")
        request.waitForCancel = true
        let started = ContinuousClock.now
        async let call = rpcError { _ = try await client.unary(Probe.echo, request) }
        try await Task.sleep(for: .milliseconds(100))
        relay.freeze()
        let error = await call
        let waited = ContinuousClock.now - started
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("keepalive") == true, "\(error?.message ?? "")")
        #expect(waited < .seconds(5), "\(waited)")
        await client.close()
        await relay.close()
        await server.shutdown()
    }

    @Test("Without keepalive the same call waits (here until its own deadline)")
    func withoutKeepalive() async throws {
        let (server, port) = try await ClientReconnectTests.startServer(port: 0)
        let relay = try await FreezingRelay(to: port)
        let client = try Self.client(port: relay.port, keepalive: nil)
        _ = try await client.unary(Probe.echo, ProbeRequest("warm"))
        var request = ProbeRequest("stuck")
        request.waitForCancel = true
        async let call = rpcError { _ = try await client.unary(Probe.echo, request, timeout: .seconds(2)) }
        try await Task.sleep(for: .milliseconds(100))
        relay.freeze()
        #expect(await call?.code == .deadlineExceeded)
        await client.close()
        await relay.close()
        await server.shutdown()
    }

    @Test("An answered PING keeps a quiet call open; the server's ping policy allows it")
    func answeredPings() async throws {
        var configuration = GRPCServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.minimumPingInterval = .milliseconds(100)
        let server = try ProbeFixture.makeServer(configuration, recorder: ProbeRecorder())
        let port = try await server.start()
        let client = try Self.client(port: port, keepalive: .init(interval: .milliseconds(200), timeout: .seconds(2)))
        var request = ProbeRequest("slow")
        request.delayMs = 1500
        #expect(try await client.unary(Probe.echo, request).text == "slow", "about 7 PINGs went out and were answered")
        await client.close()
        await server.shutdown()
    }
}
