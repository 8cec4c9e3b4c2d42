internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The verified certificate the peer presented, as plain values: handlers use it as the caller's mTLS
/// identity without touching OpenSSL.
public struct PeerCertificate: Sendable, Hashable {
    /// The subject's common name, if it has one.
    public var commonName: String?
    /// The subject in RFC 2253 form (`CN=tandem-projects,O=Tandem`).
    public var subject: String
    /// Subject alternative names of type DNS.
    public var dnsNames: [String]
    /// Subject alternative names of type URI (SPIFFE ids and the like).
    public var uris: [String]
    /// Subject alternative names of type IP address, in their usual text form.
    public var ipAddresses: [String]
    /// The whole certificate, DER encoded.
    public var der: [UInt8]

    public init(
        commonName: String?, subject: String, dnsNames: [String], uris: [String], ipAddresses: [String], der: [UInt8]
    ) {
        self.commonName = commonName
        self.subject = subject
        self.dnsNames = dnsNames
        self.uris = uris
        self.ipAddresses = ipAddresses
        self.der = der
    }

    /// Reads `x509` (an `X509 *`), which the caller keeps owning.
    init(x509: OpaquePointer) {
        let name = X509_get_subject_name(x509)
        self.commonName = name.flatMap(Self.commonName(of:))
        self.subject = name.map(Self.rfc2253(_:)) ?? ""
        self.dnsNames = []
        self.uris = []
        self.ipAddresses = []
        self.der = Self.der(of: x509)
        self.readAlternativeNames(x509)
    }

    private static func commonName(of name: OpaquePointer) -> String? {
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>? = nil
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { tandem_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private static func rfc2253(_ name: OpaquePointer) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, tandem_XN_FLAG_RFC2253()) >= 0 else { return "" }
        return String(decoding: MemoryBIO.readAll(bio), as: UTF8.self)
    }

    private static func der(of x509: OpaquePointer) -> [UInt8] {
        let length = i2d_X509(x509, nil)
        guard length > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: Int(length)) { buffer, initialized in
            var cursor = buffer.baseAddress
            initialized = max(0, Int(i2d_X509(x509, &cursor)))
        }
    }

    private mutating func readAlternativeNames(_ x509: OpaquePointer) {
        guard let raw = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else { return }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        for index in 0..<tandem_sk_GENERAL_NAME_num(names) {
            guard let name = tandem_sk_GENERAL_NAME_value(names, index) else { continue }
            var type: Int32 = 0
            guard let value = GENERAL_NAME_get0_value(name, &type) else { continue }
            // Only these three carry an ASN1_STRING; other kinds (directory names, otherName) do not.
            guard type == GEN_DNS || type == GEN_URI || type == GEN_IPADD else { continue }
            let string = value.assumingMemoryBound(to: ASN1_STRING.self)
            let bytes = UnsafeBufferPointer(
                start: ASN1_STRING_get0_data(string), count: Int(ASN1_STRING_length(string)))
            switch type {
            case GEN_DNS: self.dnsNames.append(String(decoding: bytes, as: UTF8.self))
            case GEN_URI: self.uris.append(String(decoding: bytes, as: UTF8.self))
            default: Self.ipAddress(bytes).map { self.ipAddresses.append($0) }
            }
        }
    }

    private static func ipAddress(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN)) { text in
            guard inet_ntop(family, bytes.baseAddress, text.baseAddress, socklen_t(text.count)) != nil else {
                return nil
            }
            return String(cString: text.baseAddress!)
        }
    }
}
