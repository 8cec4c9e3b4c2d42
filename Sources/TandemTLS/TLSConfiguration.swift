/// Everything a TLS context is built from, as a value, so services read it from their configuration
/// and tests build it inline. Build one with `server(...)` or `client(...)`.
public struct TLSConfiguration: Sendable, Hashable {
    /// Which end of the handshake a context plays.
    public enum Role: Sendable, Hashable {
        case server
        case client
    }

    /// Whether a server asks clients for a certificate (mTLS).
    public enum ClientCertificateVerification: Sendable, Hashable {
        /// No certificate is requested; `peerCertificate` is always nil.
        case none
        /// A certificate is requested; a client without one is accepted, a client with one that does
        /// not verify against `clientCAPath` is refused.
        case optional
        /// A client without a certificate that verifies against `clientCAPath` is refused.
        case required
    }

    /// The application protocols offered or accepted when none are given: HTTP/2 only.
    public static let defaultApplicationProtocols = ["h2"]
    /// The lowest version negotiated when none is given.
    public static let defaultMinimumVersion = TLSVersion.tls1_2

    public var role: Role
    /// PEM file holding our certificate, then any intermediates. Required for a server; optional for a
    /// client (its mTLS identity).
    public var certificateChainPath: String?
    /// PEM file holding the private key of `certificateChainPath`, unencrypted.
    public var privateKeyPath: String?
    /// Server only: PEM file of the CAs whose client certificates are accepted.
    public var clientCAPath: String?
    /// Server only.
    public var clientCertificateVerification: ClientCertificateVerification
    /// Client only: PEM file (or directory hashed by `openssl rehash`) of trusted roots; nil means the
    /// system's default roots.
    public var trustRootsPath: String?
    /// Client only: the name the server's certificate must carry (SAN DNS or IP, or CN when there are
    /// no SANs), also sent as SNI unless it is an IP address. A connection may override it; a client
    /// connection without any hostname is refused, so a certificate is never accepted for any name.
    public var serverHostname: String?
    /// ALPN names in order of preference. A server refuses a client that offers ALPN but none of
    /// these; a client whose server picks none sees `negotiatedALPN == nil` and decides itself.
    public var applicationProtocols: [String]
    /// Never below TLS 1.2.
    public var minimumVersion: TLSVersion
    /// Test-only: pins the protocol to exactly this version, even below TLS 1.2 (and then lowers
    /// OpenSSL's security level), so that a test can play an outdated or TLS 1.2-only peer.
    package var pinnedVersionForTesting: TLSVersion?

    private init(role: Role) {
        self.role = role
        self.clientCertificateVerification = .none
        self.applicationProtocols = Self.defaultApplicationProtocols
        self.minimumVersion = Self.defaultMinimumVersion
    }

    /// A server configuration.
    ///
    /// - Parameters:
    ///   - certificateChainPath: PEM certificate chain, leaf first. Required.
    ///   - privateKeyPath: PEM private key of the leaf. Required.
    ///   - clientCAPath: CAs trusted for client certificates. Default nil; required when
    ///     `clientCertificateVerification` is not `.none`.
    ///   - clientCertificateVerification: Default `.none` (no mTLS).
    ///   - applicationProtocols: Default `["h2"]`.
    ///   - minimumVersion: Default TLS 1.2; only `.tls1_2` and `.tls1_3` exist.
    public static func server(
        certificateChainPath: String,
        privateKeyPath: String,
        clientCAPath: String? = nil,
        clientCertificateVerification: ClientCertificateVerification = .none,
        applicationProtocols: [String] = TLSConfiguration.defaultApplicationProtocols,
        minimumVersion: TLSVersion = TLSConfiguration.defaultMinimumVersion
    ) -> TLSConfiguration {
        var configuration = TLSConfiguration(role: .server)
        configuration.certificateChainPath = certificateChainPath
        configuration.privateKeyPath = privateKeyPath
        configuration.clientCAPath = clientCAPath
        configuration.clientCertificateVerification = clientCertificateVerification
        configuration.applicationProtocols = applicationProtocols
        configuration.minimumVersion = minimumVersion
        return configuration
    }

    /// A client configuration.
    ///
    /// - Parameters:
    ///   - serverHostname: The name the server's certificate must carry; sent as SNI. Default nil: each
    ///     connection names its host.
    ///   - trustRootsPath: Trusted roots. Default nil: the system's default roots.
    ///   - certificateChainPath: Our certificate for mTLS. Default nil (no client certificate).
    ///   - privateKeyPath: Its key. Default nil; required when `certificateChainPath` is set.
    ///   - applicationProtocols: Default `["h2"]`.
    ///   - minimumVersion: Default TLS 1.2; only `.tls1_2` and `.tls1_3` exist.
    public static func client(
        serverHostname: String? = nil,
        trustRootsPath: String? = nil,
        certificateChainPath: String? = nil,
        privateKeyPath: String? = nil,
        applicationProtocols: [String] = TLSConfiguration.defaultApplicationProtocols,
        minimumVersion: TLSVersion = TLSConfiguration.defaultMinimumVersion
    ) -> TLSConfiguration {
        var configuration = TLSConfiguration(role: .client)
        configuration.serverHostname = serverHostname
        configuration.trustRootsPath = trustRootsPath
        configuration.certificateChainPath = certificateChainPath
        configuration.privateKeyPath = privateKeyPath
        configuration.applicationProtocols = applicationProtocols
        configuration.minimumVersion = minimumVersion
        return configuration
    }
}
