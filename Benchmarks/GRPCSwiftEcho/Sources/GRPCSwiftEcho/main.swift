// GRPCSwiftEcho: grpc-swift-2 serving `/bench.Echo/Echo` on cleartext HTTP/2 at 127.0.0.1, for
// scripts/bench-transport. The handler returns the request message's bytes as they came, so no
// protobuf code is involved: what is measured is grpc-swift's call path and transport. Prints
// "listening on PORT" once it accepts connections; SIGTERM ends it.
import GRPCCore
import GRPCNIOTransportHTTP2Posix

#if canImport(Glibc)
    import Glibc
#endif

/// Message bytes in and out unchanged: a `[UInt8]` is both the request and the response.
struct RawBytesCoder: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
    }
}

/// `bench.Echo` with its one unary method, registered by hand instead of through generated code.
struct EchoService: RegistrableRPCService {
    static let echo = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Echo")

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.echo, deserializer: RawBytesCoder(), serializer: RawBytesCoder()
        ) { streamingRequest, _ in
            let request = try await ServerRequest(stream: streamingRequest)
            return StreamingServerResponse(single: ServerResponse(message: request.message))
        }
    }
}

func usage() -> Never {
    print("usage: GRPCSwiftEcho [--port N]   (default 0: any free port)")
    exit(2)
}

var port = 0
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    guard argument == "--port", let value = arguments.popFirst(), let number = Int(value) else { usage() }
    port = number
}

let transport = HTTP2ServerTransport.Posix(
    address: .ipv4(host: "127.0.0.1", port: port), transportSecurity: .plaintext)
let server = GRPCServer(transport: transport, services: [EchoService()])
try await withThrowingDiscardingTaskGroup { group in
    group.addTask { try await server.serve() }
    guard let address = try await transport.listeningAddress.ipv4 else {
        print("not listening on an IPv4 address")
        exit(1)
    }
    print("listening on \(address.port)")
    fflush(nil)  // every stream: Swift 6 refuses `stdout`, a mutable C global
}
