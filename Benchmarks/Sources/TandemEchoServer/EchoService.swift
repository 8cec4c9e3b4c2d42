import TandemRPC
import TandemSchema

/// `bench.Echo`: one unary method that answers with its request, the smallest call the server
/// can do, so a benchmark of it measures the transport and the call machinery alone.
struct EchoService: RPCService {
    static let echo = MethodDescriptor<EchoMessage, EchoMessage>(service: "bench.Echo", method: "Echo", kind: .unary)

    var methods: [ServiceMethod] {
        [.unary(Self.echo) { request, _ in request }]
    }
}
