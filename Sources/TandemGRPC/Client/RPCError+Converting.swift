import TandemRPC

extension RPCError {
    /// `error` as a call failure: an ``RPCError`` as it is, cancellation as CANCELLED, anything
    /// else (which the transport does not expect) as UNKNOWN with the error as cause.
    static func converting(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError: error
        case is CancellationError: RPCError(code: .cancelled, message: "the call was cancelled")
        default: RPCError(code: .unknown, message: "\(error)", cause: error)
        }
    }
}
