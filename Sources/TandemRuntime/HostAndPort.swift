/// A TCP address as `host:port`: an IPv4 address, a bracketed IPv6 address or a host name.
///
/// Names are not resolved here; a listener or a client does that when it starts.
public struct HostAndPort: Sendable, Hashable, CustomStringConvertible {
    /// The host without brackets: `127.0.0.1`, `::1`, `localhost`.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }

    /// Parses `host:port` read from `variable`.
    public init(parsing raw: String, variable: String) throws(ConfigurationError) {
        let expected = "expected host:port such as 127.0.0.1:7001 or [::1]:7001"
        let host: Substring
        let portText: Substring
        if raw.hasPrefix("[") {
            guard let close = raw.firstIndex(of: "]"),
                raw.index(after: close) < raw.endIndex,
                raw[raw.index(after: close)] == ":"
            else {
                throw .invalidValue(variable, "\"\(raw)\" is not an address; \(expected)")
            }
            host = raw[raw.index(after: raw.startIndex)..<close]
            portText = raw[raw.index(close, offsetBy: 2)...]
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidValue(variable, "\"\(raw)\" has an invalid IPv6 address; \(expected)")
            }
        } else {
            guard let colon = raw.lastIndex(of: ":") else {
                throw .invalidValue(variable, "\"\(raw)\" has no port; \(expected)")
            }
            host = raw[..<colon]
            portText = raw[raw.index(after: colon)...]
            guard !host.isEmpty,
                host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
            else {
                throw .invalidValue(variable, "\"\(raw)\" has an invalid host; \(expected)")
            }
        }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            portText.count <= 5, let port = Int(portText), (1...65535).contains(port)
        else {
            throw .invalidValue(variable, "\"\(raw)\" has an invalid port (1-65535); \(expected)")
        }
        self.init(host: String(host), port: port)
    }
}
