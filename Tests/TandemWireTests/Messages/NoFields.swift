import TandemWire

/// A message that declares no fields: everything on the wire is unknown to it.
struct NoFields: ProtoMessage {
    static let protoName = "tandem.wiretest.NoFields"

    var unknownFields = UnknownFields()

    init() {}

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
}
