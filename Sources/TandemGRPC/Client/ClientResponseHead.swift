import TandemHTTP2
import TandemRPC

/// What a call's response HEADERS say before any message: the initial metadata and how the
/// messages are compressed.
struct ClientResponseHead: Sendable {
    var metadata: Metadata
    var compression: Compression?

    /// The head of a trailers-only response: no metadata (it all arrives with the status).
    static let trailersOnly = ClientResponseHead(metadata: Metadata(), compression: nil)

    /// Reads response HEADERS that do not end the stream. A response that is not gRPC (another
    /// HTTP status, another content type) fails with the code `http-grpc-status-mapping.md` gives.
    static func parse(_ headers: [HTTP2Header]) -> Result<ClientResponseHead, RPCError> {
        var httpStatus: Int?
        var contentType: String?
        var encoding: String?
        var ordinary: [(name: String, value: String)] = []
        ordinary.reserveCapacity(headers.count)
        for header in headers {
            switch header.name {
            case ":status": httpStatus = Int(header.value)
            case "content-type": contentType = header.value
            case "grpc-encoding": encoding = header.value
            default: ordinary.append((header.name, header.value))
            }
        }
        guard httpStatus == 200 else {
            let status = httpStatus ?? 0
            return .failure(
                RPCError(code: Status.Code(httpStatus: status), message: "the server answered HTTP status \(status)"))
        }
        guard let contentType, Self.isGRPC(contentType: contentType) else {
            return .failure(
                RPCError(
                    code: Status.Code(httpStatus: 200),
                    message:
                        "the response content-type \(contentType.map { "'\($0)'" } ?? "is missing and") is not gRPC"))
        }
        var head = ClientResponseHead(metadata: Metadata(), compression: nil)
        if let encoding, encoding != "identity" {
            guard let compression = Compression(name: encoding) else {
                return .failure(
                    RPCError(code: .internalError, message: "the response compression '\(encoding)' is not supported"))
            }
            head.compression = compression
        }
        do {
            head.metadata = try Metadata(headers: ordinary)
        } catch {
            return .failure(RPCError(code: .internalError, message: "malformed response metadata: \(error.message)"))
        }
        return .success(head)
    }

    /// Reads the block that ends a call (trailers, or a trailers-only response): the trailing
    /// metadata on success, the server's failure otherwise. Without `grpc-status` the HTTP status
    /// decides the code (`:status` of the block, else `httpStatus`, the head's).
    static func parseStatus(_ headers: [HTTP2Header], httpStatus: Int = 200) -> Result<Metadata, RPCError> {
        var httpStatus = httpStatus
        var grpcStatus: String?
        var grpcMessage: String?
        var ordinary: [(name: String, value: String)] = []
        ordinary.reserveCapacity(headers.count)
        for header in headers {
            switch header.name {
            case ":status": httpStatus = Int(header.value) ?? 0
            case "grpc-status": grpcStatus = header.value
            case "grpc-message": grpcMessage = header.value
            default: ordinary.append((header.name, header.value))
            }
        }
        let metadata: Metadata
        do {
            metadata = try Metadata(headers: ordinary)
        } catch {
            return .failure(RPCError(code: .internalError, message: "malformed trailing metadata: \(error.message)"))
        }
        guard let grpcStatus else {
            return .failure(
                RPCError(
                    code: Status.Code(httpStatus: httpStatus),
                    message: "the response has no grpc-status (HTTP status \(httpStatus))", metadata: metadata))
        }
        let code = Int(grpcStatus).flatMap(Status.Code.init(rawValue:)) ?? .unknown
        guard code != .ok else { return .success(metadata) }
        let message = grpcMessage.map(PercentEncoding.decode) ?? ""
        return .failure(RPCError(code: code, message: message, metadata: metadata))
    }

    static func isGRPC(contentType: String) -> Bool {
        contentType == "application/grpc" || contentType.hasPrefix("application/grpc+")
            || contentType.hasPrefix("application/grpc;")
    }

    /// The gRPC code of a stream the peer reset (`PROTOCOL-HTTP2.md`, "Errors").
    static func code(forReset errorCode: HTTP2ErrorCode) -> Status.Code {
        switch errorCode {
        case .refusedStream: .unavailable
        case .cancel: .cancelled
        case .enhanceYourCalm: .resourceExhausted
        case .inadequateSecurity: .permissionDenied
        default: .internalError
        }
    }
}
