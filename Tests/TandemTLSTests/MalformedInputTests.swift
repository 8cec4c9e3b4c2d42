import TandemTLS
import Testing

@Suite("Malformed input")
struct MalformedInputTests {
    static let garbage: [(name: String, bytes: [UInt8])] = [
        ("an HTTP/1.1 request", Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)),
        ("an HTTP/2 preface", Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)),
        ("a handshake record of an unknown version", [0x16, 0x7F, 0x7F, 0x00, 0x05, 1, 2, 3, 4, 5]),
        ("a record claiming to be 64 KiB", [0x16, 0x03, 0x01, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 64)),
        ("a ClientHello full of zeros", [0x16, 0x03, 0x01, 0x00, 0x40] + [UInt8](repeating: 0, count: 64)),
        ("an alert before anything", [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]),
        ("pseudo-random bytes", (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }),
    ]

    @Test("garbage instead of a ClientHello fails the server's handshake with a typed error", arguments: garbage)
    func garbageClientHello(name: String, bytes: [UInt8]) throws {
        let server = try TLSConnection(context: TLSContext(configuration: Configurations.server()))
        var thrown: TLSError?
        do {
            try server.receive(ciphertext: bytes)
        } catch {
            thrown = error
        }
        let error = try #require(thrown, "\(name) was accepted")
        #expect(error.code == .handshakeFailed || error.code == .certificateVerificationFailed)
        #expect(error.code == .handshakeFailed, "\(name): \(error)")
        #expect(!error.openSSLErrors.isEmpty)
        #expect(server.handshakeState == .failed)
        #expect(server.failure == error)
        _ = server.drainCiphertext()  // an alert, perhaps; must not crash

        // The connection stays dead and says why, whatever comes next.
        #expect(throws: error) { try server.receive(ciphertext: [0x16, 0x03, 0x03]) }
        #expect(throws: error) { try server.writePlaintext([1]) }
        #expect(server.readPlaintext().isEmpty)
        try server.close()  // a no-op on a failed connection
    }

    @Test("garbage instead of a ServerHello fails the client's handshake")
    func garbageServerHello() throws {
        let client = try TLSConnection(context: TLSContext(configuration: Configurations.client()))
        try client.startHandshake()
        #expect(!client.drainCiphertext().isEmpty)
        #expect {
            try client.receive(ciphertext: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8))
        } throws: { error in
            (error as? TLSError)?.code == .handshakeFailed
        }
        #expect(client.handshakeState == .failed)
    }

    @Test("a tampered record after the handshake is a protocol error")
    func tamperedRecord() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        pair.pump()
        try pair.client.writePlaintext(Array("integrity matters".utf8))
        var record = pair.client.drainCiphertext()
        record[record.count - 1] ^= 0x01
        #expect {
            try pair.server.receive(ciphertext: record)
        } throws: { error in
            let error = error as? TLSError
            return error?.code == .protocolError && error?.message.contains("bad record mac") == true
        }
        #expect(pair.server.readPlaintext().isEmpty)
        // The handshake did complete; the connection failed later.
        #expect(pair.server.handshakeState == .complete)
        #expect(pair.server.failure?.code == .protocolError)
    }
}
