/// Walks a message's fields. Encoding, decoding and schema inspection are its implementations.
///
/// Each method receives the field's codec, number and name, and the stored value `inout`, so one
/// list of fields serves every direction. Fields are visited in ascending number order.
public protocol FieldVisitor {
    associatedtype Failure: Error

    /// A proto3 field without presence: left off the wire when it holds its default.
    mutating func visitSingular<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value) throws(Failure)

    /// A field with presence: a message field, or a proto3 `optional` scalar.
    mutating func visitOptional<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value?) throws(Failure)

    /// A repeated field: packed on the wire when its type allows, either form accepted on decode.
    mutating func visitRepeated<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout [C.Value]) throws(Failure)

    /// A map field, written in ascending key order.
    mutating func visitMap<K: MapKeyCodec, V: FieldCodec>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ number: Int, _ name: StaticString,
        _ value: inout [K.Value: V.Value]) throws(Failure)

    /// One member of a oneof. `extract` reads the member out of the Swift enum when it is the one
    /// set; `embed` makes the Swift enum case from a decoded value.
    mutating func visitOneofMember<C: FieldCodec, Oneof>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ oneof: inout Oneof?,
        extract: (Oneof) -> C.Value?, embed: (C.Value) -> Oneof) throws(Failure)
}
