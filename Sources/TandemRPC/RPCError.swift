/// A failed RPC: what a handler throws and what a client call throws. It carries what goes on the
/// wire (code, message, trailing metadata) apart from what stays in the process (the cause, for
/// logs), so that translating an error at a boundary never leaks internal detail to a peer.
public struct RPCError: Error, Sendable, CustomStringConvertible {
    /// Never `.ok`: a failure reported as success would be silently lost.
    public var code: Status.Code {
        didSet { if self.code == .ok { self.code = .unknown } }
    }
    /// The explanation sent to the peer in `grpc-message`.
    public var message: String
    /// Trailing metadata sent with the status.
    public var metadata: Metadata
    /// The underlying error, for logs and debugging; never sent to the peer.
    public var cause: (any Error & Sendable)?

    /// A failure with `code`. An `.ok` code becomes `.unknown`: an error is never a success.
    public init(
        code: Status.Code, message: String, metadata: Metadata = Metadata(), cause: (any Error & Sendable)? = nil
    ) {
        self.code = code == .ok ? .unknown : code
        self.message = message
        self.metadata = metadata
        self.cause = cause
    }

    /// The failure a status describes (e.g. one received in trailers). An `.ok` status becomes
    /// `.unknown`, as in ``init(code:message:metadata:cause:)``.
    public init(_ status: Status, metadata: Metadata = Metadata()) {
        self.init(code: status.code, message: status.message, metadata: metadata)
    }

    /// What is sent in `grpc-status` and `grpc-message`.
    public var status: Status {
        Status(code: self.code, message: self.message)
    }

    /// `INVALID_ARGUMENT` naming the request field at fault, e.g. `title: must not be empty`.
    public static func invalidArgument(field: String, _ reason: String) -> RPCError {
        RPCError(code: .invalidArgument, message: "\(field): \(reason)")
    }

    public var description: String {
        var text = self.status.description
        if let cause = self.cause {
            text += " (cause: \(cause))"
        }
        return text
    }
}
