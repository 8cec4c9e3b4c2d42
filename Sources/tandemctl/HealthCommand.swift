import ArgumentParser
import Logging
import TandemGRPC
import TandemRPC
import TandemRuntime
import TandemSchema

/// `tandemctl health`: asks a server's grpc.health.v1.Health how it (or one service) is.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check a server's health (grpc.health.v1.Health/Check) at TANDEM_ADDRESS.",
        discussion: "Exits 0 when the server answers SERVING, 1 otherwise.")

    @Option(help: "The service to check, e.g. tandem.tasks.v1.TaskService; empty for the server as a whole.")
    var service = ""

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 5

    func run() async throws {
        let status = try await withServer { client in
            try await client.unary(
                GRPCHealthV1.Health.check, GRPCHealthV1.HealthCheckRequest { $0.service = service },
                timeout: .seconds(timeout)
            ).status
        }
        print(status)
        if status != .serving { throw ExitCode.failure }
    }
}

/// `tandemctl services`: lists the services a server offers, through server reflection.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "List the gRPC services of the server at TANDEM_ADDRESS (server reflection).")

    func run() async throws {
        let names = try await withServer { client in
            try await client.bidirectional(
                GRPCReflectionV1.ServerReflection.serverReflectionInfo, timeout: .seconds(5)
            ) { requests, responses in
                try await requests.write(
                    GRPCReflectionV1.ServerReflectionRequest { $0.messageRequest = .listServices("") })
                requests.finish()
                var names: [String] = []
                for try await response in responses {
                    if case .listServicesResponse(let list) = response.messageResponse {
                        names += list.service.map(\.name)
                    }
                }
                return names
            }
        }
        for name in names { print(name) }
    }
}

/// Calls the configured server with a client that lives for one command; a failed call prints
/// its status and exits 1.
func withServer<Result: Sendable>(
    _ body: (GRPCClient) async throws -> Result
) async throws -> Result {
    let configuration: ClientConfiguration
    do {
        configuration = try ClientConfiguration(environment: try .process())
    } catch {
        exitWithConfigurationError(error, program: "tandemctl")
    }
    let client = try GRPCClient(
        configuration: GRPCClientConfiguration(host: configuration.address.host, port: configuration.address.port),
        logger: Logger(label: "tandemctl", factory: { _ in SwiftLogNoOpLogHandler() }))
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch let error as RPCError {
        await client.close()
        print("tandemctl: \(configuration.address): \(error.code): \(error.message)")
        throw ExitCode.failure
    }
}
