/// How one protobuf field type maps to a Swift value and to the wire.
///
/// Every wire rule for a type lives in its codec; messages only name the codec of each field.
public protocol FieldCodec {
    associatedtype Value: Hashable & Sendable
    static var wireType: WireType { get }
    static var fieldType: ProtoFieldType { get }
    /// The full protobuf name of a message or enum type; `nil` for scalars.
    static var typeName: String? { get }
    static var defaultValue: Value { get }
    /// Whether a proto3 field without presence holds its default and is left off the wire.
    static func isDefault(_ value: Value) -> Bool
    /// Writes the value without its tag.
    static func write(_ value: Value, to writer: inout WireWriter)
    static func read(from reader: inout WireReader) throws(WireError) -> Value
    /// Reads a repeated occurrence of a singular field: the last value wins, messages merge.
    static func merge(_ value: inout Value, from reader: inout WireReader) throws(WireError)
}

extension FieldCodec {
    @inlinable public static var typeName: String? { nil }

    @inlinable
    public static func merge(_ value: inout Value, from reader: inout WireReader) throws(WireError) {
        value = try read(from: &reader)
    }

    /// Packed encoding applies to every type that is not length-delimited.
    @inlinable static var isPackable: Bool { wireType != .lengthDelimited }
}

/// A type allowed as a map key: integers, booleans and strings.
public protocol MapKeyCodec: FieldCodec {
    /// The order map entries are written in, the same as other deterministic encoders use.
    static func sortsBefore(_ lhs: Value, _ rhs: Value) -> Bool
}

extension MapKeyCodec where Value: Comparable {
    @inlinable public static func sortsBefore(_ lhs: Value, _ rhs: Value) -> Bool { lhs < rhs }
}

/// A codec whose value is a number with no default other than zero.
public protocol ZeroDefaultCodec: FieldCodec where Value: Numeric {}

extension ZeroDefaultCodec {
    @inlinable public static var defaultValue: Value { 0 }
    @inlinable public static func isDefault(_ value: Value) -> Bool { value == 0 }
}

public enum ProtoInt32: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .int32 }
    @inlinable public static func write(_ value: Int32, to writer: inout WireWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(value)))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Int32 {
        Int32(truncatingIfNeeded: try reader.readVarint())
    }
}

public enum ProtoInt64: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .int64 }
    @inlinable public static func write(_ value: Int64, to writer: inout WireWriter) {
        writer.writeVarint(UInt64(bitPattern: value))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Int64 {
        Int64(bitPattern: try reader.readVarint())
    }
}

public enum ProtoUInt32: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .uint32 }
    @inlinable public static func write(_ value: UInt32, to writer: inout WireWriter) {
        writer.writeVarint(UInt64(value))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try reader.readVarint())
    }
}

public enum ProtoUInt64: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .uint64 }
    @inlinable public static func write(_ value: UInt64, to writer: inout WireWriter) {
        writer.writeVarint(value)
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> UInt64 {
        try reader.readVarint()
    }
}

/// `sint32`: ZigZag, so small negative numbers stay short.
public enum ProtoSInt32: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .sint32 }
    @inlinable public static func write(_ value: Int32, to writer: inout WireWriter) {
        writer.writeVarint(UInt64(ZigZag.encode(value)))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Int32 {
        ZigZag.decode(UInt32(truncatingIfNeeded: try reader.readVarint()))
    }
}

/// `sint64`: ZigZag, so small negative numbers stay short.
public enum ProtoSInt64: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .sint64 }
    @inlinable public static func write(_ value: Int64, to writer: inout WireWriter) {
        writer.writeVarint(ZigZag.encode(value))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Int64 {
        ZigZag.decode(try reader.readVarint())
    }
}

public enum ProtoFixed32: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fieldType: ProtoFieldType { .fixed32 }
    @inlinable public static func write(_ value: UInt32, to writer: inout WireWriter) { writer.writeFixed32(value) }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> UInt32 {
        try reader.readFixed32()
    }
}

public enum ProtoFixed64: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fieldType: ProtoFieldType { .fixed64 }
    @inlinable public static func write(_ value: UInt64, to writer: inout WireWriter) { writer.writeFixed64(value) }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> UInt64 {
        try reader.readFixed64()
    }
}

public enum ProtoSFixed32: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fieldType: ProtoFieldType { .sfixed32 }
    @inlinable public static func write(_ value: Int32, to writer: inout WireWriter) {
        writer.writeFixed32(UInt32(bitPattern: value))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Int32 {
        Int32(bitPattern: try reader.readFixed32())
    }
}

