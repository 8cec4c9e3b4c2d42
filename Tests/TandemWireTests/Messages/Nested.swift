import TandemWire

/// A small message used as a field, a repeated element, a map value and a oneof member.
struct Nested: ProtoMessage {
    static let protoName = "tandem.wiretest.Nested"

    var a: Int32 = 0
    var name = ""
    var unknownFields = UnknownFields()

    init() {}

    init(a: Int32, name: String = "") {
        self.a = a
        self.name = name
    }

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitSingular(ProtoInt32.self, 1, "a", &a)
        try visitor.visitSingular(ProtoString.self, 2, "name", &name)
    }
}
