import NIOCore
import Testing

@testable import TandemRPC

/// Feeds `stream` to a deframer in chunks of the given sizes (cycled), taking every message after
/// each chunk as a transport does, then checks the end of stream.
private func deframe(
    _ stream: [UInt8], chunkSizes: [Int], compression: Compression? = nil,
    limit: Int = MessageDeframer.defaultMaximumMessageSize
) throws(RPCError) -> [[UInt8]] {
    var deframer = MessageDeframer(maximumMessageSize: limit, compression: compression)
    var messages: [[UInt8]] = []
    var offset = 0
    var chunk = 0
    while offset < stream.count {
        let size = min(chunkSizes[chunk % chunkSizes.count], stream.count - offset)
        deframer.append(ByteBuffer(bytes: stream[offset..<offset + size]))
        offset += size
        chunk += 1
        while let message = try deframer.next() {
            messages.append(message.bytes)
        }
    }
    try deframer.finish()
    return messages
}

@Suite("message framing")
struct MessageFramingTests {
    static let framer = MessageFramer()

    @Test("golden bytes: flag, big-endian length, message")
    func golden() throws {
        #expect(try Self.framer.frame([0x0A, 0x03, 0x61, 0x62, 0x63]).bytes == hex("00 00000005 0A03616263"))
        #expect(try Self.framer.frame([]).bytes == hex("00 00000000"))
        #expect(try Self.framer.frame([UInt8](repeating: 7, count: 256)).bytes.prefix(5) == hex("00 00000100")[...])
        #expect(
            try Self.framer.frame([UInt8](repeating: 7, count: 0x01_02_03)).bytes.prefix(5) == hex("00 00010203")[...])
        #expect(
            try Self.framer.frame(ByteBuffer(bytes: [1, 2]), compression: .identity).bytes == hex("00 00000002 0102"))
    }

    @Test(
        "a compressed frame is flagged, and its length is the compressed size", arguments: [Compression.gzip, .deflate])
    func compressedFrame(compression: Compression) throws {
        let message = Array(String(repeating: "tandem ", count: 200).utf8)
        let frame = try Self.framer.frame(message, compression: compression).bytes
        #expect(frame[0] == 1)
        let length = frame[1...4].reduce(0) { $0 << 8 | Int($1) }
        #expect(length == frame.count - 5)
        #expect(length < message.count)
        #expect(try compression.decompress(frame[5...], limit: 1 << 20) == message)
    }

    @Test("the framer refuses a message over its limit")
    func framerLimit() throws {
        let framer = MessageFramer(maximumMessageSize: 4)
        #expect(try framer.frame([1, 2, 3, 4]).bytes == hex("00 00000004 01020304"))
        let error = #expect(throws: RPCError.self) { try framer.frame([1, 2, 3, 4, 5]) }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("golden bytes deframe to their messages")
    func goldenDeframe() throws {
        let stream = hex("00 00000005 0A03616263  00 00000000  00 00000002 0102")
        #expect(try deframe(stream, chunkSizes: [stream.count]) == [hex("0A03616263"), [], [1, 2]])
    }

    static let chunkings: [[Int]] = [[1], [2], [3], [5], [7, 1, 4096], [4096], [1, 5, 6, 1]]

    @Test("any chunking gives the same messages as the whole stream", arguments: Self.chunkings)
    func chunking(chunkSizes: [Int]) throws {
        let messages: [[UInt8]] = [
            [], [1], Array(0..<200), Array(repeating: 0x41, count: 5000), [9, 9, 9], Array(repeating: 0, count: 70_000),
        ]
        var stream = ByteBuffer()
        for (index, message) in messages.enumerated() {
            // Odd messages compressed, even ones not: both may appear on one stream.
            try Self.framer.append(message, compression: index % 2 == 1 ? .gzip : nil, to: &stream)
        }
        let whole = try deframe(stream.bytes, chunkSizes: [stream.readableBytes], compression: .gzip)
        #expect(whole == messages)
        #expect(try deframe(stream.bytes, chunkSizes: chunkSizes, compression: .gzip) == messages)
    }

    @Test("a message over 4 MiB is refused from its 5-byte prefix alone")
    func oversizedFromPrefix() throws {
        var deframer = MessageDeframer()
        deframer.append(ByteBuffer(bytes: hex("00 00400001")))
        let error = #expect(throws: RPCError.self) { try deframer.next() }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message == "message of 4194305 bytes exceeds the limit of 4194304 bytes")

        // Exactly the limit waits for its body instead.
        var atLimit = MessageDeframer()
        atLimit.append(ByteBuffer(bytes: hex("00 00400000")))
        #expect(try atLimit.next() == nil)
        #expect(atLimit.isInsideMessage)
    }

    @Test("a message of exactly the limit is accepted")
    func atLimit() throws {
        let message = [UInt8](repeating: 3, count: 1000)
        let frame = try Self.framer.frame(message).bytes
        #expect(try deframe(frame, chunkSizes: [333], limit: 1000) == [message])
        #expect(throws: RPCError.self) { try deframe(frame, chunkSizes: [333], limit: 999) }
    }

    @Test("after an error the deframer stays failed")
    func failedIsSticky() throws {
        var deframer = MessageDeframer(maximumMessageSize: 10)
        deframer.append(ByteBuffer(bytes: hex("00 0000000B")))
        #expect(throws: RPCError.self) { try deframer.next() }
        deframer.append(ByteBuffer(bytes: try Self.framer.frame([1]).bytes))
        let again = #expect(throws: RPCError.self) { try deframer.next() }
        #expect(again?.code == .resourceExhausted)
        #expect(throws: RPCError.self) { try deframer.finish() }
    }

    @Test(
        "a compressed flag without a negotiated compression is INTERNAL",
        arguments: [nil, Compression.identity] as [Compression?])
    func compressedWithoutEncoding(compression: Compression?) throws {
        let frame = try Self.framer.frame([1, 2, 3], compression: .gzip).bytes
        #expect(frame[0] == 1)
        let error = #expect(throws: RPCError.self) { try deframe(frame, chunkSizes: [100], compression: compression) }
        #expect(error?.code == .internalError)
    }

    @Test("flag values other than 0 and 1 are INTERNAL", arguments: [UInt8(2), 0x80, 0xFF])
    func invalidFlag(flag: UInt8) {
        let error = #expect(throws: RPCError.self) {
            try deframe([flag, 0, 0, 0, 1, 0x41], chunkSizes: [1], compression: .gzip)
        }
        #expect(error?.code == .internalError)
    }

    @Test(
        "a stream that ends inside a message is INTERNAL",
        arguments: [hex("00"), hex("00 000000"), hex("00 00000005 0A03"), hex("00 00000001 41 00 0000")])
    func truncated(stream: [UInt8]) {
        let error = #expect(throws: RPCError.self) { try deframe(stream, chunkSizes: [1]) }
        #expect(error?.code == .internalError)
        #expect(error?.message.hasPrefix("truncated message") == true)
    }

    @Test("an empty stream and a stream of whole messages end cleanly")
    func cleanEnd() throws {
        #expect(try deframe([], chunkSizes: [1]) == [])
        var deframer = MessageDeframer()
        try deframer.finish()
        #expect(!deframer.isInsideMessage)
    }

    @Test("a compressed message that expands past the limit is RESOURCE_EXHAUSTED")
    func decompressedOverLimit() throws {
        let message = [UInt8](repeating: 0, count: 2000)
        let frame = try Self.framer.frame(message, compression: .gzip).bytes
        #expect(frame.count < 100)
        #expect(try deframe(frame, chunkSizes: [7], compression: .gzip, limit: 2000) == [message])
        let error = #expect(throws: RPCError.self) {
            try deframe(frame, chunkSizes: [7], compression: .gzip, limit: 1999)
        }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("a compressed message that does not decompress is INTERNAL")
    func corrupt() throws {
        var frame = try Self.framer.frame(Array("hello, corrupt world".utf8), compression: .gzip).bytes
        // The last 8 bytes are the gzip trailer: CRC-32 then length.
        frame[frame.count - 8] ^= 0xFF
        let error = #expect(throws: RPCError.self) { try deframe(frame, chunkSizes: [64], compression: .gzip) }
        #expect(error?.code == .internalError)
    }
}
