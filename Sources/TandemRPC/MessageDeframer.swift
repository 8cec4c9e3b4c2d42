package import NIOCore

/// Reads gRPC's Length-Prefixed-Messages out of DATA frame payloads of any size. A plain value
/// that does no I/O: the transport appends what arrives and takes messages while there are any.
/// A message over the limit is refused as soon as its 5-byte prefix is in, before its body is
/// buffered, and decompression stops at the same limit.
package struct MessageDeframer: Sendable {
    /// The default receive limit, as in other gRPC implementations.
    package static let defaultMaximumMessageSize = 4 * 1024 * 1024

    private enum State: Sendable {
        /// Waiting for the 5-byte prefix of the next message.
        case prefix
        /// The prefix is read; waiting for `length` bytes of body.
        case body(compressed: Bool, length: Int)
        /// A framing error: the stream is unusable and every later call reports it again.
        case failed(RPCError)
    }

    /// The largest message accepted, after decompression.
    package let maximumMessageSize: Int
    /// The peer's `grpc-encoding`; `nil` (or identity) when it sent none, and then a compressed
    /// flag is a protocol error.
    package let compression: Compression?

    private var state: State = .prefix
    private var buffer = ByteBuffer()

    package init(maximumMessageSize: Int = Self.defaultMaximumMessageSize, compression: Compression? = nil) {
        self.maximumMessageSize = max(0, maximumMessageSize)
        self.compression = compression == .identity ? nil : compression
    }

    /// Adds received bytes. Nothing is decoded until ``next()``; call it until it returns `nil`
    /// after each append, so that no more than one message and one chunk are ever held.
    package mutating func append(_ bytes: ByteBuffer) {
        if case .failed = self.state { return }
        if self.buffer.readableBytes == 0 {
            // Take the chunk as it is: no copy for the common one-message-per-frame case.
            self.buffer = bytes
        } else {
            self.buffer.writeImmutableBuffer(bytes)
        }
    }

    /// The next complete message, decompressed; `nil` if more bytes are needed.
    ///
    /// - Throws: `RESOURCE_EXHAUSTED` for a message over the limit (read from its prefix, or
    ///   reached while decompressing); `INTERNAL` for a flag other than 0 or 1, a compressed
    ///   message without a negotiated compression, or data that does not decompress. After an
    ///   error the deframer stays failed.
    package mutating func next() throws(RPCError) -> ByteBuffer? {
        while true {
            switch self.state {
            case .failed(let error):
                throw error
            case .prefix:
                guard self.buffer.readableBytes >= 5 else {
                    self.compact()
                    return nil
                }
                let flag = self.buffer.readInteger(as: UInt8.self)!
                let length = Int(self.buffer.readInteger(as: UInt32.self)!)
                switch flag {
                case 0:
                    break
                case 1 where self.compression == nil:
                    try self.fail(
                        RPCError(
                            code: .internalError,
                            message: "compressed message received but no grpc-encoding was negotiated"))
                case 1:
                    break
                default:
                    try self.fail(RPCError(code: .internalError, message: "invalid compressed flag \(flag)"))
                }
                guard length <= self.maximumMessageSize else {
                    try self.fail(
                        RPCError(
                            code: .resourceExhausted,
                            message: "message of \(length) bytes exceeds the limit of \(self.maximumMessageSize) bytes"
                        ))
                }
                self.state = .body(compressed: flag == 1, length: length)
                let missing = length - self.buffer.readableBytes
                if missing > 0 {
                    // Room for exactly this message, rather than doubling past the limit as it arrives.
                    self.buffer.discardReadBytes()
                    self.buffer.reserveCapacity(minimumWritableBytes: missing)
                }
            case .body(let compressed, let length):
                guard let body = self.buffer.readSlice(length: length) else {
                    self.compact()
                    return nil
                }
                self.state = .prefix
                guard compressed, let compression = self.compression else { return body }
                do {
                    let bytes = try compression.decompress(body.readableBytesView, limit: self.maximumMessageSize)
                    return ByteBuffer(bytes: bytes)
                } catch {
                    try self.fail(error)
                }
            }
        }
    }

    /// Checks that the stream ended on a message boundary; call it at end of stream, after
    /// ``next()`` has returned `nil`.
    ///
    /// - Throws: `INTERNAL` if the stream stopped inside a message; any earlier framing error.
    package mutating func finish() throws(RPCError) {
        switch self.state {
        case .failed(let error):
            throw error
        case .prefix where self.buffer.readableBytes == 0:
            return
        case .prefix:
            try self.fail(
                RPCError(
                    code: .internalError,
                    message: "truncated message: stream ended after \(self.buffer.readableBytes) of 5 prefix bytes"))
        case .body(_, let length):
            try self.fail(
                RPCError(
                    code: .internalError,
                    message: "truncated message: stream ended after \(self.buffer.readableBytes) of \(length) bytes"))
        }
    }

    /// Whether a message has been started but not completed (for diagnostics).
    package var isInsideMessage: Bool {
        switch self.state {
        case .body: true
        case .prefix: self.buffer.readableBytes > 0
        case .failed: false
        }
    }

    private mutating func fail(_ error: RPCError) throws(RPCError) -> Never {
        self.state = .failed(error)
        self.buffer = ByteBuffer()
        throw error
    }

    /// Drops consumed bytes once they are the larger part of the buffer, so a long stream does not
    /// grow it without bound.
    private mutating func compact() {
        if self.buffer.readableBytes == 0 {
            self.buffer = ByteBuffer()
        } else if self.buffer.readerIndex > 1024, self.buffer.readerIndex > self.buffer.readableBytes {
            self.buffer.discardReadBytes()
        }
    }
}
