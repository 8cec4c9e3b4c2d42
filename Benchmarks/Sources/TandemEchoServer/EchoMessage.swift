import TandemSchema

/// `bench.EchoMessage { bytes payload = 1; }`: the request and the response of `bench.Echo/Echo`.
struct EchoMessage: ProtoMessage {
    static let protoName = "bench.EchoMessage"
    var payload: [UInt8] = []
    var unknownFields = UnknownFields()
    init() {}

    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
        try visitor.visitSingular(ProtoBytes.self, 1, "payload", &payload)
    }
}
