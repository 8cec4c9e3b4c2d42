import Logging
import Testing
import TandemGRPC
import TandemRPC
import TandemSchema
import TandemTestSupport
import TandemTLS

@testable import TandemRuntime

@Suite("A server process over TLS")
struct TLSServingTests {
    @Test("With TANDEM_TLS_* set, the server speaks TLS with client certificates and its peers' client config presents its own")
    func mutualTLS() async throws {
        let pki = TestPKI.shared
        let configuration = try ServerConfiguration(
            server: .tasks,
            environment: Environment([
                "TANDEM_TASKS_LISTEN": "127.0.0.1:17093", "TANDEM_TASKS_METRICS_LISTEN": "127.0.0.1:17193",
                "TANDEM_TLS_CERT_FILE": pki.server.certificatePath, "TANDEM_TLS_KEY_FILE": pki.server.keyPath,
                "TANDEM_TLS_CLIENT_CA_FILE": pki.caPath, "TANDEM_TLS_CLIENT_AUTH": "require", "TANDEM_TLS_CA_FILE": pki.caPath,
            ]))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let runner = ServiceRunner(
            services: [GRPCServing(configuration: configuration, services: [], logger: logger)], shutdownGracePeriod: .seconds(2),
            logger: logger)
        let running = Task { await runner.run() }
        defer { running.cancel() }

        /// Health of the server with a client of `tls`, retried while the server may still be starting.
        func check(_ tls: TLSConfiguration?, retry: Bool = false) async -> Status.Code? {
            guard
                let client = try? GRPCClient(
                    configuration: .init(host: "127.0.0.1", port: 17093, tls: tls, connectTimeout: .seconds(2)), logger: logger)
            else { return nil }
            let deadline = ContinuousClock.now + .seconds(10)
            var code: Status.Code = .unknown
            repeat {
                do {
                    let status = try await client.unary(GRPCHealthV1.Health.check, .init(), timeout: .seconds(5)).status
                    code = status == .serving ? .ok : .unknown
                } catch {
                    code = error.code
                }
                if code == .unavailable && retry { try? await Task.sleep(for: .milliseconds(100)) }
            } while retry && code == .unavailable && ContinuousClock.now < deadline
            await client.close()
            return code
        }

        // The peer configuration: verifies the server against the CA and presents the server's
        // own certificate, which the same CA signed.
        let peer = try #require(configuration.tls?.peerClientConfiguration)
        #expect(await check(peer, retry: true) == .ok)
        // Without a client certificate the handshake is refused.
        #expect(await check(.client(trustRootsPath: pki.caPath)) == .unavailable)
        // Cleartext is not served.
        #expect(await check(nil) == .unavailable)

        await runner.shutDownGracefully()
        _ = await running.value
    }
}
