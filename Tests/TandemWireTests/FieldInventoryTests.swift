import TandemWire
import Testing

@Suite("field inventory")
struct FieldInventoryTests {
    @Test("AllTypes lists every field with its number, name, type and label, in number order")
    func allTypes() {
        let nested = Nested.protoName
        let expected: [FieldInfo] = [
            FieldInfo(number: 1, name: "int32_value", type: .int32, typeName: nil, label: .singular),
            FieldInfo(number: 2, name: "string_value", type: .string, typeName: nil, label: .singular),
            FieldInfo(number: 3, name: "nested", type: .message, typeName: nested, label: .optional),
            FieldInfo(number: 4, name: "packed_int32", type: .int32, typeName: nil, label: .repeated),
            FieldInfo(number: 9, name: "packed_fixed32", type: .fixed32, typeName: nil, label: .repeated),
            FieldInfo(number: 10, name: "double_value", type: .double, typeName: nil, label: .singular),
            FieldInfo(number: 11, name: "float_value", type: .float, typeName: nil, label: .singular),
            FieldInfo(number: 12, name: "int64_value", type: .int64, typeName: nil, label: .singular),
            FieldInfo(number: 13, name: "uint32_value", type: .uint32, typeName: nil, label: .singular),
            FieldInfo(number: 14, name: "uint64_value", type: .uint64, typeName: nil, label: .singular),
            FieldInfo(number: 15, name: "sint32_value", type: .sint32, typeName: nil, label: .singular),
            FieldInfo(number: 16, name: "sint64_value", type: .sint64, typeName: nil, label: .singular),
            FieldInfo(number: 17, name: "fixed32_value", type: .fixed32, typeName: nil, label: .singular),
            FieldInfo(number: 18, name: "fixed64_value", type: .fixed64, typeName: nil, label: .singular),
            FieldInfo(number: 19, name: "sfixed32_value", type: .sfixed32, typeName: nil, label: .singular),
            FieldInfo(number: 20, name: "sfixed64_value", type: .sfixed64, typeName: nil, label: .singular),
            FieldInfo(number: 21, name: "bool_value", type: .bool, typeName: nil, label: .singular),
            FieldInfo(number: 22, name: "bytes_value", type: .bytes, typeName: nil, label: .singular),
            FieldInfo(number: 23, name: "color", type: .enum, typeName: Color.protoName, label: .singular),
            FieldInfo(number: 24, name: "repeated_string", type: .string, typeName: nil, label: .repeated),
            FieldInfo(number: 25, name: "repeated_nested", type: .message, typeName: nested, label: .repeated),
            FieldInfo(
                number: 26, name: "string_to_int32", type: .message, typeName: nil,
                label: .map(key: .string, value: .int32, valueTypeName: nil)),
            FieldInfo(
                number: 27, name: "int64_to_nested", type: .message, typeName: nil,
                label: .map(key: .int64, value: .message, valueTypeName: nested)),
            FieldInfo(number: 28, name: "choice_name", type: .string, typeName: nil, label: .oneofMember),
            FieldInfo(number: 29, name: "choice_nested", type: .message, typeName: nested, label: .oneofMember),
            FieldInfo(number: 30, name: "optional_int32", type: .int32, typeName: nil, label: .optional),
            FieldInfo(number: 31, name: "optional_string", type: .string, typeName: nil, label: .optional),
        ]
        let fields = FieldInventory.fields(of: AllTypes.self)
        #expect(fields.count == expected.count)
        for (field, expected) in zip(fields, expected) {
            #expect(field == expected)
        }
        let numbers = fields.map(\.number)
        #expect(numbers == numbers.sorted())
        #expect(Set(numbers).count == numbers.count)
    }

    @Test("a recursive message lists its own type as its child's")
    func recursive() {
        #expect(
            FieldInventory.fields(of: Recursive.self) == [
                FieldInfo(number: 1, name: "child", type: .message, typeName: Recursive.protoName, label: .optional),
                FieldInfo(number: 2, name: "name", type: .string, typeName: nil, label: .singular),
                FieldInfo(number: 3, name: "value", type: .int32, typeName: nil, label: .singular),
            ])
    }

    @Test("a message without fields has an empty inventory")
    func noFields() {
        #expect(FieldInventory.fields(of: NoFields.self).isEmpty)
    }

    @Test("the inventory does not depend on the message's values")
    func valuesIgnored() {
        var inventory = FieldInventory()
        var message = AllTypes.populated
        message.visitFields(&inventory)
        #expect(inventory.fields == FieldInventory.fields(of: AllTypes.self))
        #expect(message == .populated)
    }

    @Test("ProtoFieldType numbers match descriptor.proto")
    func fieldTypeNumbers() {
        #expect(ProtoFieldType.allCases.map(\.rawValue) == Array(1...18))
        #expect(ProtoFieldType.string.rawValue == 9)
        #expect(ProtoFieldType.message.rawValue == 11)
        #expect(ProtoFieldType.enum.rawValue == 14)
        #expect(ProtoFieldType.sint64.rawValue == 18)
    }

    @Test("FieldInfo describes itself for schema-check messages")
    func description() {
        let field = FieldInventory.fields(of: AllTypes.self)[2]
        #expect(field.description == "3 nested: optional message tandem.wiretest.Nested")
    }
}
