import NIOCore

/// An HTTP/2 frame as bytes: for reading what a session wrote and for writing what a well-behaved
/// session would never send.
struct RawFrame: Hashable, CustomStringConvertible {
    enum Kind: UInt8 {
        case data = 0, headers, priority, rstStream, settings, pushPromise, ping, goAway, windowUpdate, continuation
    }

    static let endStream: UInt8 = 0x1
    static let ack: UInt8 = 0x1
    static let endHeaders: UInt8 = 0x4

    static let clientPreface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    var type: UInt8
    var flags: UInt8
    var streamID: Int32
    var payload: [UInt8]

    init(_ kind: Kind, flags: UInt8 = 0, streamID: Int32 = 0, payload: [UInt8] = []) {
        self.type = kind.rawValue
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    var kind: Kind? { Kind(rawValue: self.type) }

    /// The 9-byte header and the payload.
    var bytes: [UInt8] {
        let length = self.payload.count
        var bytes = [
            UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff), self.type, self.flags,
        ]
        bytes += Self.bigEndian(UInt32(self.streamID))
        return bytes + self.payload
    }

    /// The error code of a RST_STREAM or GOAWAY.
    var errorCode: UInt32? {
        switch self.kind {
        case .rstStream: Self.uint32(self.payload, at: 0)
        case .goAway: Self.uint32(self.payload, at: 4)
        default: nil
        }
    }

    /// The last stream identifier of a GOAWAY.
    var lastStreamID: Int32? {
        self.kind == .goAway ? Int32(bitPattern: Self.uint32(self.payload, at: 0) & 0x7fff_ffff) : nil
    }

    var description: String {
        "\(self.kind.map { "\($0)" } ?? "type \(self.type)") flags=\(self.flags) stream=\(self.streamID) length=\(self.payload.count)"
    }

    static func rstStream(streamID: Int32, errorCode: UInt32) -> RawFrame {
        RawFrame(.rstStream, streamID: streamID, payload: bigEndian(errorCode))
    }

    /// Splits a session's output into frames, skipping the client preface when it starts with one.
    static func parse(_ buffer: ByteBuffer) -> [RawFrame] {
        var bytes = Array(buffer.readableBytesView)[...]
        if bytes.starts(with: clientPreface) { bytes = bytes.dropFirst(clientPreface.count) }
        var frames: [RawFrame] = []
        while bytes.count >= 9 {
            let header = Array(bytes.prefix(9))
            let length = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
            guard bytes.count >= 9 + length else { break }
            var frame = RawFrame(.data)
            frame.type = header[3]
            frame.flags = header[4]
            frame.streamID = Int32(bitPattern: uint32(header, at: 5) & 0x7fff_ffff)
            frame.payload = Array(bytes.dropFirst(9).prefix(length))
            frames.append(frame)
            bytes = bytes.dropFirst(9 + length)
        }
        return frames
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    private static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// Just enough HPACK to write header blocks by hand: literal fields without indexing, new name,
/// no Huffman coding (RFC 7541 §6.2.2).
enum HPACK {
    static func literal(_ name: String, _ value: String) -> [UInt8] {
        [0x00] + string(name) + string(value)
    }

    static func block(_ fields: [(String, String)]) -> [UInt8] {
        fields.flatMap { literal($0.0, $0.1) }
    }

    /// A request's pseudo-headers.
    static func request(path: String = "/tandem.Test/Call") -> [UInt8] {
        block([(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "test")])
    }

    private static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return integer(bytes.count, prefixBits: 7) + bytes
    }

    private static func integer(_ value: Int, prefixBits: Int) -> [UInt8] {
        let limit = (1 << prefixBits) - 1
        guard value >= limit else { return [UInt8(value)] }
        var bytes = [UInt8(limit)]
        var rest = value - limit
        while rest >= 128 {
            bytes.append(UInt8(rest & 0x7f | 0x80))
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }
}
