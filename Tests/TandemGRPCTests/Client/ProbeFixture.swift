import Foundation
import Logging
import Synchronization
import TandemGRPC
import TandemRPC
import TandemTLS
import Testing

/// A real ``GRPCServer`` serving ``ProbeService`` on 127.0.0.1 (a free port) and a ``GRPCClient``
/// pointed at it.
struct ProbeFixture {
    let server: GRPCServer
    let port: Int
    let recorder: ProbeRecorder
    let client: GRPCClient

    /// Silent, unless `TANDEM_TEST_LOG` is set: then debug output on standard error.
    static let logger: Logger = {
        guard getenv("TANDEM_TEST_LOG") != nil else {
            return Logger(label: "tandem.grpc.client-tests") { _ in SwiftLogNoOpLogHandler() }
        }
        var logger = Logger(label: "tandem.grpc.client-tests") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .debug
        return logger
    }()

    /// Runs `body` against a fresh server and client, then closes both.
    static func with<Output>(
        server configureServer: (inout GRPCServerConfiguration) -> Void = { _ in },
        client configureClient: (inout GRPCClientConfiguration) -> Void = { _ in },
        _ body: (ProbeFixture) async throws -> Output
    ) async throws -> Output {
        let recorder = ProbeRecorder()
        var serverConfiguration = GRPCServerConfiguration(host: "127.0.0.1", port: 0)
        configureServer(&serverConfiguration)
        let server = try Self.makeServer(serverConfiguration, recorder: recorder)
        let port = try await server.start()
        var clientConfiguration = GRPCClientConfiguration(host: "127.0.0.1", port: port)
        configureClient(&clientConfiguration)
        let client = try GRPCClient(configuration: clientConfiguration, logger: Self.logger)
        let fixture = ProbeFixture(server: server, port: port, recorder: recorder, client: client)
        do {
            let output = try await body(fixture)
            await client.close()
            await server.shutdown()
            return output
        } catch {
            await client.close()
            await server.shutdown()
            throw error
        }
    }

    static func makeServer(_ configuration: GRPCServerConfiguration, recorder: ProbeRecorder) throws -> GRPCServer {
        try GRPCServer(configuration: configuration, services: [ProbeService(recorder: recorder)], logger: Self.logger)
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
///
/// The default is generous: it costs nothing while the condition comes true, and on a CI
/// machine's two shared cores, with the other suites' tests running in parallel, a request once
/// took more than 5 s to reach the scripted server.
func eventually(
    timeout: Duration = .seconds(20), _ condition: () -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// The ``RPCError`` `body` throws; records an issue if it throws something else or nothing.
func rpcError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> RPCError? {
    do {
        try await body()
        Issue.record("expected an RPCError, the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as RPCError {
        return error
    } catch {
        Issue.record("expected an RPCError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A count shared between tasks.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
