// TandemEchoServer: Tandem's gRPC server serving `bench.Echo/Echo` on cleartext HTTP/2 at
// 127.0.0.1, for scripts/bench-transport. Prints "listening on PORT" once it accepts
// connections; SIGUSR1/SIGUSR2 report and switch allocation counting (AllocationSignals);
// SIGTERM or SIGINT stops it.
import Logging
import NIOPosix
import TandemGRPC
import TandemRPC

#if canImport(Glibc)
    import Glibc
#endif

func usage() -> Never {
    print(
        """
        usage: TandemEchoServer [--port N] [--host ADDRESS] [--event-loop-threads N]
          defaults: port 0 (any free one), 127.0.0.1, and GRPCServer's own event loops
          (SwiftNIO's shared group: one thread per core)
        """)
    exit(2)
}

var port = 0
var host = "127.0.0.1"
var eventLoopThreads: Int?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch (argument, arguments.popFirst()) {
    case ("--port", let value?):
        guard let number = Int(value) else { usage() }
        port = number
    case ("--host", let value?): host = value
    case ("--event-loop-threads", let value?):
        guard let number = Int(value), number > 0 else { usage() }
        eventLoopThreads = number
    default: usage()
    }
}

var logger = Logger(label: "bench.echo")
logger.logLevel = .warning
let server = try GRPCServer(
    configuration: GRPCServerConfiguration(host: host, port: port, shutdownGracePeriod: .seconds(1)),
    services: [EchoService()], logger: logger,
    eventLoopGroup: eventLoopThreads.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
        ?? MultiThreadedEventLoopGroup.singleton)
let boundPort = try await server.start()
let allocationSignals = AllocationSignals.install()
print("listening on \(boundPort)")
fflush(nil)  // every stream: Swift 6 refuses `stdout`, a mutable C global

let stopSignals = StopSignals()
for await _ in stopSignals.signals { break }
await server.shutdown()
withExtendedLifetime((allocationSignals, stopSignals)) {}
