public import NIOCore
public import TandemSchema

extension ProtoMessage {
    /// The message in `buffer`'s readable bytes (one gRPC message, its 5-byte prefix removed), or
    /// why it does not decode. The caller decides which status that is: a request that does not
    /// decode is the client's error, a response that does not decode the server's.
    @inlinable
    public static func decoded(from buffer: ByteBuffer) -> Result<Self, WireError> {
        buffer.withUnsafeReadableBytes { bytes in
            do throws(WireError) {
                return .success(try Self(decoding: bytes))
            } catch {
                return .failure(error)
            }
        }
    }
}
