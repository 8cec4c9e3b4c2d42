import TandemTLS
import Testing

@Suite("Client certificates (mTLS)")
struct MutualTLSTests {
    static let versions: [TLSVersion] = [.tls1_2, .tls1_3]

    @Test("required: a client without a certificate is refused", arguments: versions)
    func requiredRefusesMissingCertificate(version: TLSVersion) throws {
        let pair = try InMemoryPair(
            client: Configurations.client(pinnedVersion: version),
            server: Configurations.server(clientCertificateVerification: .required))
        pair.pump()
        #expect(pair.server.handshakeState == .failed)
        let error = try #require(pair.serverError)
        #expect(error.code == .certificateVerificationFailed)
        #expect(error.message == "the client sent no certificate")
        #expect(pair.server.peerCertificate == nil)
        // TLS 1.3 clients finish before the server has judged them; either way the alert ends them.
        let clientError = try #require(pair.clientError)
        if version == .tls1_3 {
            #expect(clientError.code == .certificateVerificationFailed)
            #expect(clientError.message.contains("certificate required"))
        } else {
            #expect(pair.client.handshakeState == .failed)
        }
    }

    @Test("required: a client certificate from another CA is refused", arguments: versions)
    func requiredRefusesOtherCA(version: TLSVersion) throws {
        let pair = try InMemoryPair(
            client: Configurations.client(identity: Configurations.pki.clientFromOtherCA, pinnedVersion: version),
            server: Configurations.server(clientCertificateVerification: .required))
        pair.pump()
        #expect(pair.server.handshakeState == .failed)
        let error = try #require(pair.serverError)
        #expect(error.code == .certificateVerificationFailed)
        #expect(error.message.contains("client certificate failed verification"))
        #expect(error.message.contains("unable to get local issuer certificate"))
        #expect(pair.server.peerCertificate == nil)
        #expect(pair.clientError?.code == .certificateVerificationFailed)  // unknown_ca alert
    }

    @Test("required: the right client certificate is accepted and exposed as the identity", arguments: versions)
    func requiredAcceptsTrustedClient(version: TLSVersion) throws {
        let pki = Configurations.pki
        let pair = try InMemoryPair(
            client: Configurations.client(identity: pki.client, pinnedVersion: version),
            server: Configurations.server(clientCertificateVerification: .required))
        pair.pump()
        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(pair.server.handshakeState == .complete)
        #expect(pair.server.negotiatedVersion == version)

        let identity = try #require(pair.server.peerCertificate)
        #expect(identity.commonName == "tandem-projects")
        #expect(identity.dnsNames == ["projects.internal"])
        #expect(identity.uris == ["spiffe://tandem/projects"])
        #expect(identity.ipAddresses.isEmpty)
        #expect(identity.subject == "O=Tandem,CN=tandem-projects")
        #expect(identity.der == (try pki.der(ofCertificate: pki.client.certificatePath)))
        // Data flows once the client is accepted.
        try pair.client.writePlaintext(Array("hello".utf8))
        pair.pump()
        #expect(pair.serverReceived == Array("hello".utf8))
    }

    @Test("every kind of SAN is read safely; DNS, URI and IP names are exposed in order")
    func manyKindsOfNames() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(identity: Configurations.pki.clientWithManyNames),
            server: Configurations.server(clientCertificateVerification: .required))
        pair.pump()
        #expect(pair.serverError == nil)
        let identity = try #require(pair.server.peerCertificate)
        #expect(identity.commonName == "many-names")
        #expect(identity.dnsNames == ["a.example", "b.example"])
        #expect(identity.uris == ["spiffe://tandem/many"])
        #expect(identity.ipAddresses == ["::1"])
    }

    @Test("optional: a client without a certificate is accepted with no identity")
    func optionalAcceptsAnonymousClient() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(),
            server: Configurations.server(clientCertificateVerification: .optional))
        pair.pump()
        #expect(pair.serverError == nil)
        #expect(pair.server.handshakeState == .complete)
        #expect(pair.server.peerCertificate == nil)
    }

    @Test("optional: a client certificate is verified and exposed when sent")
    func optionalVerifiesSentCertificate() throws {
        let pki = Configurations.pki
        let good = try InMemoryPair(
            client: Configurations.client(identity: pki.client),
            server: Configurations.server(clientCertificateVerification: .optional))
        good.pump()
        #expect(good.server.peerCertificate?.commonName == "tandem-projects")

        let bad = try InMemoryPair(
            client: Configurations.client(identity: pki.clientFromOtherCA),
            server: Configurations.server(clientCertificateVerification: .optional))
        bad.pump()
        #expect(bad.serverError?.code == .certificateVerificationFailed)
    }

    @Test("none: a client certificate is not even asked for")
    func noneIgnoresClientCertificate() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(identity: Configurations.pki.clientFromOtherCA),
            server: Configurations.server(clientCertificateVerification: .none))
        pair.pump()
        #expect(pair.serverError == nil)
        #expect(pair.server.peerCertificate == nil)
    }

    @Test("verification without a client CA file is a configuration error")
    func verificationNeedsCA() {
        let pki = Configurations.pki
        #expect {
            _ = try TLSContext(
                configuration: .server(
                    certificateChainPath: pki.server.certificatePath, privateKeyPath: pki.server.keyPath,
                    clientCertificateVerification: .required))
        } throws: { error in
            let error = error as? TLSError
            return error?.code == .invalidConfiguration && error?.message.contains("clientCAPath") == true
        }
    }
}
