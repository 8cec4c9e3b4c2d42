/// Who is on the other end of a call: the remote address and, over mutual TLS, the identity
/// its client certificate proves.
public struct Peer: Sendable, Hashable, CustomStringConvertible {
    /// e.g. `ipv4:127.0.0.1:50312`.
    public var address: String
    /// The verified client certificate's identity; `nil` without mutual TLS.
    public var certificate: CertificateIdentity?

    public init(address: String, certificate: CertificateIdentity? = nil) {
        self.address = address
        self.certificate = certificate
    }

    public var description: String { address }
}

/// The names a verified certificate carries.
public struct CertificateIdentity: Sendable, Hashable {
    public var commonName: String?
    public var dnsNames: [String]
    public var uris: [String]

    public init(commonName: String?, dnsNames: [String] = [], uris: [String] = []) {
        self.commonName = commonName
        self.dnsNames = dnsNames
        self.uris = uris
    }
}
