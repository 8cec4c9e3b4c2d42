/// Fields a decoder did not recognise, kept as their exact bytes (tag and value) so that
/// decoding and re-encoding a message written by a newer schema loses nothing.
public struct UnknownFields: Hashable, Sendable {
    public var bytes: [UInt8]

    @inlinable
    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    @inlinable
    public var isEmpty: Bool { bytes.isEmpty }
}
