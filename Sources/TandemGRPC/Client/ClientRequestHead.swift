import TandemHTTP2
import TandemRPC

/// The request HEADERS of one call, as `PROTOCOL-HTTP2.md` orders them: pseudo-headers, then the
/// call definition, then custom metadata.
struct ClientRequestHead: Sendable {
    var path: String
    var scheme: String
    var authority: String
    /// The time left when the HEADERS are built; sent as `grpc-timeout`, rounded up.
    var timeout: Duration?
    var compression: Compression?
    var userAgent: String
    var metadata: Metadata

    /// What `grpc-accept-encoding` announces: every encoding the client can decompress.
    static let acceptEncoding = Compression.headerValue(Compression.supported.filter { $0 != .identity })

    var headers: [HTTP2Header] {
        var headers = [
            HTTP2Header(name: ":method", value: "POST"),
            HTTP2Header(name: ":scheme", value: scheme),
            HTTP2Header(name: ":path", value: path),
            HTTP2Header(name: ":authority", value: authority),
            HTTP2Header(name: "content-type", value: "application/grpc"),
            HTTP2Header(name: "te", value: "trailers"),
        ]
        headers.reserveCapacity(headers.count + 4 + metadata.count)
        if let timeout {
            headers.append(HTTP2Header(name: "grpc-timeout", value: GRPCTimeout(rounding: timeout).headerValue))
        }
        if let compression, compression != .identity {
            headers.append(HTTP2Header(name: "grpc-encoding", value: compression.name))
        }
        headers.append(HTTP2Header(name: "grpc-accept-encoding", value: Self.acceptEncoding))
        // An application's own user agent goes first, as gRPC libraries do.
        var userAgent = self.userAgent
        if let custom = metadata[string: "user-agent"] { userAgent = "\(custom) \(userAgent)" }
        headers.append(HTTP2Header(name: "user-agent", value: userAgent))
        for (name, value) in metadata.headerFields where name != "user-agent" {
            headers.append(HTTP2Header(name: name, value: value))
        }
        return headers
    }
}
