import TandemTLS
import Testing

@Suite("Handshake")
struct HandshakeTests {
    @Test("client and server agree on TLS 1.3 and h2, and the client sees the server's names")
    func handshakeCompletes() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        #expect(pair.client.handshakeState == .inProgress)
        #expect(pair.server.handshakeState == .inProgress)
        pair.pump()

        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(pair.client.handshakeState == .complete)
        #expect(pair.server.handshakeState == .complete)
        #expect(pair.client.negotiatedALPN == "h2")
        #expect(pair.server.negotiatedALPN == "h2")
        #expect(pair.client.negotiatedVersion == .tls1_3)
        #expect(pair.server.negotiatedVersion == .tls1_3)

        let certificate = try #require(pair.client.peerCertificate)
        #expect(certificate.commonName == "localhost")
        #expect(certificate.dnsNames == ["localhost"])
        #expect(certificate.ipAddresses == ["127.0.0.1"])
        #expect(certificate.uris.isEmpty)
        #expect(certificate.subject.contains("CN=localhost"))
        #expect(
            certificate.der == (try Configurations.pki.der(ofCertificate: Configurations.pki.server.certificatePath)))
        #expect(pair.server.requestedServerName == "localhost")  // SNI
        #expect(pair.client.requestedServerName == nil)
        // Without mTLS the server asks for no certificate.
        #expect(pair.server.peerCertificate == nil)
    }

    @Test("a TLS 1.2-only client still completes the handshake with h2")
    func tls12ClientIsAccepted() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(pinnedVersion: .tls1_2), server: Configurations.server())
        pair.pump()
        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(pair.server.negotiatedVersion == .tls1_2)
        #expect(pair.client.negotiatedALPN == "h2")
        #expect(pair.client.peerCertificate?.commonName == "localhost")
    }

    @Test("a TLS 1.1-only client is refused by the server with a protocol_version alert")
    func tls11ClientIsRefused() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(pinnedVersion: .tls1_1), server: Configurations.server())
        pair.pump()

        // The client did offer TLS 1.1: the refusal is the server's, not a local misconfiguration.
        #expect(pair.clientBytesSent > 0)
        #expect(pair.server.handshakeState == .failed)
        let serverError = try #require(pair.serverError)
        #expect(serverError.code == .handshakeFailed)
        #expect(serverError.message.contains("unsupported protocol"))
        #expect(serverError.openSSLErrors.contains { $0.contains("unsupported protocol") })

        #expect(pair.client.handshakeState == .failed)
        let clientError = try #require(pair.clientError)
        #expect(clientError.code == .handshakeFailed)
        #expect(clientError.openSSLErrors.contains { $0.contains("protocol version") })
    }

    @Test("the handshake completes when every byte arrives on its own")
    func handshakeOneByteAtATime() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        pair.pump(chunkSize: 1)
        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(pair.client.handshakeState == .complete)
        #expect(pair.server.handshakeState == .complete)
        #expect(pair.server.negotiatedALPN == "h2")
    }

    @Test("the client can connect by IP address when the certificate has that IP SAN")
    func ipAddressHostname() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(), server: Configurations.server(), hostname: "127.0.0.1")
        pair.pump()
        #expect(pair.clientError == nil)
        #expect(pair.client.handshakeState == .complete)
        // SNI never carries an address.
        #expect(pair.server.requestedServerName == nil)
    }

    @Test("startHandshake on a server sends nothing; the server speaks only after the ClientHello")
    func serverWaitsForClientHello() throws {
        let server = try TLSConnection(context: TLSContext(configuration: Configurations.server()))
        try server.startHandshake()
        #expect(server.drainCiphertext().isEmpty)
        #expect(server.handshakeState == .inProgress)

        let client = try TLSConnection(context: TLSContext(configuration: Configurations.client()))
        #expect(client.drainCiphertext().isEmpty)
        try client.startHandshake()
        let hello = client.drainCiphertext()
        #expect(hello.first == 0x16)  // a handshake record
        try server.receive(ciphertext: hello)
        #expect(!server.drainCiphertext().isEmpty)
    }
}