public enum ProtoSFixed64: ZeroDefaultCodec, MapKeyCodec {
    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fieldType: ProtoFieldType { .sfixed64 }
    @inlinable public static func write(_ value: Int64, to writer: inout WireWriter) {
        writer.writeFixed64(UInt64(bitPattern: value))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Int64 {
        Int64(bitPattern: try reader.readFixed64())
    }
}

/// `double`. The default is positive zero exactly: -0.0 has presence on the wire.
public enum ProtoDouble: FieldCodec {
    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fieldType: ProtoFieldType { .double }
    @inlinable public static var defaultValue: Double { 0 }
    @inlinable public static func isDefault(_ value: Double) -> Bool { value.bitPattern == 0 }
    @inlinable public static func write(_ value: Double, to writer: inout WireWriter) {
        writer.writeFixed64(value.bitPattern)
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Double {
        Double(bitPattern: try reader.readFixed64())
    }
}

/// `float`. The default is positive zero exactly: -0.0 has presence on the wire.
public enum ProtoFloat: FieldCodec {
    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fieldType: ProtoFieldType { .float }
    @inlinable public static var defaultValue: Float { 0 }
    @inlinable public static func isDefault(_ value: Float) -> Bool { value.bitPattern == 0 }
    @inlinable public static func write(_ value: Float, to writer: inout WireWriter) {
        writer.writeFixed32(value.bitPattern)
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Float {
        Float(bitPattern: try reader.readFixed32())
    }
}

public enum ProtoBool: MapKeyCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .bool }
    @inlinable public static var defaultValue: Bool { false }
    @inlinable public static func isDefault(_ value: Bool) -> Bool { !value }
    @inlinable public static func sortsBefore(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
    @inlinable public static func write(_ value: Bool, to writer: inout WireWriter) {
        writer.bytes.append(value ? 1 : 0)
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> Bool {
        try reader.readVarint() != 0
    }
}

/// `string`: UTF-8, validated on decode.
///
/// As a map key a string is a Swift `String`, so keys that are canonically equivalent Unicode
/// (`"\u{E9}"` and `"e\u{301}"`) are one key, where protobuf would keep two: the later entry on
/// the wire wins, as it does for repeated keys.
public enum ProtoString: MapKeyCodec {
    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var fieldType: ProtoFieldType { .string }
    @inlinable public static var defaultValue: String { "" }
    @inlinable public static func isDefault(_ value: String) -> Bool { value.isEmpty }
    /// Byte order of the UTF-8 encoding, not Unicode collation.
    @inlinable public static func sortsBefore(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
    @inlinable public static func write(_ value: String, to writer: inout WireWriter) { writer.writeString(value) }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> String {
        try reader.readString()
    }
}

public enum ProtoBytes: FieldCodec {
    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var fieldType: ProtoFieldType { .bytes }
    @inlinable public static var defaultValue: [UInt8] { [] }
    @inlinable public static func isDefault(_ value: [UInt8]) -> Bool { value.isEmpty }
    @inlinable public static func write(_ value: [UInt8], to writer: inout WireWriter) { writer.writeBytes(value) }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> [UInt8] {
        try reader.readBytes()
    }
}

/// An enum field: a varint whose unknown values are kept as they are.
public enum EnumCodec<E: ProtoEnum>: FieldCodec {
    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fieldType: ProtoFieldType { .enum }
    @inlinable public static var typeName: String? { E.protoName }
    @inlinable public static var defaultValue: E { E(rawValue: 0) }
    @inlinable public static func isDefault(_ value: E) -> Bool { value.rawValue == 0 }
    @inlinable public static func write(_ value: E, to writer: inout WireWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(value.rawValue)))
    }
    @inlinable public static func read(from reader: inout WireReader) throws(WireError) -> E {
        E(rawValue: Int32(truncatingIfNeeded: try reader.readVarint()))
    }
}

/// A nested message field: length-delimited; a repeated occurrence merges into the first.
public enum MessageCodec<M: ProtoMessage>: FieldCodec {
    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var fieldType: ProtoFieldType { .message }
    @inlinable public static var typeName: String? { M.protoName }
    @inlinable public static var defaultValue: M { M() }
    @inlinable public static func isDefault(_ value: M) -> Bool { false }

    @inlinable
    public static func write(_ value: M, to writer: inout WireWriter) {
        let start = writer.beginLengthDelimited()
        writer.writeMessageBody(value)
        writer.endLengthDelimited(start)
    }

    @inlinable
    public static func read(from reader: inout WireReader) throws(WireError) -> M {
        var message = M()
        try merge(&message, from: &reader)
        return message
    }

    @inlinable
    public static func merge(_ value: inout M, from reader: inout WireReader) throws(WireError) {
        var nested = try reader.nestedReader()
        try MessageDecoder.merge(&value, from: &nested)
    }
}

/// ZigZag mapping of signed integers onto unsigned ones: 0, -1, 1, -2 ... → 0, 1, 2, 3 ...
public enum ZigZag {
    @inlinable public static func encode(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value &<< 1) ^ (value >> 31))
    }
    @inlinable public static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value &<< 1) ^ (value >> 63))
    }
    @inlinable public static func decode(_ value: UInt32) -> Int32 {
        Int32(bitPattern: value >> 1) ^ -Int32(bitPattern: value & 1)
    }
    @inlinable public static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
