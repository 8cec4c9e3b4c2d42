import TandemGRPC
import TandemRPC
import TandemTLS
import TandemTestSupport
import Testing

@Suite("GRPCClient over TLS")
struct ClientTLSTests {
    static let pki = TestPKI.shared

    static func serverTLS(mutual: Bool = false) -> TLSConfiguration {
        .server(
            certificateChainPath: pki.server.certificatePath, privateKeyPath: pki.server.keyPath,
            clientCAPath: mutual ? pki.caPath : nil, clientCertificateVerification: mutual ? .required : .none)
    }

    @Test("A call over TLS succeeds when the certificate names the host and chains to a trusted root")
    func verified() async throws {
        try await ProbeFixture.with(
            server: { $0.tls = Self.serverTLS() },
            client: { $0.tls = .client(serverHostname: "localhost", trustRootsPath: Self.pki.caPath) }
        ) { fixture in
            let response = try await fixture.client.unary(Probe.echo, ProbeRequest("secure"))
            #expect(response.text == "secure")
            #expect(response.peerCommonName == "", "no client certificate was asked for")
            // Streaming over TLS, for good measure.
            let count = try await fixture.client.serverStreaming(
                Probe.expand,
                ProbeRequest("s") {
                    $0.count = 200; $0.responseBytes = 5000
                }
            ) { responses in
                var count = 0
                for try await _ in responses { count += 1 }
                return count
            }
            #expect(count == 200)
        }
    }

    @Test("Without serverHostname, the configured host (an IP address here) is what the certificate must name")
    func hostIsTheName() async throws {
        try await ProbeFixture.with(
            server: { $0.tls = Self.serverTLS() },
            client: { $0.tls = .client(trustRootsPath: Self.pki.caPath) }
        ) { fixture in
            // The server certificate carries IP:127.0.0.1.
            let response = try await fixture.client.unary(Probe.echo, ProbeRequest("by address"))
            #expect(response.text == "by address")
        }
    }

    @Test("A certificate for another host name fails the call with UNAVAILABLE")
    func wrongHostname() async throws {
        try await ProbeFixture.with(
            server: { $0.tls = Self.serverTLS() },
            client: { $0.tls = .client(serverHostname: "tasks.internal", trustRootsPath: Self.pki.caPath) }
        ) { fixture in
            let error = await rpcError { _ = try await fixture.client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .unavailable)
            let cause = try #require(error?.cause as? TLSError, "\(String(describing: error?.cause))")
            #expect(cause.code == .certificateVerificationFailed)
            #expect(fixture.recorder.calls == 0)
        }
    }

    @Test("A certificate from an untrusted CA fails the call with UNAVAILABLE")
    func untrustedRoot() async throws {
        try await ProbeFixture.with(
            server: { $0.tls = Self.serverTLS() },
            client: { $0.tls = .client(serverHostname: "localhost", trustRootsPath: Self.pki.otherCAPath) }
        ) { fixture in
            let error = await rpcError { _ = try await fixture.client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .unavailable)
            #expect(
                (error?.cause as? TLSError)?.code == .certificateVerificationFailed,
                "\(String(reflecting: error?.cause))")
        }
    }

    @Test("A cleartext client cannot talk to a TLS server")
    func cleartextToTLS() async throws {
        try await ProbeFixture.with(
            server: { $0.tls = Self.serverTLS() }, client: { $0.connectTimeout = .seconds(2) }
        ) { fixture in
            let error = await rpcError { _ = try await fixture.client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .unavailable)
        }
    }

    @Test("Mutual TLS: the server sees the client certificate's identity")
    func mutualTLS() async throws {
        try await ProbeFixture.with(
            server: { $0.tls = Self.serverTLS(mutual: true) },
            client: {
                $0.tls = .client(
                    serverHostname: "localhost", trustRootsPath: Self.pki.caPath,
                    certificateChainPath: Self.pki.client.certificatePath, privateKeyPath: Self.pki.client.keyPath)
            }
        ) { fixture in
            let response = try await fixture.client.unary(Probe.echo, ProbeRequest("who am i"))
            #expect(response.peerCommonName == "tandem-projects")
        }
    }

    @Test("Mutual TLS: a client without a certificate is refused with UNAVAILABLE")
    func mutualTLSWithoutCertificate() async throws {
        try await ProbeFixture.with(
            server: { $0.tls = Self.serverTLS(mutual: true) },
            client: { $0.tls = .client(serverHostname: "localhost", trustRootsPath: Self.pki.caPath) }
        ) { fixture in
            let error = await rpcError { _ = try await fixture.client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .unavailable)
            #expect(fixture.recorder.calls == 0)
        }
    }

    @Test("A server TLS configuration is refused for a client")
    func serverRoleRefused() throws {
        #expect(throws: TLSError.self) {
            _ = try GRPCClient(
                configuration: GRPCClientConfiguration(host: "localhost", port: 1, tls: Self.serverTLS()),
                logger: ProbeFixture.logger)
        }
    }
}
