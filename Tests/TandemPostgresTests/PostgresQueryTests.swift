import Testing
@testable import TandemPostgres

@Suite("PostgresQuery binds every interpolated value")
struct PostgresQueryTests {
    @Test("Interpolated values become numbered parameters, never SQL text")
    func interpolation() {
        let id = "abc'; DROP TABLE tenants; --"
        let version: Int64 = 7
        let query: PostgresQuery = "SELECT title FROM tasks WHERE id = \(id) AND version = \(version)"
        #expect(query.sql == "SELECT title FROM tasks WHERE id = $1 AND version = $2")
        #expect(query.bindings == [id, "7"])
        #expect(!query.description.contains("DROP"), "descriptions never show values")
    }

    @Test("nil binds NULL; text arrays are quoted")
    func nullsAndArrays() {
        let missing: String? = nil
        let labels = ["a,b", "q\"uote", "back\\slash"]
        let query: PostgresQuery = "SELECT \(missing), \(labels)"
        #expect(query.bindings == [nil, #"{"a,b","q\"uote","back\\slash"}"#])
    }

    @Test("Appending renumbers the second query's parameters, not those inside string literals")
    func appending() {
        var query: PostgresQuery = "SELECT * FROM t WHERE a = \(1)"
        query.append(" AND b = \(2) AND c = '$1' AND d = \(3)")
        #expect(query.sql == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = '$1' AND d = $3")
        #expect(query.bindings == ["1", "2", "3"])
    }

    @Test("A kept statement binds new values of any encodable type in its placeholders' order")
    func binding() {
        let kept: PostgresQuery = "UPDATE tasks SET title = \("") WHERE id = \("")::uuid AND version = \(Int64(0))"
        let missing: String? = nil
        let query = kept.binding("new title", "0b4e...", Int64(42))
        #expect(query.sql == kept.sql)
        #expect(query.bindings == ["new title", "0b4e...", "42"])
        #expect(kept.binding(missing, "x", Int64(1)).bindings == [nil, "x", "1"])
        #expect(kept.bindings == ["", "", "0"], "the kept statement is unchanged")
    }

    @Test("A statement's text, the key of its prepared statement, is the same however the statement was made")
    func textKey() {
        let kept: PostgresQuery = "SELECT title FROM tasks WHERE id = \("")::uuid"
        let bound = kept.binding("x")
        let typed = PostgresQuery(unsafeSQL: "SELECT title FROM tasks WHERE id = $1::uuid", bindings: ["y"])
        #expect(bound.text == kept.text)
        #expect(typed.text == kept.text)
        #expect(Set([kept.text, bound.text, typed.text]).count == 1)

        var appended: PostgresQuery = "SELECT title FROM tasks"
        appended.append(" WHERE id = \("z")::uuid")
        #expect(appended.text == kept.text, "appending works the text's hash out again")
        var literal: PostgresQuery = "SELECT 1"
        literal.append(" + 1")
        #expect(literal.text == PostgresQuery(unsafeSQL: "SELECT 1 + 1").text)
        #expect(literal.text != PostgresQuery(unsafeSQL: "SELECT 1").text)
    }

    @Test("Identifiers are quoted; only plain lower-case names are identifiers")
    func identifiers() {
        let query: PostgresQuery = "DELETE FROM \(identifier: "api_keys")"
        #expect(query.sql == #"DELETE FROM "api_keys""#)
        #expect(PostgresQuery.isPlainIdentifier("tenants"))
        #expect(!PostgresQuery.isPlainIdentifier("Tenants"))
        #expect(!PostgresQuery.isPlainIdentifier("a\"b"))
        #expect(!PostgresQuery.isPlainIdentifier("1abc"))
        #expect(!PostgresQuery.isPlainIdentifier(""))
    }
}

@Suite("Text-format values")
struct PostgresValueTests {
    @Test("Timestamps round-trip through their text form", arguments: [
        Int64(0), 1_700_000_000_123_456, -1, -86_400_000_001, 253_402_300_799_999_999,
    ])
    func timestamps(micros: Int64) throws {
        let value = PostgresTimestamp(microsecondsSinceEpoch: micros)
        let text = try #require(value.postgresText)
        #expect(try PostgresTimestamp(postgresText: text) == value, "\(text)")
    }

    @Test("The server's timestamp forms decode")
    func serverForms() throws {
        #expect(try PostgresTimestamp(postgresText: "1970-01-01 00:00:00+00").microsecondsSinceEpoch == 0)
        #expect(try PostgresTimestamp(postgresText: "2026-11-27 10:51:18.5+00").microsecondsSinceEpoch
            == 1_795_776_678_500_000)
        #expect(throws: PostgresError.self) { try PostgresTimestamp(postgresText: "2026-11-27 10:51:18+01") }
        #expect(throws: PostgresError.self) { try PostgresTimestamp(postgresText: "yesterday") }
        #expect(throws: PostgresError.self) { try PostgresTimestamp(postgresText: "2026-11-27 10:51:18.5+000") }
        #expect(throws: PostgresError.self) { try PostgresTimestamp(postgresText: "2026-11-27 10:51:18.5") }
        #expect(throws: PostgresError.self) { try PostgresTimestamp(postgresText: "2026-11-27 10:51:1x.5+00") }
    }

    @Test("text[] decodes the server's forms and refuses NULL elements")
    func textArrays() throws {
        #expect(try [String](postgresText: "{}") == [])
        #expect(try [String](postgresText: #"{a,"b c","d\"e",""}"#) == ["a", "b c", #"d"e"#, ""])
        #expect(try [String](postgresText: ["x", "{y}", "NULL"].postgresText!) == ["x", "{y}", "NULL"])
        #expect(throws: PostgresError.self) { try [String](postgresText: "{a,NULL}") }
        #expect(throws: PostgresError.self) { try [String](postgresText: "{a") }
        #expect(throws: PostgresError.self) { try [String](postgresText: "") }
    }

    @Test("bytea is hex both ways; booleans and integers are strict")
    func scalars() throws {
        let bytes = PostgresBytes([0, 1, 0xab, 0xff])
        #expect(bytes.postgresText == "\\x0001abff")
        #expect(try PostgresBytes(postgresText: "\\x0001ABff") == bytes)
        #expect(throws: PostgresError.self) { try PostgresBytes(postgresText: "\\x0g") }
        #expect(try Bool(postgresText: "t") && !(try Bool(postgresText: "f")))
        #expect(throws: PostgresError.self) { try Bool(postgresText: "true") }
        #expect(throws: PostgresError.self) { try Int32(postgresText: "2147483648") }
    }
}
