import TandemWire

/// One field of every kind the module encodes, as if generated from:
///
/// ```proto
/// message AllTypes {
///   int32 int32_value = 1;
///   string string_value = 2;
///   Nested nested = 3;
///   repeated int32 packed_int32 = 4;
///   // 5 to 8 are left free: the tests send unknown fields with these numbers.
///   repeated fixed32 packed_fixed32 = 9;
///   double double_value = 10;
///   float float_value = 11;
///   int64 int64_value = 12;
///   uint32 uint32_value = 13;
///   uint64 uint64_value = 14;
///   sint32 sint32_value = 15;
///   sint64 sint64_value = 16;
///   fixed32 fixed32_value = 17;
///   fixed64 fixed64_value = 18;
///   sfixed32 sfixed32_value = 19;
///   sfixed64 sfixed64_value = 20;
///   bool bool_value = 21;
///   bytes bytes_value = 22;
///   Color color = 23;
///   repeated string repeated_string = 24;
///   repeated Nested repeated_nested = 25;
///   map<string, int32> string_to_int32 = 26;
///   map<int64, Nested> int64_to_nested = 27;
///   oneof choice {
///     string choice_name = 28;
///     Nested choice_nested = 29;
///   }
///   optional int32 optional_int32 = 30;
///   optional string optional_string = 31;
/// }
/// ```
///
/// The first four numbers match the examples of the protobuf encoding guide, so its published
/// bytes (`08 96 01`, `12 07 74 65 73 74 69 6e 67`, ...) apply unchanged.
struct AllTypes: ProtoMessage {
    static let protoName = "tandem.wiretest.AllTypes"

    enum Choice: Hashable, Sendable {
        case name(String)
        case nested(Nested)
    }

    var int32Value: Int32 = 0
    var stringValue = ""
    var nested: Nested?
    var packedInt32: [Int32] = []
    var packedFixed32: [UInt32] = []
    var doubleValue: Double = 0
    var floatValue: Float = 0
    var int64Value: Int64 = 0
    var uint32Value: UInt32 = 0
    var uint64Value: UInt64 = 0
    var sint32Value: Int32 = 0
    var sint64Value: Int64 = 0
    var fixed32Value: UInt32 = 0
    var fixed64Value: UInt64 = 0
    var sfixed32Value: Int32 = 0
    var sfixed64Value: Int64 = 0
    var boolValue = false
    var bytesValue: [UInt8] = []
    var color = Color.unspecified
    var repeatedString: [String] = []
    var repeatedNested: [Nested] = []
    var stringToInt32: [String: Int32] = [:]
    var int64ToNested: [Int64: Nested] = [:]
    var choice: Choice?
    var optionalInt32: Int32?
    var optionalString: String?
    var unknownFields = UnknownFields()

    init() {}

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitSingular(ProtoInt32.self, 1, "int32_value", &int32Value)
        try visitor.visitSingular(ProtoString.self, 2, "string_value", &stringValue)
        try visitor.visitOptional(MessageCodec<Nested>.self, 3, "nested", &nested)
        try visitor.visitRepeated(ProtoInt32.self, 4, "packed_int32", &packedInt32)
        try visitor.visitRepeated(ProtoFixed32.self, 9, "packed_fixed32", &packedFixed32)
        try visitor.visitSingular(ProtoDouble.self, 10, "double_value", &doubleValue)
        try visitor.visitSingular(ProtoFloat.self, 11, "float_value", &floatValue)
        try visitor.visitSingular(ProtoInt64.self, 12, "int64_value", &int64Value)
        try visitor.visitSingular(ProtoUInt32.self, 13, "uint32_value", &uint32Value)
        try visitor.visitSingular(ProtoUInt64.self, 14, "uint64_value", &uint64Value)
        try visitor.visitSingular(ProtoSInt32.self, 15, "sint32_value", &sint32Value)
        try visitor.visitSingular(ProtoSInt64.self, 16, "sint64_value", &sint64Value)
        try visitor.visitSingular(ProtoFixed32.self, 17, "fixed32_value", &fixed32Value)
        try visitor.visitSingular(ProtoFixed64.self, 18, "fixed64_value", &fixed64Value)
        try visitor.visitSingular(ProtoSFixed32.self, 19, "sfixed32_value", &sfixed32Value)
        try visitor.visitSingular(ProtoSFixed64.self, 20, "sfixed64_value", &sfixed64Value)
        try visitor.visitSingular(ProtoBool.self, 21, "bool_value", &boolValue)
        try visitor.visitSingular(ProtoBytes.self, 22, "bytes_value", &bytesValue)
        try visitor.visitSingular(EnumCodec<Color>.self, 23, "color", &color)
        try visitor.visitRepeated(ProtoString.self, 24, "repeated_string", &repeatedString)
        try visitor.visitRepeated(MessageCodec<Nested>.self, 25, "repeated_nested", &repeatedNested)
        try visitor.visitMap(ProtoString.self, ProtoInt32.self, 26, "string_to_int32", &stringToInt32)
        try visitor.visitMap(ProtoInt64.self, MessageCodec<Nested>.self, 27, "int64_to_nested", &int64ToNested)
        try visitor.visitOneofMember(
            ProtoString.self, 28, "choice_name", &choice,
            extract: { if case .name(let value) = $0 { value } else { nil } },
            embed: { .name($0) })
        try visitor.visitOneofMember(
            MessageCodec<Nested>.self, 29, "choice_nested", &choice,
            extract: { if case .nested(let value) = $0 { value } else { nil } },
            embed: { .nested($0) })
        try visitor.visitOptional(ProtoInt32.self, 30, "optional_int32", &optionalInt32)
        try visitor.visitOptional(ProtoString.self, 31, "optional_string", &optionalString)
    }
}

extension AllTypes {
    /// Every field set to a value other than its default.
    static var populated: AllTypes {
        var message = AllTypes()
        message.int32Value = 150
        message.stringValue = "testing"
        message.nested = Nested(a: 7, name: "inner")
        message.packedInt32 = [3, 270, 86942, -1]
        message.packedFixed32 = [1, 0xDEAD_BEEF]
        message.doubleValue = 1.5
        message.floatValue = -2.25
        message.int64Value = -1_000_000_000_000
        message.uint32Value = 4_000_000_000
        message.uint64Value = 18_000_000_000_000_000_000
        message.sint32Value = -12345
        message.sint64Value = -1_234_567_890_123
        message.fixed32Value = 0x1234_5678
        message.fixed64Value = 0x0102_0304_0506_0708
        message.sfixed32Value = -2
        message.sfixed64Value = -3
        message.boolValue = true
        message.bytesValue = [0, 1, 0xFF, 0x80]
        message.color = .green
        message.repeatedString = ["a", "", "ünïcödé"]
        message.repeatedNested = [Nested(), Nested(a: 1), Nested(a: -1, name: "x")]
        message.stringToInt32 = ["b": 2, "a": 1, "": 0]
        message.int64ToNested = [5: Nested(a: 5), -1: Nested(), 0: Nested(a: 0, name: "zero")]
        message.choice = .nested(Nested(a: 9))
        message.optionalInt32 = 0
        message.optionalString = ""
        return message
    }
}
