import Testing

@testable import TandemRPC

@Suite("request heads")
struct RequestHeadTests {
    static func headers(
        _ extra: [(String, String)] = [], contentType: String = "application/grpc", method: String = "POST"
    )
        -> [(name: String, value: String)]
    {
        [
            (":method", method), (":scheme", "http"), (":path", "/test.Echo/Unary"), (":authority", "localhost"),
            ("content-type", contentType), ("te", "trailers"),
        ] + extra.map { (name: $0.0, value: $0.1) }
    }

    @Test("a well-formed request gives path, timeout, compression and custom metadata only")
    func wellFormed() throws {
        let head = try RequestHead.parse(
            Self.headers([
                ("grpc-timeout", "250m"), ("grpc-encoding", "gzip"), ("grpc-accept-encoding", "identity,gzip"),
                ("x-request-id", "r-1"), ("x-blob-bin", "AQID"),
            ])
        ).get()
        #expect(head.path == "/test.Echo/Unary")
        #expect(head.timeout == .milliseconds(250))
        #expect(head.requestCompression == .gzip)
        #expect(head.acceptedCompressions.contains(.gzip))
        #expect(head.metadata[string: "x-request-id"] == "r-1")
        #expect(head.metadata[binary: "x-blob-bin"] == [1, 2, 3])
        #expect(!head.metadata.contains(key: ":path"))
        #expect(!head.metadata.contains(key: "content-type"))
        #expect(!head.metadata.contains(key: "grpc-timeout"))
    }

    @Test(
        "content types of the application/grpc family are accepted",
        arguments: ["application/grpc+proto", "application/grpc;charset=utf-8"])
    func grpcFamily(_ contentType: String) throws {
        #expect(throws: Never.self) { try RequestHead.parse(Self.headers(contentType: contentType)).get() }
    }

    @Test("a content type that is not gRPC is refused with HTTP 415")
    func notGRPC() {
        guard case .failure(.http(let status, _)) = RequestHead.parse(Self.headers(contentType: "text/plain")) else {
            Issue.record("expected an HTTP rejection")
            return
        }
        #expect(status == 415)
    }

    @Test("a method other than POST is refused with HTTP 405")
    func notPost() {
        guard case .failure(.http(let status, _)) = RequestHead.parse(Self.headers(method: "GET")) else {
            Issue.record("expected an HTTP rejection")
            return
        }
        #expect(status == 405)
    }

    @Test(
        "malformed gRPC headers are refused with a status naming them",
        arguments: [
            ("grpc-timeout", "soon", Status.Code.invalidArgument, "grpc-timeout"),
            ("grpc-timeout", "123456789S", Status.Code.invalidArgument, "grpc-timeout"),
            ("grpc-encoding", "br", Status.Code.unimplemented, "br"),
        ])
    func malformed(_ name: String, _ value: String, _ code: Status.Code, _ named: String) {
        guard case .failure(.grpc(let status)) = RequestHead.parse(Self.headers([(name, value)])) else {
            Issue.record("expected a gRPC rejection")
            return
        }
        #expect(status.code == code)
        #expect(status.message.contains(named))
    }
}
