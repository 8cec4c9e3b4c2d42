/// The outcome of every RPC, success included: what goes into the `grpc-status` and `grpc-message`
/// trailers. A failure travels as an ``RPCError``; a `Status` is what is left of it on the wire.
public struct Status: Hashable, Sendable, CustomStringConvertible {
    /// A gRPC status code (grpc/grpc `doc/statuscodes.md`). A struct over a private enum so that
    /// codes can be added without breaking exhaustive switches in callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Hashable, Sendable, CaseIterable {
            case ok = 0
            case cancelled = 1
            case unknown = 2
            case invalidArgument = 3
            case deadlineExceeded = 4
            case notFound = 5
            case alreadyExists = 6
            case permissionDenied = 7
            case resourceExhausted = 8
            case failedPrecondition = 9
            case aborted = 10
            case outOfRange = 11
            case unimplemented = 12
            case internalError = 13
            case unavailable = 14
            case dataLoss = 15
            case unauthenticated = 16
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The code for a `grpc-status` value; `nil` for a number gRPC does not define.
        public init?(rawValue: Int) {
            guard let wrapped = Wrapped(rawValue: rawValue) else { return nil }
            self.wrapped = wrapped
        }

        /// The number sent in `grpc-status`.
        public var rawValue: Int { self.wrapped.rawValue }

        /// Every code gRPC defines, in numeric order.
        public static var allCases: [Code] { Wrapped.allCases.map(Code.init) }

        public static let ok = Code(.ok)
        public static let cancelled = Code(.cancelled)
        public static let unknown = Code(.unknown)
        public static let invalidArgument = Code(.invalidArgument)
        public static let deadlineExceeded = Code(.deadlineExceeded)
        public static let notFound = Code(.notFound)
        public static let alreadyExists = Code(.alreadyExists)
        public static let permissionDenied = Code(.permissionDenied)
        public static let resourceExhausted = Code(.resourceExhausted)
        public static let failedPrecondition = Code(.failedPrecondition)
        public static let aborted = Code(.aborted)
        public static let outOfRange = Code(.outOfRange)
        public static let unimplemented = Code(.unimplemented)
        /// `INTERNAL`; named so because `internal` is a Swift keyword.
        public static let internalError = Code(.internalError)
        public static let unavailable = Code(.unavailable)
        public static let dataLoss = Code(.dataLoss)
        public static let unauthenticated = Code(.unauthenticated)

        /// The name gRPC documentation and other implementations use, e.g. `INVALID_ARGUMENT`.
        public var name: String {
            switch self.wrapped {
            case .ok: "OK"
            case .cancelled: "CANCELLED"
            case .unknown: "UNKNOWN"
            case .invalidArgument: "INVALID_ARGUMENT"
            case .deadlineExceeded: "DEADLINE_EXCEEDED"
            case .notFound: "NOT_FOUND"
            case .alreadyExists: "ALREADY_EXISTS"
            case .permissionDenied: "PERMISSION_DENIED"
            case .resourceExhausted: "RESOURCE_EXHAUSTED"
            case .failedPrecondition: "FAILED_PRECONDITION"
            case .aborted: "ABORTED"
            case .outOfRange: "OUT_OF_RANGE"
            case .unimplemented: "UNIMPLEMENTED"
            case .internalError: "INTERNAL"
            case .unavailable: "UNAVAILABLE"
            case .dataLoss: "DATA_LOSS"
            case .unauthenticated: "UNAUTHENTICATED"
            }
        }

        public var description: String { self.name }

        /// The code to report when a response has no `grpc-status` but an HTTP status, as
        /// grpc/grpc `doc/http-grpc-status-mapping.md` prescribes (a proxy or a non-gRPC server
        /// answered).
        public init(httpStatus: Int) {
            switch httpStatus {
            case 400: self = .internalError
            case 401: self = .unauthenticated
            case 403: self = .permissionDenied
            case 404: self = .unimplemented
            case 429, 502, 503, 504: self = .unavailable
            default: self = .unknown
            }
        }
    }

    public var code: Code
    /// A human-readable explanation for the caller (sent percent-encoded in `grpc-message`).
    public var message: String

    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// Success with no message.
    public static let ok = Status(code: .ok)

    public var description: String {
        self.message.isEmpty ? self.code.name : "\(self.code.name): \(self.message)"
    }
}
