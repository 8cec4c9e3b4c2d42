import ArgumentParser
import Foundation
import Logging
import TandemGRPC
import TandemRPC
import TandemRuntime
import TandemTLS

/// Exit statuses, as `tandemctl --help` documents them.
enum ExitStatus {
    /// The server answered with an error status (INVALID_ARGUMENT, NOT_FOUND, ...).
    static let callFailed: Int32 = 1
    /// The server could not be reached or asked to retry (UNAVAILABLE, DEADLINE_EXCEEDED).
    static let unavailable: Int32 = 3
    /// The credential was refused (UNAUTHENTICATED, PERMISSION_DENIED).
    static let refused: Int32 = 4

    static let help = """
        Exit status: 0 success; 1 the server answered with an error; 3 the server is unreachable or \
        asked to retry later (UNAVAILABLE, DEADLINE_EXCEEDED); 4 the credential was refused \
        (UNAUTHENTICATED, PERMISSION_DENIED); 64 bad command line; 78 bad configuration.
        """
}

/// Where and how to call: flags win over the environment.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The server, host:port (default: TANDEM_ADDRESS, else 127.0.0.1:7002).")
    var address: String?

    @Option(help: "The credential sent as authorization: Bearer (default: TANDEM_API_KEY, else TANDEM_ADMIN_TOKEN).")
    var token: String?

    @Flag(help: "Use TLS (also when --ca-file or TANDEM_TLS_CA_FILE is given).")
    var tls = false

    @Option(help: "CA certificates (PEM) that verify the server (default: TANDEM_TLS_CA_FILE, else the system's).")
    var caFile: String?

    @Option(help: "A client certificate chain (PEM) for mutual TLS (default: TANDEM_TLS_CERT_FILE).")
    var certFile: String?

    @Option(help: "The client certificate's private key (PEM) (default: TANDEM_TLS_KEY_FILE).")
    var keyFile: String?

    @Option(help: "The name the server's certificate must carry (default: the host of --address).")
    var serverName: String?

    @Option(help: "Seconds to wait for each call.")
    var timeout = 30

    func resolved() -> (address: HostAndPort, token: String?, tls: TLSConfiguration?) {
        let environment: Environment
        let configuration: ClientConfiguration
        do {
            environment = try Environment.process()
            configuration = try ClientConfiguration(environment: environment)
        } catch {
            exitWithConfigurationError(error, program: "tandemctl")
        }
        var address = configuration.address
        if let raw = self.address {
            do {
                address = try HostAndPort(parsing: raw, variable: "--address")
            } catch {
                exitWithConfigurationError(error, program: "tandemctl")
            }
        }
        let token = self.token ?? configuration.apiKey?.revealed ?? environment["TANDEM_ADMIN_TOKEN"]
        // The same variables a server reads for its own certificate and its peers' CA.
        let ca = caFile ?? environment[TLSSettings.Variables.peerTrustRoots]
        let cert = certFile ?? environment[TLSSettings.Variables.certificate]
        let key = keyFile ?? environment[TLSSettings.Variables.key]
        var tlsConfiguration: TLSConfiguration?
        if tls || ca != nil || cert != nil {
            tlsConfiguration = .client(
                serverHostname: serverName, trustRootsPath: ca, certificateChainPath: cert, privateKeyPath: key)
        }
        return (address, token, tlsConfiguration)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct OutputOptions: ParsableArguments {
    @Option(help: "table (for people) or json (one object per line, for scripts).")
    var output: OutputFormat = .table
}

/// Calls the server with a client that lives for one command. A failed call prints its status in
/// words with a hint, and exits with the status `ExitStatus` gives.
func withClient<Result: Sendable>(
    _ options: ConnectionOptions, _ body: (GRPCClient, Metadata, Duration) async throws -> Result
) async throws -> Result {
    let (address, token, tls) = options.resolved()
    let client: GRPCClient
    do {
        client = try GRPCClient(
            configuration: GRPCClientConfiguration(host: address.host, port: address.port, tls: tls),
            logger: Logger(label: "tandemctl", factory: { _ in SwiftLogNoOpLogHandler() }))
    } catch {
        printError("tandemctl: TLS: \(error)")
        throw ExitCode(78)
    }
    var metadata = Metadata()
    if let token { try? metadata.add("authorization", .string("Bearer \(token)")) }
    do {
        let result = try await body(client, metadata, .seconds(options.timeout))
        await client.close()
        return result
    } catch let error as RPCError {
        await client.close()
        printError("tandemctl: \(address): \(error.code): \(error.message)")
        if let hint = hint(for: error.code, hasToken: token != nil) { printError("hint: \(hint)") }
        switch error.code {
        case .unavailable, .deadlineExceeded: throw ExitCode(ExitStatus.unavailable)
        case .unauthenticated, .permissionDenied: throw ExitCode(ExitStatus.refused)
        default: throw ExitCode(ExitStatus.callFailed)
        }
    }
}

func hint(for code: Status.Code, hasToken: Bool) -> String? {
    switch code {
    case .unauthenticated:
        hasToken
            ? "the credential is unknown or revoked; check --token or TANDEM_API_KEY"
            : "pass a credential with --token, TANDEM_API_KEY or TANDEM_ADMIN_TOKEN"
    case .permissionDenied:
        "this credential may not make this call (tenant commands need the administrator token; a key needs the right scope; a suspended tenant is refused)"
    case .unavailable:
        "is the server running at that address? check --address or TANDEM_ADDRESS, and retry"
    case .invalidArgument:
        "fix the named field and run the command again"
    case .notFound:
        "check the id (tandemctl tenant list shows tenant ids)"
    case .aborted:
        "it changed meanwhile: read it again and retry"
    case .resourceExhausted:
        "slow down and retry"
    default:
        nil
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Prints rows as an aligned table (header first) or each as one JSON object.
func emit(_ rows: [[(String, String)]], format: OutputFormat) {
    switch format {
    case .json:
        for row in rows {
            let object = Dictionary(row, uniquingKeysWith: { $1 })
            let ordered = row.map { key, _ in "\(jsonString(key)):\(jsonString(object[key]!))" }
            print("{" + ordered.joined(separator: ",") + "}")
        }
    case .table:
        guard let first = rows.first else { return }
        let headers = first.map { $0.0.uppercased() }
        var widths = headers.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.1.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(headers))
        for row in rows { print(line(row.map(\.1))) }
    }
}

/// A JSON string literal (the log formatter's escaping).
func jsonString(_ text: String) -> String {
    var literal = ""
    LogLineFormatter.appendJSONString(text, to: &literal)
    return literal
}
