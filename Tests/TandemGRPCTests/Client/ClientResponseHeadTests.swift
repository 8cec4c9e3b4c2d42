import TandemHTTP2
import TandemRPC
import Testing

@testable import TandemGRPC

@Suite("Client response headers and trailers (no I/O)")
struct ClientResponseHeadTests {
    @Test("Response headers give the metadata and the compression; reserved headers are not metadata")
    func head() throws {
        let head = try ClientResponseHead.parse([
            HTTP2Header(":status", "200"), HTTP2Header("content-type", "application/grpc+proto"),
            HTTP2Header("grpc-encoding", "gzip"), HTTP2Header("grpc-accept-encoding", "gzip"),
            HTTP2Header("x-a", "1"), HTTP2Header("x-b-bin", "AAH/"),
        ]).get()
        #expect(head.compression == .gzip)
        #expect(head.metadata.count == 2)
        #expect(head.metadata[string: "x-a"] == "1")
        #expect(head.metadata[binary: "x-b-bin"] == [0, 1, 0xFF])
    }

    @Test(
        "Response headers that are not gRPC fail",
        arguments: [
            (
                [HTTP2Header(":status", "503"), HTTP2Header("content-type", "application/grpc")],
                Status.Code.unavailable
            ),
            ([HTTP2Header(":status", "200"), HTTP2Header("content-type", "text/html")], .unknown),
            ([HTTP2Header(":status", "200")], .unknown),
            (
                [
                    HTTP2Header(":status", "200"), HTTP2Header("content-type", "application/grpc"),
                    HTTP2Header("grpc-encoding", "br"),
                ],
                .internalError
            ),
            (
                [
                    HTTP2Header(":status", "200"), HTTP2Header("content-type", "application/grpc"),
                    HTTP2Header("x-b-bin", "!!"),
                ],
                .internalError
            ),
        ])
    func badHead(headers: [HTTP2Header], code: Status.Code) {
        guard case .failure(let error) = ClientResponseHead.parse(headers) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == code)
    }

    @Test("Trailers: OK gives the metadata; a failure keeps code, decoded message and metadata")
    func trailers() throws {
        let metadata = try ClientResponseHead.parseStatus([HTTP2Header("grpc-status", "0"), HTTP2Header("x-t", "v")])
            .get()
        #expect(metadata[string: "x-t"] == "v")
        guard
            case .failure(let error) = ClientResponseHead.parseStatus([
                HTTP2Header("grpc-status", "5"), HTTP2Header("grpc-message", "caf%C3%A9 100%25 %zz"),
                HTTP2Header("x-t", "v"),
            ])
        else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .notFound)
        #expect(error.message == "café 100% %zz")
        #expect(error.metadata[string: "x-t"] == "v")
    }

    @Test(
        "Without grpc-status the HTTP status decides",
        arguments: [(200, Status.Code.unknown), (404, .unimplemented), (429, .unavailable), (401, .unauthenticated)])
    func missingStatus(httpStatus: Int, code: Status.Code) {
        guard case .failure(let error) = ClientResponseHead.parseStatus([HTTP2Header(":status", "\(httpStatus)")])
        else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == code)
    }

    @Test("An unknown grpc-status number is UNKNOWN")
    func unknownStatus() {
        guard case .failure(let error) = ClientResponseHead.parseStatus([HTTP2Header("grpc-status", "99")]) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .unknown)
    }

    @Test("The request HEADERS of a call without timeout, compression or metadata")
    func requestHead() {
        let head = ClientRequestHead(
            path: "/p.S/M", scheme: "https", authority: "svc:443", timeout: nil, compression: nil,
            userAgent: "tandem-grpc/0.1", metadata: Metadata())
        #expect(
            head.headers == [
                HTTP2Header(":method", "POST"), HTTP2Header(":scheme", "https"), HTTP2Header(":path", "/p.S/M"),
                HTTP2Header(":authority", "svc:443"), HTTP2Header("content-type", "application/grpc"),
                HTTP2Header("te", "trailers"), HTTP2Header("grpc-accept-encoding", "gzip,deflate"),
                HTTP2Header("user-agent", "tandem-grpc/0.1"),
            ])
    }

    @Test("A user-agent in the metadata goes before the library's, in one header")
    func userAgent() throws {
        var metadata = Metadata()
        try metadata.add("user-agent", "tandemctl/1.0")
        let head = ClientRequestHead(
            path: "/p.S/M", scheme: "http", authority: "a:1", timeout: .milliseconds(1500), compression: .identity,
            userAgent: "tandem-grpc/0.1", metadata: metadata)
        #expect(
            head.headers.filter { $0.name == "user-agent" } == [
                HTTP2Header("user-agent", "tandemctl/1.0 tandem-grpc/0.1")
            ])
        #expect(head.headers.first { $0.name == "grpc-timeout" }?.value == "1500m")
        #expect(!head.headers.contains { $0.name == "grpc-encoding" }, "identity is not announced")
    }

    @Test("The default authority is host:port, an IPv6 host in brackets")
    func authority() {
        #expect(GRPCClientConfiguration(host: "tasks.internal", port: 7001).effectiveAuthority == "tasks.internal:7001")
        #expect(GRPCClientConfiguration(host: "::1", port: 7001).effectiveAuthority == "[::1]:7001")
        #expect(GRPCClientConfiguration(host: "::1", port: 7001, authority: "tasks").effectiveAuthority == "tasks")
    }
}
