internal import COpenSSL

/// A TLS protocol version, as a bound on what a context negotiates; Tandem never goes below 1.2.
public struct TLSVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// OpenSSL's wire value (`TLS1_2_VERSION`).
    let openSSLValue: Int32

    init(_ openSSLValue: Int32) {
        self.openSSLValue = openSSLValue
    }

    public static let tls1_2 = TLSVersion(TLS1_2_VERSION)
    public static let tls1_3 = TLSVersion(TLS1_3_VERSION)
    /// Only for tests that play an outdated peer; no configuration a service builds can use it.
    package static let tls1_1 = TLSVersion(TLS1_1_VERSION)

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool {
        lhs.openSSLValue < rhs.openSSLValue
    }

    public var description: String {
        switch self.openSSLValue {
        case TLS1_1_VERSION: "TLS 1.1"
        case TLS1_2_VERSION: "TLS 1.2"
        case TLS1_3_VERSION: "TLS 1.3"
        default: "TLS 0x\(String(self.openSSLValue, radix: 16))"
        }
    }
}
