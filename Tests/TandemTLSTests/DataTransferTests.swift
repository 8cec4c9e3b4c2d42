import NIOCore
import TandemTLS
import Testing

@Suite("Application data")
struct DataTransferTests {
    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    private static func connectedPair() throws -> InMemoryPair {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        pair.pump()
        try #require(pair.client.handshakeState == .complete && pair.server.handshakeState == .complete)
        return pair
    }

    @Test("1 MiB flows each way in one write", arguments: [Int.max, 1000])
    func oneMebibyteEachWay(chunkSize: Int) throws {
        let pair = try Self.connectedPair()
        let up = Self.randomBytes(1 << 20)
        let down = Self.randomBytes(1 << 20)
        try pair.client.writePlaintext(up)
        try pair.server.writePlaintext(down)
        pair.pump(chunkSize: chunkSize)
        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(pair.serverReceived.count == up.count)
        #expect(pair.serverReceived == up)
        #expect(pair.clientReceived == down)
    }

    @Test("many small writes arrive whole and in order")
    func smallWrites() throws {
        let pair = try Self.connectedPair()
        var expected: [UInt8] = []
        for index in 0..<2000 {
            let chunk = Self.randomBytes(index % 17 + 1)
            expected += chunk
            try pair.client.writePlaintext(chunk)
            if index % 100 == 0 {
                pair.pump(chunkSize: 7)
            }
        }
        pair.pump(chunkSize: 7)
        #expect(pair.serverReceived == expected)
    }

    @Test("handshake and data survive ciphertext fed one byte at a time")
    func oneByteAtATime() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        let up = Self.randomBytes(3000)
        let down = Self.randomBytes(5000)
        // Written before the handshake: kept until it completes.
        try pair.client.writePlaintext(up)
        pair.pump(chunkSize: 1)
        try pair.server.writePlaintext(down)
        pair.pump(chunkSize: 1)
        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(pair.serverReceived == up)
        #expect(pair.clientReceived == down)
    }

    @Test("plaintext written before the handshake is not sent in the clear and arrives after it")
    func writesBeforeHandshakeAreBuffered() throws {
        let client = try TLSConnection(context: TLSContext(configuration: Configurations.client()))
        let server = try TLSConnection(context: TLSContext(configuration: Configurations.server()))
        let secret = Array("a secret request body".utf8)
        try client.writePlaintext(secret)
        let hello = client.drainCiphertext()
        #expect(!hello.isEmpty)
        #expect(!Self.contains(hello, secret))
        try server.writePlaintext(Array("early server bytes".utf8))
        #expect(server.drainCiphertext().isEmpty)  // nothing before a ClientHello

        let pair = InMemoryPair(client: client, server: server)
        try server.receive(ciphertext: hello)
        pair.pump()
        #expect(pair.serverReceived == secret)
        #expect(pair.clientReceived == Array("early server bytes".utf8))
    }

    @Test("the ByteBuffer and raw-pointer entry points move the same bytes")
    func byteBufferEntryPoints() throws {
        let pair = try Self.connectedPair()
        let payload = Self.randomBytes(40_000)
        try pair.client.writePlaintext(ByteBuffer(bytes: payload[..<10_000]))
        try payload[10_000...].withUnsafeBytes { try pair.client.writePlaintext($0) }

        var ciphertext = ByteBuffer()
        let drained = pair.client.drainCiphertext(into: &ciphertext)
        #expect(drained == ciphertext.readableBytes)
        #expect(drained > payload.count)  // records add headers and tags
        try ciphertext.withUnsafeReadableBytes { try pair.server.receive(ciphertext: $0.prefix(100)) }
        ciphertext.moveReaderIndex(forwardBy: 100)
        try pair.server.receive(ciphertext: ciphertext)

        var plaintext = ByteBuffer(bytes: [0xAA])
        let moved = pair.server.readPlaintext(into: &plaintext)
        #expect(moved == payload.count)
        #expect(plaintext.readBytes(length: plaintext.readableBytes) == [0xAA] + payload)
        // Everything was handed over; nothing is read twice.
        var empty = ByteBuffer()
        #expect(pair.server.readPlaintext(into: &empty) == 0)
        #expect(pair.server.readPlaintext().isEmpty)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
