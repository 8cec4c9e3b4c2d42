import TandemGRPC
import TandemRPC
import Testing

@Suite("GRPCClient reconnection")
struct ClientReconnectTests {
    /// A port nothing listens on any more: one a server had.
    static func freePort() async throws -> Int {
        let server = try ProbeFixture.makeServer(
            GRPCServerConfiguration(host: "127.0.0.1", port: 0), recorder: ProbeRecorder())
        let port = try await server.start()
        await server.shutdown()
        return port
    }

    /// A server on `port` (0: any free port), and the port it listens on.
    static func startServer(
        port: Int, recorder: ProbeRecorder = ProbeRecorder()
    ) async throws -> (GRPCServer, port: Int) {
        let server = try ProbeFixture.makeServer(
            GRPCServerConfiguration(host: "127.0.0.1", port: port), recorder: recorder)
        return (server, try await server.start())
    }

    static func client(port: Int, backoff: GRPCClientConfiguration.Backoff) throws -> GRPCClient {
        try GRPCClient(
            configuration: GRPCClientConfiguration(host: "127.0.0.1", port: port, backoff: backoff),
            logger: ProbeFixture.logger)
    }

    @Test("After the server restarts, the next call connects again and succeeds")
    func serverRestart() async throws {
        let firstRecorder = ProbeRecorder()
        let (first, port) = try await Self.startServer(port: 0, recorder: firstRecorder)
        let client = try Self.client(port: port, backoff: .init())
        let before = try await client.unary(Probe.echo, ProbeRequest("before"))
        #expect(before.text == "before")
        await first.shutdown()
        // GRPCServer closes an idle connection right after its first GOAWAY, so shutdown() can
        // return before the client has read it; a call in that moment would go out on the dying
        // connection and fail with UNAVAILABLE (see the report). A real restart takes longer.
        try await Task.sleep(for: .milliseconds(100))

        let secondRecorder = ProbeRecorder()
        let (second, _) = try await Self.startServer(port: port, recorder: secondRecorder)
        let response = try await client.unary(Probe.echo, ProbeRequest("after"))
        #expect(response.text == "after")
        #expect(firstRecorder.calls == 1)
        #expect(secondRecorder.calls == 1, "the call went to the new server")
        await client.close()
        await second.shutdown()
    }

    @Test("While the server is down: UNAVAILABLE, then fail-fast during the backoff; waitForReady waits it out")
    func backoff() async throws {
        let port = try await Self.freePort()
        // A delay long enough that the second call comes within it also on a loaded machine.
        let client = try Self.client(port: port, backoff: .init(initial: .seconds(5), jitter: 0))

        let refused = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
        let failedAt = ContinuousClock.now
        #expect(refused?.code == .unavailable)
        #expect(refused?.message.contains("cannot connect to 127.0.0.1:\(port)") == true, "\(refused?.message ?? "")")
        #expect(refused?.cause != nil)

        // Within the backoff delay no attempt is made: the call fails at once.
        let fast = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
        #expect(fast?.code == .unavailable)
        #expect(fast?.message.contains("backing off") == true, "\(fast?.message ?? "")")

        // The server is back at once, but the next attempt waits for the end of the delay.
        let (server, _) = try await Self.startServer(port: port)
        let response = try await client.unary(Probe.echo, ProbeRequest("ready"), waitForReady: true)
        let waited = ContinuousClock.now - failedAt
        #expect(response.text == "ready")
        // The delay runs from the failed attempt, a little before `failedAt` on a loaded machine.
        #expect(waited >= .milliseconds(1000), "the call waited for the backoff: \(waited)")
        #expect(waited < .seconds(30), "\(waited)")

        // Connected: calls go through with no delay.
        let again = try await client.unary(Probe.echo, ProbeRequest("again"))
        #expect(again.text == "again")
        await client.close()
        await server.shutdown()
    }

    @Test("waitForReady retries with growing delays until the server comes up")
    func waitForReadyRetries() async throws {
        let port = try await Self.freePort()
        let client = try Self.client(port: port, backoff: .init(initial: .milliseconds(50), multiplier: 2, jitter: 0))
        let call = Task { try await client.unary(Probe.echo, ProbeRequest("patient"), waitForReady: true) }
        // Attempts at about 0, 50, 150, 350, 750 ms: the server appears after the fourth.
        try await Task.sleep(for: .milliseconds(500))
        let (server, _) = try await Self.startServer(port: port)
        let response = try await call.value
        #expect(response.text == "patient")
        await client.close()
        await server.shutdown()
    }

    @Test("waitForReady still respects the call's deadline")
    func waitForReadyDeadline() async throws {
        let port = try await Self.freePort()
        let client = try Self.client(port: port, backoff: .init(initial: .milliseconds(50), jitter: 0))
        let start = ContinuousClock.now
        let error = await rpcError {
            _ = try await client.unary(Probe.echo, ProbeRequest("x"), timeout: .milliseconds(300), waitForReady: true)
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(ContinuousClock.now - start < .seconds(30), "bounded, not hung (generous: CI shares two cores)")
        await client.close()
    }

    @Test("A graceful server shutdown lets the call in flight finish")
    func serverShutdownDrains() async throws {
        let (server, port) = try await Self.startServer(port: 0)
        let client = try Self.client(port: port, backoff: .init())
        _ = try await client.unary(Probe.echo, ProbeRequest("warm up"))
        let call = Task { try await client.unary(Probe.echo, ProbeRequest("slow") { $0.delayMs = 400 }) }
        try await Task.sleep(for: .milliseconds(100))
        await server.shutdown()
        let slow = try await call.value
        #expect(slow.text == "slow")
        let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
        #expect(error?.code == .unavailable, "the server is gone")
        await client.close()
    }

    @Test("A connection lost mid-call fails the call with UNAVAILABLE")
    func connectionLost() async throws {
        let recorder = ProbeRecorder()
        let server = try ProbeFixture.makeServer(
            GRPCServerConfiguration(host: "127.0.0.1", port: 0, shutdownGracePeriod: .milliseconds(200)),
            recorder: recorder)
        let port = try await server.start()
        let client = try Self.client(port: port, backoff: .init())
        let call = Task { try await client.unary(Probe.echo, ProbeRequest("x") { $0.waitForCancel = true }) }
        #expect(await eventually { recorder.waitingForCancel == 1 })
        await server.shutdown()  // the grace period ends with the connection closed under the call
        let result = await call.result
        guard case .failure(let error as RPCError) = result else {
            Issue.record("expected an RPCError, got \(result)")
            return
        }
        #expect(error.code == .unavailable)
        await client.close()
    }
}
