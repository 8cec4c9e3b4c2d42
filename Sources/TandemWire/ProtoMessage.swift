/// A protobuf message: a Swift struct that lists its fields once, in ``visitFields(_:)``.
///
/// Encoding, decoding and schema checks are visitors over that one list, so the wire rules live
/// in this module and each message states only its fields' numbers, names and types.
public protocol ProtoMessage: Hashable, Sendable {
    /// The full protobuf name, e.g. `tandem.tasks.v1.Task`.
    static var protoName: String { get }
    init()
    var unknownFields: UnknownFields { get set }
    /// Hands every field to the visitor in ascending field-number order.
    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure)

    // Encoding and decoding are requirements, with the defaults below, so that generic code (the
    // server's response path, a client's call) reaches the witness made in the message's own
    // module, where the default is specialized for the message's type and its fields' codecs.
    // Reached through the extension alone, a generic caller ran the visitor unspecialized,
    // looking up the codecs' generic metadata field by field.

    /// The message's wire-format encoding; fields in number order, unknown fields last.
    func serializedBytes() -> [UInt8]
    /// Decodes a message from borrowed memory without copying it first.
    init(decoding buffer: UnsafeRawBufferPointer) throws(WireError)
}

extension ProtoMessage {
    /// The message's wire-format encoding; fields in number order, unknown fields last.
    @inlinable
    public func serializedBytes() -> [UInt8] {
        var writer = WireWriter()
        writer.writeMessageBody(self)
        return writer.bytes
    }

    /// Decodes a message, refusing malformed input with a ``WireError`` that names the field.
    @inlinable
    public init(serializedBytes bytes: [UInt8]) throws(WireError) {
        self.init()
        let result: WireError? = bytes.withUnsafeBytes { buffer in
            var reader = WireReader(buffer)
            do throws(WireError) {
                try MessageDecoder.merge(&self, from: &reader)
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
    }

    /// Decodes a message from borrowed memory without copying it first.
    @inlinable
    public init(decoding buffer: UnsafeRawBufferPointer) throws(WireError) {
        self.init()
        var reader = WireReader(buffer)
        try MessageDecoder.merge(&self, from: &reader)
    }
}

/// A protobuf enum: any `Int32` is representable, so values unknown to this schema survive a
/// decode and re-encode unchanged.
public protocol ProtoEnum: RawRepresentable, Hashable, Sendable, CustomStringConvertible
where RawValue == Int32 {
    init(rawValue: Int32)
    /// The full protobuf name, e.g. `tandem.tasks.v1.TaskStatus`.
    static var protoName: String { get }
    /// The values this schema knows, by number, with their protobuf names.
    static var valueNames: [Int32: String] { get }
}

extension ProtoEnum {
    /// Whether this schema declares the value.
    public var isKnown: Bool { Self.valueNames[rawValue] != nil }

    public var description: String { Self.valueNames[rawValue] ?? "\(rawValue)" }
}

extension ProtoMessage {
    /// Builds a message by setting fields on a default one:
    /// `Task { $0.title = "Write the report" }`.
    @inlinable
    public init(_ configure: (inout Self) throws -> Void) rethrows {
        self.init()
        try configure(&self)
    }
}
