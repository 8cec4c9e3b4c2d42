import TandemSchema

/// Writes a message's canonical dump: one JSON value per field that is present, by proto name.
///
/// Presence is decided the way the encoder decides what to write (`C.isDefault` for fields
/// without presence), so a dump that matches Python's also says the same fields go on the wire.
struct DumpVisitor: FieldVisitor {
    typealias Failure = ConformanceError

    var fields: [String: JSON] = [:]

    mutating func visitSingular<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value
    ) throws(ConformanceError) {
        if C.isDefault(value) { return }
        fields[name.description] = try CanonicalValue.dump(C.self, value)
    }

    mutating func visitOptional<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value?
    ) throws(ConformanceError) {
        guard let value else { return }
        fields[name.description] = try CanonicalValue.dump(C.self, value)
    }

    mutating func visitRepeated<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout [C.Value]
    ) throws(ConformanceError) {
        if value.isEmpty { return }
        var elements: [JSON] = []
        elements.reserveCapacity(value.count)
        for element in value { elements.append(try CanonicalValue.dump(C.self, element)) }
        fields[name.description] = .array(elements)
    }

    /// Entries sorted by the canonical key order, computed here rather than with the codec's
    /// own `sortsBefore`, so the dump does not inherit a bug of the encoder's ordering.
    mutating func visitMap<K: MapKeyCodec, V: FieldCodec>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ number: Int, _ name: StaticString,
        _ value: inout [K.Value: V.Value]
    ) throws(ConformanceError) {
        if value.isEmpty { return }
        var entries: [(key: JSON, value: JSON)] = []
        for (key, element) in value {
            entries.append((try CanonicalValue.dump(K.self, key), try CanonicalValue.dump(V.self, element)))
        }
        entries.sort { CanonicalValue.keyPrecedes(K.fieldType, $0.key, $1.key) }
        fields[name.description] = .array(entries.map { .array([$0.key, $0.value]) })
    }

    mutating func visitOneofMember<C: FieldCodec, Oneof>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ oneof: inout Oneof?,
        extract: (Oneof) -> C.Value?, embed: (C.Value) -> Oneof
    ) throws(ConformanceError) {
        guard let oneof, let value = extract(oneof) else { return }
        fields[name.description] = try CanonicalValue.dump(C.self, value)
    }
}
