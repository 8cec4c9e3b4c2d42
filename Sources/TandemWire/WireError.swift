/// A decoding failure, naming the message and the field where it happened.
///
/// `description` names the problem and the field path but never echoes the input bytes,
/// so it is safe to return to a client.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. A struct over a private enum, so cases can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        @usableFromInline
        enum Base: Hashable, Sendable {
            case truncated
            case overlongVarint
            case lengthOutOfBounds
            case wrongWireType
            case groupNotSupported
            case invalidWireType
            case invalidFieldNumber
            case nestingTooDeep
            case invalidUTF8
        }

        @usableFromInline
        let base: Base

        @inlinable
        init(_ base: Base) { self.base = base }

        /// The input ended in the middle of a tag or a value.
        public static let truncated = Code(.truncated)
        /// A varint ran past 10 bytes or past 64 bits.
        public static let overlongVarint = Code(.overlongVarint)
        /// A length prefix points past the end of the input.
        public static let lengthOutOfBounds = Code(.lengthOutOfBounds)
        /// A known field arrived with a wire type its declared type cannot have.
        public static let wrongWireType = Code(.wrongWireType)
        /// A group (wire types 3 and 4), which proto3 has no use for.
        public static let groupNotSupported = Code(.groupNotSupported)
        /// Wire types 6 and 7 do not exist.
        public static let invalidWireType = Code(.invalidWireType)
        /// Field number 0, or above 2^29 - 1.
        public static let invalidFieldNumber = Code(.invalidFieldNumber)
        /// Messages nested deeper than ``WireReader/maximumDepth``.
        public static let nestingTooDeep = Code(.nestingTooDeep)
        /// A string field that is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)

        public var description: String {
            switch base {
            case .truncated: "truncated input"
            case .overlongVarint: "varint longer than 10 bytes or 64 bits"
            case .lengthOutOfBounds: "length past the end of the input"
            case .wrongWireType: "wrong wire type"
            case .groupNotSupported: "group wire type is not supported"
            case .invalidWireType: "invalid wire type"
            case .invalidFieldNumber: "invalid field number"
            case .nestingTooDeep: "messages nested too deeply"
            case .invalidUTF8: "invalid UTF-8 in a string field"
            }
        }
    }

    public var code: Code
    /// Full protobuf name of the outermost message being decoded, e.g. `tandem.tasks.v1.Task`.
    public var message: String
    /// Field names from the outermost message down to the failing field, e.g. `["due_date", "month"]`.
    public var fieldPath: [String]
    /// The field number on the wire, when the failure concerns one.
    public var fieldNumber: Int?

    @inlinable
    public init(_ code: Code, message: String = "", fieldPath: [String] = [], fieldNumber: Int? = nil) {
        self.code = code
        self.message = message
        self.fieldPath = fieldPath
        self.fieldNumber = fieldNumber
    }

    /// The dotted path of the failing field, e.g. `due_date.month`; empty at message level.
    public var field: String { fieldPath.joined(separator: ".") }

    public var description: String {
        var place = message
        if !fieldPath.isEmpty { place += (place.isEmpty ? "" : ".") + field }
        if let fieldNumber, fieldPath.isEmpty || code == .invalidFieldNumber {
            place += " (field number \(fieldNumber))"
        }
        return place.isEmpty ? code.description : "\(place): \(code.description)"
    }
}
