import Foundation
import NIOPosix
public import TandemRPC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which URLs a webhook may name and which addresses its requests may reach.
///
/// A URL is an absolute `http` or `https` URL of at most 2048 characters, with a host and no
/// user name or password. Its host must resolve only to public addresses: loopback, private
/// (RFC 1918, shared 100.64/10, IPv6 unique local) and link-local addresses are refused unless
/// configuration allows that range; unspecified, multicast and reserved addresses are always
/// refused, and so are the documentation ranges; an IPv6 address that embeds an IPv4 one (mapped,
/// compatible, NAT64, 6to4) is judged by that. Literal addresses are checked when the webhook is
/// created; names are resolved and checked before every delivery attempt.
public struct WebhookAddressPolicy: Sendable, Hashable {
    /// The ranges configuration may open (`TANDEM_WEBHOOK_ALLOW`).
    public enum Range: String, Sendable, Hashable {
        case loopback
        case `private`
        case linkLocal = "link-local"
    }

    public var allowed: Set<Range>

    public init(allowed: Set<Range> = []) {
        self.allowed = allowed
    }

    /// The parts of a webhook URL the dispatcher needs.
    public struct Target: Sendable, Hashable {
        public var url: String
        public var host: String
        public var isLiteralAddress: Bool
    }

    /// Checks the form of `url` (INVALID_ARGUMENT naming the `url` field) and, when its host is
    /// a literal address, that the address is allowed.
    public func target(_ url: String) throws(RPCError) -> Target {
        let field = "url"
        guard !url.isEmpty else { throw .invalidArgument(field: field, "required") }
        guard url.utf8.count <= 2048 else { throw .invalidArgument(field: field, "at most 2048 characters") }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else { throw .invalidArgument(field: field, "not an absolute http or https URL") }
        guard var host = components.host, !host.isEmpty else {
            throw .invalidArgument(field: field, "not an absolute http or https URL: no host")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidArgument(field: field, "must not carry a user name or password")
        }
        guard components.fragment == nil else { throw .invalidArgument(field: field, "must not have a fragment") }
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalidArgument(field: field, "port \(port) is out of range")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let literal = Self.parse(host)
        if let literal {
            if let refusal = refusal(literal) { throw .invalidArgument(field: field, refusal) }
        } else if host.lowercased() == "localhost" || host.lowercased().hasSuffix(".localhost") {
            if !allowed.contains(.loopback) { throw .invalidArgument(field: field, "\(host) is a loopback name") }
        }
        return Target(url: url, host: host, isLiteralAddress: literal != nil)
    }

    /// What a check before an attempt finds.
    public enum Check: Sendable, Equatable {
        /// Allowed; a name's request must go to `connectTo`, the first of its checked addresses
        /// (nil when the URL names an address).
        case allowed(connectTo: String?)
        /// An address the policy refuses (the detail names the addresses: for the server's log).
        case refused(String)
        /// The name did not resolve (now): worth another attempt later.
        case unresolved(String)
    }

    /// Resolves `target`'s host (names through `resolve`: getaddrinfo, on NIO's blocking-work
    /// thread pool) and checks every address it resolves to.
    public func check(
        _ target: Target, resolve: @Sendable (String) async throws -> [[UInt8]] = WebhookAddressPolicy.resolve
    ) async -> Check {
        if target.isLiteralAddress {
            return Self.parse(target.host).flatMap(refusal).map(Check.refused) ?? .allowed(connectTo: nil)
        }
        let host = target.host
        let addresses: [[UInt8]]
        do {
            addresses = try await resolve(host)
        } catch {
            return .unresolved("\(host) did not resolve: \(error)")
        }
        guard !addresses.isEmpty else { return .unresolved("\(host) did not resolve to an address") }
        for address in addresses {
            if let refusal = refusal(address) { return .refused("\(host) resolves to \(refusal)") }
        }
        return .allowed(connectTo: Self.format(addresses[0]))
    }

