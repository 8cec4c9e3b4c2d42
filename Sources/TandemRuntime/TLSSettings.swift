import Foundation
public import TandemTLS

/// TLS for a server process: what it serves with, and how it calls the other servers.
///
/// Set `TANDEM_TLS_CERT_FILE` and `TANDEM_TLS_KEY_FILE` to serve TLS (1.2 or later, ALPN h2);
/// `TANDEM_TLS_CLIENT_AUTH=optional|require` with `TANDEM_TLS_CLIENT_CA_FILE` asks callers for
/// client certificates (mutual TLS), whose identities `TANDEM_SERVICE_IDENTITIES` can accept as
/// services. When serving TLS, the process calls the other servers over TLS too, verifying them
/// against `TANDEM_TLS_CA_FILE` (default: the system's roots) and presenting its own certificate.
public struct TLSSettings: Sendable, Hashable {
    public var certificateChainPath: String
    public var privateKeyPath: String
    public var clientCAPath: String?
    public var clientAuthentication: TLSConfiguration.ClientCertificateVerification
    public var peerTrustRootsPath: String?

    public enum Variables {
        public static let certificate = "TANDEM_TLS_CERT_FILE"
        public static let key = "TANDEM_TLS_KEY_FILE"
        public static let clientCA = "TANDEM_TLS_CLIENT_CA_FILE"
        public static let clientAuthentication = "TANDEM_TLS_CLIENT_AUTH"
        public static let peerTrustRoots = "TANDEM_TLS_CA_FILE"
    }

    public init(
        certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil,
        clientAuthentication: TLSConfiguration.ClientCertificateVerification = .none, peerTrustRootsPath: String? = nil
    ) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
        self.clientAuthentication = clientAuthentication
        self.peerTrustRootsPath = peerTrustRootsPath
    }

    /// The settings in `environment`, or nil when no certificate is configured (cleartext).
    public static func read(_ environment: Environment) throws(ConfigurationError) -> TLSSettings? {
        func readableFile(_ variable: String) throws(ConfigurationError) -> String? {
            guard let path = environment[variable] else { return nil }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw .invalidValue(variable, "\"\(path)\" is not a readable file")
            }
            return path
        }
        let certificate = try readableFile(Variables.certificate)
        let key = try readableFile(Variables.key)
        let clientCA = try readableFile(Variables.clientCA)
        let peerRoots = try readableFile(Variables.peerTrustRoots)
        let authentication = try environment.value(Variables.clientAuthentication, default: .none) {
            raw, variable throws(ConfigurationError) -> TLSConfiguration.ClientCertificateVerification in
            switch raw.lowercased() {
            case "none": return .none
            case "optional": return .optional
            case "require", "required": return .required
            default: throw .invalidValue(variable, "\"\(raw)\" is not none, optional or require")
            }
        }
        guard let certificate else {
            if key != nil { throw .invalidValue(Variables.certificate, "required with \(Variables.key)") }
            if authentication != .none || clientCA != nil {
                throw .invalidValue(Variables.certificate, "required for client certificates (\(Variables.clientAuthentication))")
            }
            return nil
        }
        guard let key else { throw .invalidValue(Variables.key, "required with \(Variables.certificate)") }
        if authentication != .none, clientCA == nil {
            throw .invalidValue(Variables.clientCA, "required when \(Variables.clientAuthentication) is not none")
        }
        return TLSSettings(
            certificateChainPath: certificate, privateKeyPath: key, clientCAPath: clientCA,
            clientAuthentication: authentication, peerTrustRootsPath: peerRoots)
    }

    /// What the server serves with.
    public var serverConfiguration: TLSConfiguration {
        .server(
            certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath, clientCAPath: clientCAPath,
            clientCertificateVerification: clientAuthentication)
    }

    /// How this process calls the other servers: verifying them, presenting its own certificate.
    public var peerClientConfiguration: TLSConfiguration {
        .client(trustRootsPath: peerTrustRootsPath, certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath)
    }

    var entries: [ConfigurationEntry] {
        let authentication = switch clientAuthentication {
        case .none: "none"
        case .optional: "optional"
        case .required: "require"
        }
        return [
            ConfigurationEntry(key: "tls_cert_file", variable: Variables.certificate, value: certificateChainPath, isDefault: false),
            ConfigurationEntry(key: "tls_key_file", variable: Variables.key, value: privateKeyPath, isDefault: false),
            ConfigurationEntry(key: "tls_client_ca_file", variable: Variables.clientCA, value: clientCAPath, isDefault: clientCAPath == nil),
            ConfigurationEntry(
                key: "tls_client_auth", variable: Variables.clientAuthentication, value: authentication,
                isDefault: clientAuthentication == .none),
            ConfigurationEntry(
                key: "tls_ca_file", variable: Variables.peerTrustRoots, value: peerTrustRootsPath, isDefault: peerTrustRootsPath == nil),
        ]
    }
}
