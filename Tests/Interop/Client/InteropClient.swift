// tandem-interop-client: the Swift client's side of the interop suite (Tests/Interop). Runs
// named scenarios against a server of tandem.testing.v1.Echo (echo_server.py, or
// tandem-interop-server) and prints "PASS name" or "FAIL name: why" for each; exits 1 if any
// failed.
import ArgumentParser
import Foundation
import Logging
import Synchronization
import TandemGRPC
import TandemRPC
import TandemTLS

@main
struct InteropClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem-interop-client",
        abstract: "Runs the interop scenarios of the Swift gRPC client against an Echo server.")

    @Option(help: "The server, host:port.")
    var target: String

    @Flag(help: "Use TLS (implied by --ca).")
    var tls = false

    @Option(help: "PEM file of the CA that the server's certificate must chain to (default: system roots).")
    var ca: String?

    @Option(help: "The name the server's certificate must carry (default: the target's host).")
    var serverName: String?

    @Option(help: "PEM client certificate, for mutual TLS.")
    var clientCertificate: String?

    @Option(help: "PEM private key of --client-certificate.")
    var clientKey: String?

    @Option(help: "The common name the server should report for our client certificate (mtls-identity).")
    var expectIdentity: String?

    @Option(help: "Comma-separated scenarios to run (default: all that apply).")
    var scenarios: String?

    @Option(help: "Seconds each scenario may take.")
    var scenarioTimeout: Double = 60

    @Flag(help: "List the scenarios and exit.")
    var list = false

    func validate() throws {
        guard (clientCertificate == nil) == (clientKey == nil) else {
            throw ValidationError("--client-certificate and --client-key go together")
        }
        guard !list else { return }
        guard let colon = target.lastIndex(of: ":"), Int(target[target.index(after: colon)...]) != nil else {
            throw ValidationError("--target must be host:port")
        }
    }

    func run() async throws {
        if list {
            for scenario in Scenarios.all { print(scenario.name) }
            return
        }
        signal(SIGPIPE, SIG_IGN)
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var rootLogger = Logger(label: "tandem.interop-client")
        rootLogger.logLevel =
            ProcessInfo.processInfo.environment["TANDEM_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let logger = rootLogger

        let selected = try selectedScenarios()
        let configuration = clientConfiguration(requestCompression: nil)
        let client = try GRPCClient(configuration: configuration, logger: logger)
        let context = ScenarioContext(
            client: client,
            makeClient: { compression in
                try GRPCClient(configuration: clientConfiguration(requestCompression: compression), logger: logger)
            },
            expectedIdentity: expectIdentity)

        var failures = 0
        for scenario in selected {
            let started = ContinuousClock.now
            let outcome = await Self.run(scenario, context, timeout: .milliseconds(Int64(scenarioTimeout * 1000)))
            let elapsed = ContinuousClock.now - started
            if let outcome {
                failures += 1
                Self.say("FAIL \(scenario.name): \(outcome) (after \(elapsed))")
            } else {
                Self.say("PASS \(scenario.name)")
            }
        }
        if let failure = await Self.close(client, within: .seconds(10)) {
            failures += 1
            Self.say("FAIL close: \(failure)")
        }
        Self.say("\(selected.count - failures) passed, \(failures) failed")
        if failures > 0 { throw ExitCode(1) }
    }

    /// The scenarios asked for, or every one that applies to these flags.
    private func selectedScenarios() throws -> [Scenario] {
        guard let scenarios else {
            return Scenarios.all.filter { $0.name != "mtls-identity" || expectIdentity != nil }
        }
        return try scenarios.split(separator: ",").map { name in
            guard let scenario = Scenarios.all.first(where: { $0.name == name }) else {
                throw ValidationError("no scenario named \(name); see --list")
            }
            return scenario
        }
    }

    private func clientConfiguration(requestCompression: Compression?) -> GRPCClientConfiguration {
        let colon = target.lastIndex(of: ":")!
        var host = String(target[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = Int(target[target.index(after: colon)...])!
        var tlsConfiguration: TLSConfiguration?
        if tls || ca != nil || clientCertificate != nil {
            tlsConfiguration = .client(
                serverHostname: serverName, trustRootsPath: ca, certificateChainPath: clientCertificate,
                privateKeyPath: clientKey)
        }
        return GRPCClientConfiguration(
            host: host, port: port, tls: tlsConfiguration, requestCompression: requestCompression)
    }

    /// Runs one scenario with a time limit; the reason it failed, or nil. A scenario still
    /// running at its limit is cancelled; one that ignores the cancellation too (a call that
    /// cannot be cancelled) is reported and the process exits, since nothing after it can be
    /// trusted.
    private static func run(_ scenario: Scenario, _ context: ScenarioContext, timeout: Duration) async -> String? {
        let outcome = Mutex<String??>(.none)
        let task = Task {
            do {
                try await scenario.run(context)
                return nil as String?
            } catch {
                return "\(error)"
            }
        }
        let finished = Task {
            let result = await task.value
            outcome.withLock { $0 = .some(result) }
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let result = outcome.withLock({ $0 }) { return result }
            try? await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        let grace = ContinuousClock.now.advanced(by: .seconds(5))
        while ContinuousClock.now < grace {
            if let result = outcome.withLock({ $0 }) {
                return "did not finish within \(timeout); cancelled: \(result ?? "then passed")"
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        _ = finished
        say("FAIL \(scenario.name): did not finish within \(timeout), nor within 5 s of being cancelled")
        Foundation.exit(1)
    }

    /// Closes the client; why that failed, or nil. `close()` waits for calls in flight, and
    /// every call has ended by now, so it must return promptly.
    private static func close(_ client: GRPCClient, within limit: Duration) async -> String? {
        let closed = Atomic<Bool>(false)
        Task {
            await client.close()
            closed.store(true, ordering: .sequentiallyConsistent)
        }
        let deadline = ContinuousClock.now.advanced(by: limit)
        while ContinuousClock.now < deadline {
            if closed.load(ordering: .sequentiallyConsistent) { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return "GRPCClient.close() did not return within \(limit) although no call is running"
    }

    /// One line on standard output, unbuffered, so that a crash loses nothing already said. A
    /// reader that went away is not our failure: the line is dropped.
    private static func say(_ line: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
    }
}
