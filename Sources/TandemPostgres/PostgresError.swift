/// A failure of the PostgreSQL layer.
///
/// Server errors carry the SQLSTATE, so that callers decide by class (a conflict to retry, a
/// unique violation, a lost connection) and never by message text. The message is the server's
/// and may quote SQL or values: log it, never send it to a client.
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The server answered with an error; `sqlState` says which.
        case server
        /// The connection could not be made or was lost; nothing is known about the statement's
        /// outcome unless it was a read.
        case connection
        /// No pooled connection became free within the pool's wait timeout.
        case poolTimeout
        /// The pool is shut down.
        case poolClosed
        /// A value could not be decoded into the Swift type asked for.
        case decoding
        /// A statement was used in a way the layer refuses (a query outside a tenant, say).
        case misuse
    }

    public var kind: Kind
    /// The five-character SQLSTATE for `.server` errors (`23505`, `40001`, ...).
    public var sqlState: String?
    public var message: String
    /// The constraint a server error names, when it names one.
    public var constraint: String?

    public init(kind: Kind, sqlState: String? = nil, message: String, constraint: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.constraint = constraint
    }

    /// A serialization failure or a deadlock: the transaction may succeed when run again.
    public var isTransactionConflict: Bool {
        sqlState == SQLState.serializationFailure || sqlState == SQLState.deadlockDetected
    }

    /// The server is unreachable, restarting or shutting down: the call may succeed later.
    public var isUnavailable: Bool {
        switch kind {
        case .connection, .poolTimeout, .poolClosed: return true
        case .server:
            guard let sqlState else { return false }
            // Class 08 (connection exception), 57P01-57P03 (admin shutdown, crash shutdown,
            // cannot connect now), 53300 (too many connections).
            return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(sqlState)
        case .decoding, .misuse: return false
        }
    }

    public var description: String {
        switch kind {
        case .server: "PostgreSQL error \(sqlState ?? "?????"): \(message)"
        case .connection: "PostgreSQL connection failed: \(message)"
        case .poolTimeout: "no PostgreSQL connection became free: \(message)"
        case .poolClosed: "the PostgreSQL pool is closed"
        case .decoding: "PostgreSQL value not decodable: \(message)"
        case .misuse: "PostgreSQL layer misuse: \(message)"
        }
    }
}

/// The SQLSTATE codes Tandem acts on.
public enum SQLState {
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let checkViolation = "23514"
    public static let notNullViolation = "23502"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let queryCanceled = "57014"
    public static let insufficientPrivilege = "42501"
    public static let invalidTextRepresentation = "22P02"
    public static let undefinedObject = "42704"
    public static let lockNotAvailable = "55P03"
    public static let characterNotInRepertoire = "22021"
}
