import TandemWire

/// A message with an optional child of its own type, for nesting-depth tests.
struct Recursive: ProtoMessage {
    static let protoName = "tandem.wiretest.Recursive"

    /// Holds the child indirectly: a struct cannot contain an optional of itself.
    private var childStorage: [Recursive] = []
    var name = ""
    var value: Int32 = 0
    var unknownFields = UnknownFields()

    init() {}

    var child: Recursive? {
        get { childStorage.first }
        set { childStorage = newValue.map { [$0] } ?? [] }
    }

    /// A chain of `depth` messages below the returned one; the innermost has `value` 1.
    static func chain(depth: Int) -> Recursive {
        var message = Recursive()
        message.value = 1
        for level in 0..<depth {
            var parent = Recursive()
            parent.name = "level \(depth - level - 1)"
            parent.child = message
            message = parent
        }
        return message
    }

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitOptional(MessageCodec<Recursive>.self, 1, "child", &child)
        try visitor.visitSingular(ProtoString.self, 2, "name", &name)
        try visitor.visitSingular(ProtoInt32.self, 3, "value", &value)
    }
}
