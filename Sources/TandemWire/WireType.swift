/// The six wire types of the protobuf encoding.
public enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// The field numbers protobuf allows: 1 to 2^29 - 1.
public enum FieldNumber {
    public static let maximum = (1 << 29) - 1
}

/// A field's declared type, numbered as `google.protobuf.FieldDescriptorProto.Type`.
public enum ProtoFieldType: Int, Sendable, CaseIterable {
    case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message, bytes,
        uint32, `enum`, sfixed32, sfixed64, sint32, sint64
}