    /// Why `address` (4 or 16 bytes) is refused, or nil when it is allowed.
    func refusal(_ address: [UInt8]) -> String? {
        let text = Self.format(address)
        switch Self.classify(address) {
        case .public: return nil
        case .restricted(let range):
            return allowed.contains(range) ? nil : "\(text), a \(range.rawValue) address (not allowed)"
        case .never(let kind): return "\(text), \(kind == "unspecified" ? "the unspecified" : "a \(kind)") address"
        }
    }

    enum Class: Equatable {
        case `public`
        case restricted(Range)
        case never(String)
    }

    static func classify(_ address: [UInt8]) -> Class {
        if address.count == 16 {
            if address.allSatisfy({ $0 == 0 }) { return .never("unspecified") }
            if address[0..<15].allSatisfy({ $0 == 0 }) && address[15] == 1 { return .restricted(.loopback) }
            // Forms that carry an IPv4 address are judged by it: IPv4-mapped (::ffff:a.b.c.d),
            // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
            if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF {
                return classify(Array(address[12..<16]))
            }
            if address[0..<12].allSatisfy({ $0 == 0 }) { return classify(Array(address[12..<16])) }
            if address[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] {
                return classify(Array(address[12..<16]))
            }
            if address[0] == 0x20 && address[1] == 0x02 { return classify(Array(address[2..<6])) }
            if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return .restricted(.linkLocal) }
            // Unique local (fc00::/7) and the deprecated site-local (fec0::/10).
            if address[0] & 0xFE == 0xFC || (address[0] == 0xFE && address[1] & 0xC0 == 0xC0) { return .restricted(.private) }
            if address[0] == 0xFF { return .never("multicast") }
            return .public
        }
        guard address.count == 4 else { return .never("unknown") }
        let (a, b) = (address[0], address[1])
        switch a {
        case 0: return .never("unspecified")
        case 127: return .restricted(.loopback)
        case 10: return .restricted(.private)
        case 172 where (16...31).contains(b): return .restricted(.private)
        case 192 where b == 168: return .restricted(.private)
        case 100 where (64...127).contains(b): return .restricted(.private)
        case 198 where b == 18 || b == 19: return .restricted(.private)  // benchmarking networks
        case 169 where b == 254: return .restricted(.linkLocal)
        case 192 where b == 0 && (address[2] == 0 || address[2] == 2): return .never("reserved")
        case 198 where b == 51 && address[2] == 100: return .never("reserved")
        case 203 where b == 0 && address[2] == 113: return .never("reserved")
        case 224...239: return .never("multicast")
        case 240...255: return .never("reserved")
        default: return .public
        }
    }

    /// The bytes of a literal IPv4 or IPv6 address, or nil for a name.
    static func parse(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    static func format(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var bytes = address
        _ = bytes.withUnsafeMutableBytes { inet_ntop(AF_INET6, $0.baseAddress, &text, socklen_t(text.count)) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    struct ResolutionError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every address `host` resolves to, looked up on NIO's thread pool for blocking work
    /// (getaddrinfo blocks).
    @Sendable public static func resolve(_ host: String) async throws -> [[UInt8]] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            #if canImport(Glibc)
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            #else
                hints.ai_socktype = SOCK_STREAM
            #endif
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, nil, &hints, &list)
            guard status == 0 else { throw ResolutionError(description: String(cString: gai_strerror(status))) }
            defer { freeaddrinfo(list) }
            var addresses: [[UInt8]] = []
            var entry = list
            while let current = entry {
                if let address = current.pointee.ai_addr {
                    if current.pointee.ai_family == AF_INET {
                        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                            var value = $0.pointee.sin_addr
                            addresses.append(withUnsafeBytes(of: &value) { Array($0) })
                        }
                    } else if current.pointee.ai_family == AF_INET6 {
                        address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                            var value = $0.pointee.sin6_addr
                            addresses.append(withUnsafeBytes(of: &value) { Array($0) })
                        }
                    }
                }
                entry = current.pointee.ai_next
            }
            return addresses
        }
    }
}
