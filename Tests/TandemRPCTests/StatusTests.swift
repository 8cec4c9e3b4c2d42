import Testing

@testable import TandemRPC

@Suite("Status")
struct StatusTests {
    static let table: [(code: Status.Code, raw: Int, name: String)] = [
        (.ok, 0, "OK"),
        (.cancelled, 1, "CANCELLED"),
        (.unknown, 2, "UNKNOWN"),
        (.invalidArgument, 3, "INVALID_ARGUMENT"),
        (.deadlineExceeded, 4, "DEADLINE_EXCEEDED"),
        (.notFound, 5, "NOT_FOUND"),
        (.alreadyExists, 6, "ALREADY_EXISTS"),
        (.permissionDenied, 7, "PERMISSION_DENIED"),
        (.resourceExhausted, 8, "RESOURCE_EXHAUSTED"),
        (.failedPrecondition, 9, "FAILED_PRECONDITION"),
        (.aborted, 10, "ABORTED"),
        (.outOfRange, 11, "OUT_OF_RANGE"),
        (.unimplemented, 12, "UNIMPLEMENTED"),
        (.internalError, 13, "INTERNAL"),
        (.unavailable, 14, "UNAVAILABLE"),
        (.dataLoss, 15, "DATA_LOSS"),
        (.unauthenticated, 16, "UNAUTHENTICATED"),
    ]

    @Test("each code has the number and name of statuscodes.md", arguments: Self.table)
    func codeNumberAndName(code: Status.Code, raw: Int, name: String) {
        #expect(code.rawValue == raw)
        #expect(Status.Code(rawValue: raw) == code)
        #expect(code.name == name)
        #expect(code.description == name)
    }

    @Test("all 17 codes are distinct and in numeric order")
    func allCases() {
        #expect(Status.Code.allCases.map(\.rawValue) == Array(0...16))
        #expect(Set(Status.Code.allCases).count == 17)
    }

    @Test("numbers gRPC does not define have no code", arguments: [-1, 17, 100, Int.max])
    func undefinedNumbers(raw: Int) {
        #expect(Status.Code(rawValue: raw) == nil)
    }

    static let httpTable: [(http: Int, code: Status.Code)] = [
        (400, .internalError), (401, .unauthenticated), (403, .permissionDenied), (404, .unimplemented),
        (429, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable),
        (200, .unknown), (405, .unknown), (415, .unknown), (500, .unknown), (501, .unknown),
    ]

    @Test("HTTP statuses map as http-grpc-status-mapping.md says", arguments: Self.httpTable)
    func httpMapping(http: Int, code: Status.Code) {
        #expect(Status.Code(httpStatus: http) == code)
    }

    @Test("a status describes itself by code name and message")
    func description() {
        #expect(Status.ok.description == "OK")
        #expect(Status(code: .notFound, message: "task 7").description == "NOT_FOUND: task 7")
        #expect(Status(code: .aborted, message: "x") != Status(code: .aborted, message: "y"))
    }
}
