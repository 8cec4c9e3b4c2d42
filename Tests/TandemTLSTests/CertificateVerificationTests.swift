import TandemTLS
import Testing

@Suite("Server certificate verification")
struct CertificateVerificationTests {
    @Test("the client refuses a certificate for another hostname and names the host it expected")
    func wrongHostname() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(),
            server: Configurations.server(identity: Configurations.pki.serverForOtherHost))
        pair.pump()
        #expect(pair.client.handshakeState == .failed)
        let error = try #require(pair.clientError)
        #expect(error.code == .certificateVerificationFailed)
        #expect(error.message.contains("localhost"))
        #expect(error.message.contains("hostname mismatch"))
        #expect(error.openSSLErrors.contains { $0.contains("certificate verify failed") })
        #expect(pair.client.peerCertificate == nil)
        // The client's alert reaches the server, which fails too instead of waiting.
        #expect(pair.server.handshakeState == .failed)
        #expect(pair.serverError?.code == .certificateVerificationFailed)
    }

    @Test("a connection's hostname overrides the configuration's")
    func hostnameOverride() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(),
            server: Configurations.server(identity: Configurations.pki.serverForOtherHost),
            hostname: "other.example")
        pair.pump()
        #expect(pair.clientError == nil)
        #expect(pair.client.serverHostname == "other.example")
        #expect(pair.client.peerCertificate?.dnsNames == ["other.example"])
    }

    @Test("the client refuses an IP address the certificate does not name")
    func wrongIPAddress() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(), server: Configurations.server(), hostname: "127.0.0.2")
        pair.pump()
        let error = try #require(pair.clientError)
        #expect(error.code == .certificateVerificationFailed)
        #expect(error.message.contains("127.0.0.2"))
        #expect(error.message.contains("IP address mismatch"))
    }

    @Test("the client refuses a server whose certificate chains to a CA it does not trust")
    func untrustedServer() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(),
            server: Configurations.server(identity: Configurations.pki.serverFromOtherCA))
        pair.pump()
        #expect(pair.client.handshakeState == .failed)
        let error = try #require(pair.clientError)
        #expect(error.code == .certificateVerificationFailed)
        #expect(error.message.contains("unable to get local issuer certificate"))
        // The server learns why from the unknown_ca alert.
        let serverError = try #require(pair.serverError)
        #expect(serverError.code == .certificateVerificationFailed)
        #expect(serverError.message.contains("unknown ca"))
    }

    @Test("the system's default roots, used when no trust roots are given, do not trust the test CA")
    func systemRootsDoNotTrustTestCA() throws {
        var configuration = Configurations.client()
        configuration.trustRootsPath = nil
        let pair = try InMemoryPair(client: configuration, server: Configurations.server())
        pair.pump()
        #expect(pair.clientError?.code == .certificateVerificationFailed)
    }

    @Test("a hashed trust directory works as well as a bundle file, and only its CAs are trusted")
    func trustDirectory() throws {
        let pki = Configurations.pki
        let trusting = try pki.makeTrustDirectory(name: "trust-ca", certificates: [pki.caPath])
        let good = try InMemoryPair(
            client: Configurations.client(trustRootsPath: trusting), server: Configurations.server())
        good.pump()
        #expect(good.clientError == nil)
        #expect(good.client.handshakeState == .complete)

        let other = try pki.makeTrustDirectory(name: "trust-other-ca", certificates: [pki.otherCAPath])
        let bad = try InMemoryPair(
            client: Configurations.client(trustRootsPath: other), server: Configurations.server())
        bad.pump()
        #expect(bad.clientError?.code == .certificateVerificationFailed)
    }

    @Test("a client connection without any hostname is refused rather than accept any name")
    func clientNeedsHostname() throws {
        var configuration = Configurations.client()
        configuration.serverHostname = nil
        let context = try TLSContext(configuration: configuration)
        #expect {
            _ = try TLSConnection(context: context)
        } throws: { error in
            (error as? TLSError)?.code == .invalidConfiguration
        }
    }
}
