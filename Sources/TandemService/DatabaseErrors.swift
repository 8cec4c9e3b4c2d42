public import TandemPostgres
public import TandemRPC
public import Logging

extension RPCError {
    /// The status a database failure answers with. The server's message can quote SQL or another
    /// tenant's values, so it never reaches the caller: it goes to the log, and the caller learns
    /// the class of the failure only.
    public init(database error: PostgresError) {
        if error.isUnavailable {
            self.init(code: .unavailable, message: "the database is unavailable; retry later")
            return
        }
        switch error.sqlState {
        case SQLState.serializationFailure, SQLState.deadlockDetected, SQLState.lockNotAvailable:
            self.init(code: .aborted, message: "the change conflicted with another one; retry it")
        case SQLState.queryCanceled:
            self.init(code: .deadlineExceeded, message: "the database took too long to answer")
        case SQLState.uniqueViolation:
            self.init(code: .alreadyExists, message: "the resource already exists")
        case SQLState.characterNotInRepertoire:
            self.init(code: .invalidArgument, message: "a value holds a character that cannot be stored (a NUL byte)")
        case SQLState.foreignKeyViolation:
            self.init(code: .failedPrecondition, message: "a resource it refers to does not exist")
        default:
            self.init(code: .internalError, message: "internal error")
        }
    }
}

/// Runs `body`, turning database failures into the gRPC status they answer with and logging
/// the detail that the caller does not see.
public func withDatabaseErrors<T: Sendable>(
    logger: Logger, _ body: () async throws -> T
) async throws -> T {
    do {
        return try await body()
    } catch let error as PostgresError {
        let rpcError = RPCError(database: error)
        let level: Logger.Level = rpcError.code == .internalError ? .error : .warning
        logger.log(
            level: level, "database error",
            metadata: ["sqlstate": "\(error.sqlState ?? "")", "error": "\(error)", "grpc.status": "\(rpcError.code)"])
        throw rpcError
    }
}
