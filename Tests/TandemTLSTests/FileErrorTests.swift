import TandemTLS
import Testing

@Suite("Loading files")
struct FileErrorTests {
    private static func contextError(_ configuration: TLSConfiguration) -> TLSError? {
        do {
            _ = try TLSContext(configuration: configuration)
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing key file is a fileError naming the path and the system's reason")
    func missingKey() throws {
        let pki = Configurations.pki
        let path = "\(pki.directory)/no-such-key.pem"
        let error = try #require(
            Self.contextError(.server(certificateChainPath: pki.server.certificatePath, privateKeyPath: path)))
        #expect(error.code == .fileError)
        #expect(error.message.contains(path))
        #expect(error.message.contains("No such file or directory"))
        #expect(!error.openSSLErrors.isEmpty)
    }

    @Test("a missing certificate chain is a fileError naming the path")
    func missingChain() throws {
        let pki = Configurations.pki
        let path = "\(pki.directory)/no-such-chain.pem"
        let error = try #require(
            Self.contextError(.server(certificateChainPath: path, privateKeyPath: pki.server.keyPath)))
        #expect(error.code == .fileError)
        #expect(error.message.contains(path))
        #expect(error.message.contains("No such file or directory"))
    }

    @Test("a file that is not PEM is a fileError naming the path")
    func notPEM() throws {
        let pki = Configurations.pki
        let error = try #require(
            Self.contextError(.server(certificateChainPath: pki.garbagePath, privateKeyPath: pki.server.keyPath)))
        #expect(error.code == .fileError)
        #expect(error.message.contains(pki.garbagePath))
        #expect(!error.message.contains("No such file"))
    }

    @Test("an encrypted key is refused as a fileError instead of prompting for a passphrase")
    func encryptedKey() throws {
        let pki = Configurations.pki
        let error = try #require(
            Self.contextError(
                .server(certificateChainPath: pki.server.certificatePath, privateKeyPath: pki.encryptedServerKeyPath)))
        #expect(error.code == .fileError)
        #expect(error.message.contains(pki.encryptedServerKeyPath))
    }

    @Test("a key that does not belong to the certificate is a privateKeyMismatch naming both files")
    func keyMismatch() throws {
        let pki = Configurations.pki
        let error = try #require(
            Self.contextError(
                .server(certificateChainPath: pki.server.certificatePath, privateKeyPath: pki.client.keyPath)))
        #expect(error.code == .privateKeyMismatch)
        #expect(error.message.contains(pki.client.keyPath))
        #expect(error.message.contains(pki.server.certificatePath))
        #expect(error.openSSLErrors.contains { $0.contains("key values mismatch") })
    }

    @Test("missing trust roots and a missing client CA are fileErrors naming the path")
    func missingTrust() throws {
        let pki = Configurations.pki
        let path = "\(pki.directory)/no-such-ca.pem"
        let clientError = try #require(Self.contextError(.client(serverHostname: "localhost", trustRootsPath: path)))
        #expect(clientError.code == .fileError)
        #expect(clientError.message.contains(path))

        let serverError = try #require(
            Self.contextError(
                .server(
                    certificateChainPath: pki.server.certificatePath, privateKeyPath: pki.server.keyPath,
                    clientCAPath: path, clientCertificateVerification: .required)))
        #expect(serverError.code == .fileError)
        #expect(serverError.message.contains(path))
    }

    @Test("a client certificate without its key is a configuration error")
    func clientCertificateWithoutKey() throws {
        let pki = Configurations.pki
        let error = try #require(
            Self.contextError(
                .client(
                    serverHostname: "localhost", trustRootsPath: pki.caPath,
                    certificateChainPath: pki.client.certificatePath)))
        #expect(error.code == .invalidConfiguration)
    }
}
