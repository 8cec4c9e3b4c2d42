/// Encoding is the writer visiting a message's fields.
extension WireWriter: FieldVisitor {
    public typealias Failure = Never

    @inlinable
    public mutating func visitSingular<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value
    ) {
        if C.isDefault(value) { return }
        writeTag(number, C.wireType)
        C.write(value, to: &self)
    }

    @inlinable
    public mutating func visitOptional<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value?
    ) {
        guard let value else { return }
        writeTag(number, C.wireType)
        C.write(value, to: &self)
    }

    @inlinable
    public mutating func visitRepeated<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout [C.Value]
    ) {
        if value.isEmpty { return }
        if C.isPackable {
            writeTag(number, .lengthDelimited)
            let start = beginLengthDelimited()
            for element in value { C.write(element, to: &self) }
            endLengthDelimited(start)
        } else {
            for element in value {
                writeTag(number, C.wireType)
                C.write(element, to: &self)
            }
        }
    }

    @inlinable
    public mutating func visitMap<K: MapKeyCodec, V: FieldCodec>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ number: Int, _ name: StaticString,
        _ value: inout [K.Value: V.Value]
    ) {
        if value.isEmpty { return }
        for (key, element) in value.sorted(by: { K.sortsBefore($0.key, $1.key) }) {
            writeTag(number, .lengthDelimited)
            let start = beginLengthDelimited()
            writeTag(1, K.wireType)
            K.write(key, to: &self)
            writeTag(2, V.wireType)
            V.write(element, to: &self)
            endLengthDelimited(start)
        }
    }

    @inlinable
    public mutating func visitOneofMember<C: FieldCodec, Oneof>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ oneof: inout Oneof?,
        extract: (Oneof) -> C.Value?, embed: (C.Value) -> Oneof
    ) {
        guard let oneof, let value = extract(oneof) else { return }
        writeTag(number, C.wireType)
        C.write(value, to: &self)
    }
}
