import TandemSchema

// Swift types for Tests/Conformance/proto/tandem/conformance/v1/codec.proto, written the way
// TandemSchema writes its messages, so scripts/conformance checks every codec and field shape
// the wire module offers, not only the ones proto/ uses today.

/// `tandem.conformance.v1`: test-only messages the conformance tool registers beside the schema.
enum CodecMessages {
    static let messageTypes: [any ProtoMessage.Type] = [AllTypes.self, Nested.self, Empty.self]
}

struct Color: ProtoEnum {
    var rawValue: Int32
    init(rawValue: Int32) { self.rawValue = rawValue }
    static let unspecified = Self(rawValue: 0)
    static let protoName = "tandem.conformance.v1.Color"
    static let valueNames: [Int32: String] = [
        0: "COLOR_UNSPECIFIED", 1: "COLOR_RED", 2: "COLOR_GREEN", 3: "COLOR_BLUE",
    ]
}

struct Nested: ProtoMessage {
    static let protoName = "tandem.conformance.v1.Nested"
    var a: Int32 = 0
    var b: String = ""
    var c: [Int32] = []
    /// Boxed in an array: a struct cannot hold itself.
    private var childStorage: [Nested] = []
    var child: Nested? {
        get { childStorage.first }
        set { childStorage = newValue.map { [$0] } ?? [] }
    }
    var m: [String: Int32] = [:]
    var unknownFields = UnknownFields()

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitSingular(ProtoInt32.self, 1, "a", &a)
        try visitor.visitSingular(ProtoString.self, 2, "b", &b)
        try visitor.visitRepeated(ProtoSInt32.self, 3, "c", &c)
        try visitor.visitOptional(MessageCodec<Nested>.self, 4, "child", &child)
        try visitor.visitMap(ProtoString.self, ProtoInt32.self, 5, "m", &m)
    }
}

struct Empty: ProtoMessage {
    static let protoName = "tandem.conformance.v1.Empty"
    var unknownFields = UnknownFields()

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
}

struct AllTypes: ProtoMessage {
    static let protoName = "tandem.conformance.v1.AllTypes"

    enum Choice: Hashable, Sendable {
        case int32(Int32)
        case string(String)
        case message(Nested)
        case color(Color)
        case bytes([UInt8])
        case double(Double)
        case sint64(Int64)
        case empty(Empty)
    }

