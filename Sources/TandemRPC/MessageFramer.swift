package import NIOCore

/// Writes gRPC's Length-Prefixed-Message: a compressed flag byte, a 4-byte big-endian length, the
/// message. DATA frames carry these with no relation to frame boundaries.
package struct MessageFramer: Sendable {
    /// The size of the prefix before each message.
    package static let prefixSize = 5

    /// The largest message (before compression) this side agrees to send.
    package let maximumMessageSize: Int

    /// By default the limit is what the 4-byte length can express.
    package init(maximumMessageSize: Int = Int(UInt32.max)) {
        self.maximumMessageSize = max(0, min(maximumMessageSize, Int(UInt32.max)))
    }

    /// `message` with its prefix (see ``append(_:compression:to:)``).
    package func frame(_ message: ByteBuffer, compression: Compression? = nil) throws(RPCError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try self.append(message.readableBytesView, compression: compression, to: &buffer)
        return buffer
    }

    /// `message` with its prefix (see ``append(_:compression:to:)``).
    package func frame(_ message: [UInt8], compression: Compression? = nil) throws(RPCError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try self.append(message, compression: compression, to: &buffer)
        return buffer
    }

    /// Appends `message` with its prefix to `buffer`, so several messages can share one write.
    ///
    /// With a compression other than identity the message is compressed and flagged; should
    /// compression fail, it goes uncompressed with flag 0, which gRPC allows whatever
    /// `grpc-encoding` says.
    ///
    /// - Throws: `RESOURCE_EXHAUSTED` for a message over ``maximumMessageSize``.
    package func append(
        _ message: some Collection<UInt8>, compression: Compression? = nil, to buffer: inout ByteBuffer
    ) throws(RPCError) {
        guard message.count <= self.maximumMessageSize else {
            throw RPCError(
                code: .resourceExhausted,
                message: "message of \(message.count) bytes exceeds the limit of \(self.maximumMessageSize) bytes")
        }
        if let compression, compression != .identity,
            let compressed = try? compression.compress(message), compressed.count <= Int(UInt32.max)
        {
            buffer.reserveCapacity(minimumWritableBytes: Self.prefixSize + compressed.count)
            buffer.writeInteger(UInt8(1))
            buffer.writeInteger(UInt32(compressed.count))
            buffer.writeBytes(compressed)
        } else {
            buffer.reserveCapacity(minimumWritableBytes: Self.prefixSize + message.count)
            buffer.writeInteger(UInt8(0))
            buffer.writeInteger(UInt32(message.count))
            buffer.writeBytes(message)
        }
    }
}
