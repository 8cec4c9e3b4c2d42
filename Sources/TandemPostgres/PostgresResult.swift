internal import CPostgres

/// The rows of one statement, decoded eagerly into strings so that the result owns no libpq
/// memory and can leave the connection's thread.
public struct PostgresResult: Sendable {
    /// Column names, in order.
    public let columns: [String]
    /// Each row's values in the text format; nil is SQL NULL.
    let values: [[String?]]
    /// The number of rows an INSERT, UPDATE or DELETE touched (0 for other commands).
    public let affectedRows: Int

    init(columns: [String], values: [[String?]], affectedRows: Int) {
        self.columns = columns
        self.values = values
        self.affectedRows = affectedRows
    }

    /// Copies a PGresult that holds tuples or a command status; `columns`, when given, are its
    /// column names, known from an earlier result of the same statement.
    init(_ result: OpaquePointer, columns known: [String]? = nil) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = known ?? (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values = [[String?]]()
        values.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var rowValues = [String?]()
            rowValues.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) != 0 {
                    rowValues.append(nil)
                } else {
                    let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                    let pointer = PQgetvalue(result, Int32(row), Int32(column))!
                    rowValues.append(
                        pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                        })
                }
            }
            values.append(rowValues)
        }
        self.columns = columns
        self.values = values
        self.affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    public var rows: [PostgresRow] { values.indices.map { PostgresRow(result: self, index: $0) } }
    public var first: PostgresRow? { values.isEmpty ? nil : PostgresRow(result: self, index: 0) }
}

/// One row of a result; columns are read by position with the Swift type they decode into.
public struct PostgresRow: Sendable {
    let result: PostgresResult
    let index: Int

    /// Column `column` decoded as `T`; SQL NULL is an error (decode an `Optional` to accept it).
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws(PostgresError) -> T {
        guard let text = try raw(column) else {
            throw PostgresError(
                kind: .decoding, message: "column \(result.columns[column]) is NULL where \(T.self) was expected")
        }
        return try T(postgresText: text)
    }

    /// Column `column` decoded as `T`, or nil for SQL NULL.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, at column: Int) throws(PostgresError) -> T? {
        guard let text = try raw(column) else { return nil }
        return try T(postgresText: text)
    }

    private func raw(_ column: Int) throws(PostgresError) -> String? {
        guard column >= 0, column < result.columns.count else {
            throw PostgresError(kind: .decoding, message: "no column \(column) (the row has \(result.columns.count))")
        }
        return result.values[index][column]
    }
}
