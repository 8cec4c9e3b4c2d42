import TandemSchema

/// Sets a message's fields from its canonical dump: the inverse of ``DumpVisitor``.
struct LoadVisitor: FieldVisitor {
    typealias Failure = ConformanceError

    let object: [String: JSON]
    /// Where this message sits in the case's dump, for error messages.
    let path: String
    /// The keys of `object` some field claimed; any other key is a field Swift does not declare.
    private(set) var used: Set<String> = []

    init(object: [String: JSON], path: String) {
        self.object = object
        self.path = path
    }

    private mutating func take(_ name: StaticString) -> (json: JSON, path: String)? {
        let key = name.description
        guard let json = object[key] else { return nil }
        used.insert(key)
        return (json, CanonicalValue.join(path, key))
    }

    mutating func visitSingular<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value
    ) throws(ConformanceError) {
        guard let (json, path) = take(name) else { return }
        value = try CanonicalValue.load(C.self, json, at: path)
    }

    mutating func visitOptional<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout C.Value?
    ) throws(ConformanceError) {
        guard let (json, path) = take(name) else { return }
        value = try CanonicalValue.load(C.self, json, at: path)
    }

    mutating func visitRepeated<C: FieldCodec>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ value: inout [C.Value]
    ) throws(ConformanceError) {
        guard let (json, path) = take(name) else { return }
        guard let elements = json.arrayValue else { throw ConformanceError("\(path): expected an array") }
        value = []
        for (index, element) in elements.enumerated() {
            value.append(try CanonicalValue.load(C.self, element, at: "\(path)[\(index)]"))
        }
    }

    mutating func visitMap<K: MapKeyCodec, V: FieldCodec>(
        _ keyCodec: K.Type, _ valueCodec: V.Type, _ number: Int, _ name: StaticString,
        _ value: inout [K.Value: V.Value]
    ) throws(ConformanceError) {
        guard let (json, path) = take(name) else { return }
        guard let entries = json.arrayValue else { throw ConformanceError("\(path): expected an array of entries") }
        value = [:]
        for (index, entry) in entries.enumerated() {
            guard let pair = entry.arrayValue, pair.count == 2 else {
                throw ConformanceError("\(path)[\(index)]: expected a [key, value] pair")
            }
            let key = try CanonicalValue.load(K.self, pair[0], at: "\(path)[\(index)].key")
            let element = try CanonicalValue.load(V.self, pair[1], at: "\(path)[\(index)].value")
            guard value.updateValue(element, forKey: key) == nil else {
                throw ConformanceError("\(path)[\(index)]: the key \(pair[0].short()) appears twice")
            }
        }
    }

    mutating func visitOneofMember<C: FieldCodec, Oneof>(
        _ codec: C.Type, _ number: Int, _ name: StaticString, _ oneof: inout Oneof?,
        extract: (Oneof) -> C.Value?, embed: (C.Value) -> Oneof
    ) throws(ConformanceError) {
        guard let (json, path) = take(name) else { return }
        guard oneof == nil else { throw ConformanceError("\(path): a second member of the same oneof is set") }
        oneof = embed(try CanonicalValue.load(C.self, json, at: path))
    }
}
