import COpenSSL
import TandemTLS
import Testing

@Suite("OpenSSL error queue")
struct ErrorQueueTests {
    /// Leaves an unrelated error on this thread's queue, as another library (or connection) might.
    private static func pollute() {
        let bio = BIO_new_file("/nonexistent/tandem-stale-error", "r")
        #expect(bio == nil)
        #expect(ERR_peek_error() != 0)
    }

    @Test("a stale error on the queue neither fails a good handshake nor shows up in another failure")
    func staleErrorsDoNotLeak() throws {
        Self.pollute()
        let good = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        Self.pollute()
        good.pump()
        #expect(good.clientError == nil)
        #expect(good.serverError == nil)
        #expect(good.server.handshakeState == .complete)

        Self.pollute()
        let server = try TLSConnection(context: TLSContext(configuration: Configurations.server()))
        Self.pollute()
        var thrown: TLSError?
        do { try server.receive(ciphertext: Array("GET / HTTP/1.1\r\n\r\n".utf8)) } catch { thrown = error }
        let handshakeError = try #require(thrown)
        #expect(!handshakeError.openSSLErrors.isEmpty)
        #expect(!handshakeError.openSSLErrors.contains(where: Self.isStale))

        // OpenSSL clears the queue itself at the start of a handshake step, but not before reading
        // records: a failure after the handshake is where a stale entry would show.
        try good.client.writePlaintext(Array("tampered".utf8))
        var record = good.client.drainCiphertext()
        record[record.count - 1] ^= 0x01
        Self.pollute()
        thrown = nil
        do { try good.server.receive(ciphertext: record) } catch { thrown = error }
        let recordError = try #require(thrown)
        #expect(recordError.code == .protocolError)
        #expect(recordError.openSSLErrors.count == 1)
        #expect(!recordError.openSSLErrors.contains(where: Self.isStale))

        // Loading a context is the same.
        Self.pollute()
        let pki = Configurations.pki
        #expect {
            _ = try TLSContext(
                configuration: .server(certificateChainPath: pki.garbagePath, privateKeyPath: pki.server.keyPath))
        } throws: { error in
            let error = error as? TLSError
            return error?.code == .fileError && error?.openSSLErrors.contains(where: Self.isStale) == false
        }
    }

    private static func isStale(_ text: String) -> Bool {
        text.contains("tandem-stale-error") || text.contains("No such file")
    }

    @Test("a failure leaves nothing on the queue for the next caller")
    func failuresAreDrained() throws {
        ERR_clear_error()
        let pair = try InMemoryPair(
            client: Configurations.client(),
            server: Configurations.server(identity: Configurations.pki.serverForOtherHost))
        pair.pump()
        #expect(pair.clientError != nil)
        #expect(ERR_peek_error() == 0)

        let pki = Configurations.pki
        #expect(throws: TLSError.self) {
            _ = try TLSContext(
                configuration: .server(certificateChainPath: pki.server.certificatePath, privateKeyPath: "/nonexistent")
            )
        }
        #expect(ERR_peek_error() == 0)
    }

    @Test("each failed connection reports only its own errors")
    func failuresAreIndependent() throws {
        let first = try TLSConnection(context: TLSContext(configuration: Configurations.server()))
        let second = try TLSConnection(context: TLSContext(configuration: Configurations.server()))
        #expect(throws: TLSError.self) { try first.receive(ciphertext: Array("GET / HTTP/1.1\r\n\r\n".utf8)) }
        var thrown: TLSError?
        do { try second.receive(ciphertext: [0x16, 0x7F, 0x7F, 0x00, 0x05, 1, 2, 3, 4, 5]) } catch { thrown = error }
        let error = try #require(thrown)
        #expect(error.openSSLErrors.count == 1)
        #expect(!error.openSSLErrors.contains { $0.contains("http request") })
        #expect(first.failure?.openSSLErrors.contains { $0.contains("http request") } == true)
    }
}
