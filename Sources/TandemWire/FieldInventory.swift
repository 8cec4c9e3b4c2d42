/// What a message declares about one field: enough to compare it with a descriptor.
public struct FieldInfo: Hashable, Sendable, CustomStringConvertible {
    public enum Label: Hashable, Sendable {
        /// proto3 field without presence.
        case singular
        /// A field with presence: message fields and proto3 `optional` scalars.
        case optional
        case repeated
        case oneofMember
        case map(key: ProtoFieldType, value: ProtoFieldType, valueTypeName: String?)
    }

    public var number: Int
    public var name: String
    public var type: ProtoFieldType
    /// Full name of the message or enum type, for those types.
    public var typeName: String?
    public var label: Label

    public init(number: Int, name: String, type: ProtoFieldType, typeName: String?, label: Label) {
        self.number = number
        self.name = name
        self.type = type
        self.typeName = typeName
        self.label = label
    }

    public var description: String {
        "\(number) \(name): \(label) \(type)\(typeName.map { " \($0)" } ?? "")"
    }
}

/// A visitor that records each field's declaration instead of its value.
public struct FieldInventory: FieldVisitor {
    public typealias Failure = Never
    public private(set) var fields: [FieldInfo] = []

    public init() {}

    /// The fields a message type declares, in the order it visits them.
    public static func fields<M: ProtoMessage>(of type: M.Type) -> [FieldInfo] {
        var message = M()
        var inventory = FieldInventory()
        message.visitFields(&inventory)
        return inventory.fields
    }

    mutating func record<C: FieldCodec>(_ codec: C.Type, _ number: Int, _ name: StaticString, _ label: FieldInfo.Label)
    {
        fields.append(
            FieldInfo(number: number, name: name.description, type: C.fieldType, typeName: C.typeName, label: label))
    }

    public mutating func visitSingular<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value
    ) {
        record(codec, number, name, .singular)
    }

    public mutating func visitOptional<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value?
    ) {
        record(codec, number, name, .optional)
    }

    public mutating func visitRepeated<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout [C.Value]
    ) {
        record(codec, number, name, .repeated)
    }

    public mutating func visitMap<K: MapKeyCodec, V: FieldCodec>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ number: Int, _ name: StaticString,
        _ value: inout [K.Value: V.Value]
    ) {
        fields.append(
            FieldInfo(
                number: number, name: name.description, type: .message, typeName: nil,
                label: .map(key: K.fieldType, value: V.fieldType, valueTypeName: V.typeName)))
    }

    public mutating func visitOneofMember<C: FieldCodec, Oneof>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ oneof: inout Oneof?,
        extract: (Oneof) -> C.Value?, embed: (C.Value) -> Oneof
    ) {
        record(codec, number, name, .oneofMember)
    }
}