    var fDouble: Double = 0
    var fFloat: Float = 0
    var fInt64: Int64 = 0
    var fUint64: UInt64 = 0
    var fInt32: Int32 = 0
    var fFixed64: UInt64 = 0
    var fFixed32: UInt32 = 0
    var fBool: Bool = false
    var fString: String = ""
    var fMessage: Nested?
    var fBytes: [UInt8] = []
    var fUint32: UInt32 = 0
    var fEnum: Color = .unspecified
    var fSfixed32: Int32 = 0
    var fSfixed64: Int64 = 0
    var fSint32: Int32 = 0
    var fSint64: Int64 = 0
    var oDouble: Double?
    var oFloat: Float?
    var oInt64: Int64?
    var oUint64: UInt64?
    var oInt32: Int32?
    var oFixed64: UInt64?
    var oFixed32: UInt32?
    var oBool: Bool?
    var oString: String?
    var oBytes: [UInt8]?
    var oUint32: UInt32?
    var oEnum: Color?
    var oSfixed32: Int32?
    var oSfixed64: Int64?
    var oSint32: Int32?
    var oSint64: Int64?
    var rDouble: [Double] = []
    var rFloat: [Float] = []
    var rInt64: [Int64] = []
    var rUint64: [UInt64] = []
    var rInt32: [Int32] = []
    var rFixed64: [UInt64] = []
    var rFixed32: [UInt32] = []
    var rBool: [Bool] = []
    var rString: [String] = []
    var rMessage: [Nested] = []
    var rBytes: [[UInt8]] = []
    var rUint32: [UInt32] = []
    var rEnum: [Color] = []
    var rSfixed32: [Int32] = []
    var rSfixed64: [Int64] = []
    var rSint32: [Int32] = []
    var rSint64: [Int64] = []
    var mInt32Int32: [Int32: Int32] = [:]
    var mInt64String: [Int64: String] = [:]
    var mUint32Bytes: [UInt32: [UInt8]] = [:]
    var mUint64Double: [UInt64: Double] = [:]
    var mSint32Float: [Int32: Float] = [:]
    var mSint64Message: [Int64: Nested] = [:]
    var mFixed32Enum: [UInt32: Color] = [:]
    var mFixed64Bool: [UInt64: Bool] = [:]
    var mSfixed32Sint64: [Int32: Int64] = [:]
    var mSfixed64Fixed32: [Int64: UInt32] = [:]
    var mBoolSfixed64: [Bool: Int64] = [:]
    var mStringMessage: [String: Nested] = [:]
    var mStringUint64: [String: UInt64] = [:]
    var mInt32Empty: [Int32: Empty] = [:]
    /// Boxed in an array: a struct cannot hold itself.
    private var recursiveStorage: [AllTypes] = []
    var recursive: AllTypes? {
        get { recursiveStorage.first }
        set { recursiveStorage = newValue.map { [$0] } ?? [] }
    }
    var empty: Empty?
    var fMaxNumber: String = ""
    var choice: Choice?
    var unknownFields = UnknownFields()

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitSingular(ProtoDouble.self, 1, "f_double", &fDouble)
        try visitor.visitSingular(ProtoFloat.self, 2, "f_float", &fFloat)
        try visitor.visitSingular(ProtoInt64.self, 3, "f_int64", &fInt64)
        try visitor.visitSingular(ProtoUInt64.self, 4, "f_uint64", &fUint64)
        try visitor.visitSingular(ProtoInt32.self, 5, "f_int32", &fInt32)
        try visitor.visitSingular(ProtoFixed64.self, 6, "f_fixed64", &fFixed64)
        try visitor.visitSingular(ProtoFixed32.self, 7, "f_fixed32", &fFixed32)
        try visitor.visitSingular(ProtoBool.self, 8, "f_bool", &fBool)
        try visitor.visitSingular(ProtoString.self, 9, "f_string", &fString)
        try visitor.visitOptional(MessageCodec<Nested>.self, 11, "f_message", &fMessage)
        try visitor.visitSingular(ProtoBytes.self, 12, "f_bytes", &fBytes)
        try visitor.visitSingular(ProtoUInt32.self, 13, "f_uint32", &fUint32)
        try visitor.visitSingular(EnumCodec<Color>.self, 14, "f_enum", &fEnum)
        try visitor.visitSingular(ProtoSFixed32.self, 15, "f_sfixed32", &fSfixed32)
        try visitor.visitSingular(ProtoSFixed64.self, 16, "f_sfixed64", &fSfixed64)
        try visitor.visitSingular(ProtoSInt32.self, 17, "f_sint32", &fSint32)
        try visitor.visitSingular(ProtoSInt64.self, 18, "f_sint64", &fSint64)
        try visitor.visitOptional(ProtoDouble.self, 21, "o_double", &oDouble)
        try visitor.visitOptional(ProtoFloat.self, 22, "o_float", &oFloat)
        try visitor.visitOptional(ProtoInt64.self, 23, "o_int64", &oInt64)
        try visitor.visitOptional(ProtoUInt64.self, 24, "o_uint64", &oUint64)
        try visitor.visitOptional(ProtoInt32.self, 25, "o_int32", &oInt32)
        try visitor.visitOptional(ProtoFixed64.self, 26, "o_fixed64", &oFixed64)
        try visitor.visitOptional(ProtoFixed32.self, 27, "o_fixed32", &oFixed32)
        try visitor.visitOptional(ProtoBool.self, 28, "o_bool", &oBool)
        try visitor.visitOptional(ProtoString.self, 29, "o_string", &oString)
        try visitor.visitOptional(ProtoBytes.self, 32, "o_bytes", &oBytes)
        try visitor.visitOptional(ProtoUInt32.self, 33, "o_uint32", &oUint32)
        try visitor.visitOptional(EnumCodec<Color>.self, 34, "o_enum", &oEnum)
        try visitor.visitOptional(ProtoSFixed32.self, 35, "o_sfixed32", &oSfixed32)
        try visitor.visitOptional(ProtoSFixed64.self, 36, "o_sfixed64", &oSfixed64)
        try visitor.visitOptional(ProtoSInt32.self, 37, "o_sint32", &oSint32)
        try visitor.visitOptional(ProtoSInt64.self, 38, "o_sint64", &oSint64)
        try visitor.visitRepeated(ProtoDouble.self, 41, "r_double", &rDouble)
        try visitor.visitRepeated(ProtoFloat.self, 42, "r_float", &rFloat)
        try visitor.visitRepeated(ProtoInt64.self, 43, "r_int64", &rInt64)
        try visitor.visitRepeated(ProtoUInt64.self, 44, "r_uint64", &rUint64)
        try visitor.visitRepeated(ProtoInt32.self, 45, "r_int32", &rInt32)
        try visitor.visitRepeated(ProtoFixed64.self, 46, "r_fixed64", &rFixed64)
        try visitor.visitRepeated(ProtoFixed32.self, 47, "r_fixed32", &rFixed32)
        try visitor.visitRepeated(ProtoBool.self, 48, "r_bool", &rBool)
        try visitor.visitRepeated(ProtoString.self, 49, "r_string", &rString)
        try visitor.visitRepeated(MessageCodec<Nested>.self, 51, "r_message", &rMessage)
        try visitor.visitRepeated(ProtoBytes.self, 52, "r_bytes", &rBytes)
        try visitor.visitRepeated(ProtoUInt32.self, 53, "r_uint32", &rUint32)
        try visitor.visitRepeated(EnumCodec<Color>.self, 54, "r_enum", &rEnum)
        try visitor.visitRepeated(ProtoSFixed32.self, 55, "r_sfixed32", &rSfixed32)
        try visitor.visitRepeated(ProtoSFixed64.self, 56, "r_sfixed64", &rSfixed64)
        try visitor.visitRepeated(ProtoSInt32.self, 57, "r_sint32", &rSint32)
        try visitor.visitRepeated(ProtoSInt64.self, 58, "r_sint64", &rSint64)
        try visitor.visitMap(ProtoInt32.self, ProtoInt32.self, 61, "m_int32_int32", &mInt32Int32)
        try visitor.visitMap(ProtoInt64.self, ProtoString.self, 62, "m_int64_string", &mInt64String)
        try visitor.visitMap(ProtoUInt32.self, ProtoBytes.self, 63, "m_uint32_bytes", &mUint32Bytes)
        try visitor.visitMap(ProtoUInt64.self, ProtoDouble.self, 64, "m_uint64_double", &mUint64Double)
        try visitor.visitMap(ProtoSInt32.self, ProtoFloat.self, 65, "m_sint32_float", &mSint32Float)
        try visitor.visitMap(ProtoSInt64.self, MessageCodec<Nested>.self, 66, "m_sint64_message", &mSint64Message)
        try visitor.visitMap(ProtoFixed32.self, EnumCodec<Color>.self, 67, "m_fixed32_enum", &mFixed32Enum)
        try visitor.visitMap(ProtoFixed64.self, ProtoBool.self, 68, "m_fixed64_bool", &mFixed64Bool)
        try visitor.visitMap(ProtoSFixed32.self, ProtoSInt64.self, 69, "m_sfixed32_sint64", &mSfixed32Sint64)
        try visitor.visitMap(ProtoSFixed64.self, ProtoFixed32.self, 70, "m_sfixed64_fixed32", &mSfixed64Fixed32)
        try visitor.visitMap(ProtoBool.self, ProtoSFixed64.self, 71, "m_bool_sfixed64", &mBoolSfixed64)
        try visitor.visitMap(ProtoString.self, MessageCodec<Nested>.self, 72, "m_string_message", &mStringMessage)
        try visitor.visitMap(ProtoString.self, ProtoUInt64.self, 73, "m_string_uint64", &mStringUint64)
        try visitor.visitMap(ProtoInt32.self, MessageCodec<Empty>.self, 74, "m_int32_empty", &mInt32Empty)
        try visitor.visitOneofMember(
            ProtoInt32.self, 81, "c_int32", &choice,
            extract: { if case .int32(let value) = $0 { value } else { nil } }, embed: Choice.int32)
        try visitor.visitOneofMember(
            ProtoString.self, 82, "c_string", &choice,
            extract: { if case .string(let value) = $0 { value } else { nil } }, embed: Choice.string)
        try visitor.visitOneofMember(
            MessageCodec<Nested>.self, 83, "c_message", &choice,
            extract: { if case .message(let value) = $0 { value } else { nil } }, embed: Choice.message)
        try visitor.visitOneofMember(
            EnumCodec<Color>.self, 84, "c_enum", &choice,
            extract: { if case .color(let value) = $0 { value } else { nil } }, embed: Choice.color)
        try visitor.visitOneofMember(
            ProtoBytes.self, 85, "c_bytes", &choice,
            extract: { if case .bytes(let value) = $0 { value } else { nil } }, embed: Choice.bytes)
        try visitor.visitOneofMember(
            ProtoDouble.self, 86, "c_double", &choice,
            extract: { if case .double(let value) = $0 { value } else { nil } }, embed: Choice.double)
        try visitor.visitOneofMember(
            ProtoSInt64.self, 87, "c_sint64", &choice,
            extract: { if case .sint64(let value) = $0 { value } else { nil } }, embed: Choice.sint64)
        try visitor.visitOneofMember(
            MessageCodec<Empty>.self, 88, "c_empty", &choice,
            extract: { if case .empty(let value) = $0 { value } else { nil } }, embed: Choice.empty)
        try visitor.visitOptional(MessageCodec<AllTypes>.self, 90, "recursive", &recursive)
        try visitor.visitOptional(MessageCodec<Empty>.self, 91, "empty", &empty)
        try visitor.visitSingular(ProtoString.self, 536870911, "f_max_number", &fMaxNumber)
    }
}
