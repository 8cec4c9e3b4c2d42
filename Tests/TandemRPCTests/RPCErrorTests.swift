import Testing

@testable import TandemRPC

@Suite("RPCError")
struct RPCErrorTests {
    struct Underlying: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    @Test("the status carries code and message but not the cause")
    func status() throws {
        var metadata = Metadata()
        try metadata.add("retry-after", "5")
        let error = RPCError(
            code: .unavailable, message: "database unreachable", metadata: metadata, cause: Underlying())
        #expect(error.status == Status(code: .unavailable, message: "database unreachable"))
        #expect(error.metadata[string: "retry-after"] == "5")
        #expect(error.description == "UNAVAILABLE: database unreachable (cause: connection refused)")
        #expect(!error.status.description.contains("refused"))
    }

    @Test("an error made from a status keeps it")
    func fromStatus() {
        let error = RPCError(Status(code: .permissionDenied, message: "suspended"))
        #expect(error.code == .permissionDenied)
        #expect(error.message == "suspended")
        #expect(error.cause == nil)
        #expect(error.description == "PERMISSION_DENIED: suspended")
    }

    @Test("an error is never OK")
    func neverOK() {
        #expect(RPCError(code: .ok, message: "x").code == .unknown)
        #expect(RPCError(Status.ok).status.code == .unknown)
        var error = RPCError(code: .aborted, message: "x")
        error.code = .ok
        #expect(error.code == .unknown)
    }

    @Test("invalidArgument names the field")
    func invalidArgument() {
        let error = RPCError.invalidArgument(field: "page_size", "must be at most 500")
        #expect(error.code == .invalidArgument)
        #expect(error.message == "page_size: must be at most 500")
    }
}
