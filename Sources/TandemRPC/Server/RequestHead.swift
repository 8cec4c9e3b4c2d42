/// The parts of a request's HEADERS that gRPC gives meaning to, checked before a handler runs.
public struct RequestHead: Sendable {
    /// `/package.Service/Method`.
    public var path: String
    public var metadata: Metadata
    /// From `grpc-timeout`.
    public var timeout: Duration?
    /// From `grpc-encoding`: how request messages marked compressed are compressed.
    public var requestCompression: Compression?
    /// From `grpc-accept-encoding`: what the client can decompress.
    public var acceptedCompressions: [Compression]

    /// Why a request is refused before any handler sees it.
    public enum Rejection: Error, Sendable, Equatable {
        /// Refused at the HTTP level, e.g. 415 for a content type that is not gRPC.
        case http(status: Int, message: String)
        /// Refused with a gRPC status, sent as a trailers-only response.
        case grpc(Status)
    }

    /// Reads request headers (pseudo-headers included), checking what PROTOCOL-HTTP2.md requires.
    public static func parse(_ headers: [(name: String, value: String)]) -> Result<RequestHead, Rejection> {
        var method: String?
        var path: String?
        var contentType: String?
        var timeout: String?
        var encoding: String?
        var acceptEncoding: String?
        var ordinary: [(name: String, value: String)] = []
        ordinary.reserveCapacity(headers.count)
        for (name, value) in headers {
            switch name {
            case ":method": method = value
            case ":path": path = value
            case ":scheme", ":authority", "te": continue
            case "content-type": contentType = value
            case "grpc-timeout": timeout = value
            case "grpc-encoding": encoding = value
            case "grpc-accept-encoding": acceptEncoding = value
            default: ordinary.append((name, value))
            }
        }
        guard method == "POST" else {
            return .failure(.http(status: 405, message: "gRPC requests use POST"))
        }
        guard let contentType,
            contentType == "application/grpc" || contentType.hasPrefix("application/grpc+")
                || contentType.hasPrefix("application/grpc;")
        else {
            return .failure(.http(status: 415, message: "content-type must be application/grpc"))
        }
        guard let path, path.hasPrefix("/") else {
            return .failure(.grpc(Status(code: .unimplemented, message: "missing or malformed :path")))
        }
        var head = RequestHead(
            path: path, metadata: Metadata(), timeout: nil, requestCompression: nil, acceptedCompressions: [])
        if let timeout {
            guard let parsed = GRPCTimeout(headerValue: timeout)?.duration else {
                return .failure(.grpc(Status(code: .invalidArgument, message: "malformed grpc-timeout '\(timeout)'")))
            }
            head.timeout = parsed
        }
        if let encoding, encoding != "identity" {
            guard let compression = Compression(name: encoding) else {
                return .failure(
                    .grpc(Status(code: .unimplemented, message: "message compression '\(encoding)' is not supported")))
            }
            head.requestCompression = compression
        }
        if let acceptEncoding {
            head.acceptedCompressions = Compression.parseList(acceptEncoding)
        }
        do throws(RPCError) {
            head.metadata = try Metadata(headers: ordinary)
        } catch {
            return .failure(.grpc(Status(code: .invalidArgument, message: "malformed metadata: \(error.message)")))
        }
        return .success(head)
    }
}
