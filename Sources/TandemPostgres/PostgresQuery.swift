/// A SQL statement whose values are always bound, never spliced into the text.
///
/// Built by string interpolation: every interpolated value becomes a numbered parameter (`$1`,
/// `$2`, ...), so there is no way to write a value into the SQL by accident.
///
/// ```swift
/// let query: PostgresQuery = "SELECT title FROM tasks WHERE id = \(taskID) AND version = \(version)"
/// // sql: "SELECT title FROM tasks WHERE id = $1 AND version = $2", two bindings
/// ```
///
/// Identifiers (a table name chosen by code, never by a caller) go in through
/// `\(identifier: ...)`, which accepts lower-case SQL names only and quotes them.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement's text, hashed once.
    private(set) var text: Text
    /// The text form of each placeholder's value, in order; nil is SQL NULL.
    public private(set) var bindings: [String?]
    /// Whether the statement only sets a transaction-local setting (`set_config(name, value,
    /// true)`) and answers with the value it set: run again in the same transaction, with nothing
    /// between that changes the setting, it changes nothing and answers the same. Read-only lists
    /// that share a sync point then send it once for the lists in a row that begin with it (see
    /// `PostgresConnection.pipelineEach`).
    private(set) var isLocalSetting = false

    /// The statement with `$n` placeholders.
    public var sql: String { text.sql }

    public init(unsafeSQL sql: String, bindings: [String?] = []) {
        self.text = Text(sql)
        self.bindings = bindings
    }

    public init(stringLiteral value: String) {
        self.text = Text(value)
        self.bindings = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.text = Text(stringInterpolation.sql)
        self.bindings = stringInterpolation.bindings
    }

    /// A statement's SQL text with its hash worked out when the text is made. A connection finds
    /// its prepared statements by it: a statement kept in a `static let` and bound on every call
    /// is then not hashed again on every call, for each lookup.
    struct Text: Hashable, Sendable {
        let sql: String
        private let hash: Int

        init(_ sql: String) {
            self.sql = sql
            self.hash = sql.hashValue
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(hash)
        }

        static func == (lhs: Text, rhs: Text) -> Bool {
            lhs.hash == rhs.hash && lhs.sql == rhs.sql
        }
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var bindings: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            self.sql = ""
            self.sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            self.bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(value.postgresText)
            sql += "$\(bindings.count)"
        }

        /// Binds `value` as the next parameter; nil binds NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bindings.append(value?.postgresText)
            sql += "$\(bindings.count)"
        }

        /// Writes a fragment of SQL text fixed at compile time (a column list, say). Only a string
        /// literal can be a `StaticString`, so no value reaches the SQL this way.
        public mutating func appendInterpolation(sql fragment: StaticString) {
            sql += fragment.description
        }

        /// Writes a SQL name chosen by code: `[a-z_][a-z0-9_]*`, quoted. Anything else traps,
        /// because it is a programming error, never input.
        public mutating func appendInterpolation(identifier: String) {
            precondition(PostgresQuery.isPlainIdentifier(identifier), "not a plain SQL identifier: \(identifier)")
            sql += "\"\(identifier)\""
        }
    }

    /// The same statement with `values` bound in place of this one's, in order: for a statement
    /// kept in a `static let` and run with new values on every call, whose SQL text is then made
    /// once instead of per call. The number of values must be the statement's.
    ///
    /// ```swift
    /// static let byID: PostgresQuery = "SELECT title FROM tasks WHERE id = \("")::uuid"
    /// let query = byID.binding(taskID)
    /// ```
    public func binding<each Value: PostgresEncodable>(_ values: repeat each Value) -> PostgresQuery {
        var bound: [String?] = []
        bound.reserveCapacity(bindings.count)
        for value in repeat each values { bound.append(value.postgresText) }
        precondition(bound.count == bindings.count, "\(bound.count) values for \(bindings.count) placeholders")
        var query = self
        query.bindings = bound
        return query
    }

    /// This statement marked as one that only sets a transaction-local setting (see
    /// `isLocalSetting`); it must be the first of its list, and the statements after it must
    /// leave that setting alone.
    func asLocalSetting() -> PostgresQuery {
        var query = self
        query.isLocalSetting = true
        return query
    }

    /// Appends another query, renumbering its placeholders after this one's.
    public mutating func append(_ other: PostgresQuery) {
        isLocalSetting = false
        if other.bindings.isEmpty {
            text = Text(sql + other.sql)
            return
        }
        text = Text(sql + PostgresQuery.renumber(other.sql, offset: bindings.count))
        bindings += other.bindings
    }

    public static func + (lhs: PostgresQuery, rhs: PostgresQuery) -> PostgresQuery {
        var result = lhs
        result.append(rhs)
        return result
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !name.isEmpty, name.utf8.count <= 63 else { return false }
        let isLower = { (c: UInt8) in c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") || c == UInt8(ascii: "_") }
        return isLower(first) && name.utf8.allSatisfy { isLower($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    /// Shifts every `$n` outside string literals by `offset`.
    private static func renumber(_ sql: String, offset: Int) -> String {
        var result = [UInt8]()
        var bytes = Array(sql.utf8)[...]
        var inString = false
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "'") { inString.toggle() }
            if !inString, byte == UInt8(ascii: "$"), let first = bytes.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
                var number = 0
                while let digit = bytes.first, digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
                    number = number * 10 + Int(digit - UInt8(ascii: "0"))
                    bytes.removeFirst()
                }
                result += Array("$\(number + offset)".utf8)
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The SQL and the number of bindings; never the values, which may be secrets.
    public var description: String { "\(sql) [\(bindings.count) bindings]" }
}
