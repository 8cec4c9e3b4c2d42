import Foundation
public import TandemPostgres

/// Checks a service database's catalog against the tenancy rules of DESIGN.md.
///
/// Every table in `public` is a tenant table unless its comment starts with `tandem:global`. A
/// tenant table must have a `uuid NOT NULL` column `tenant_id` leading its primary key, every
/// unique index and every foreign key (on both sides); it must have row-level security enabled
/// and forced, with at least one policy, and every policy must be on `tenant_id` against the
/// transaction's `tandem.tenant_id`. These are the rules that make one tenant's rows invisible to
/// another and keep the schema ready for sharding by `tenant_id`.
public enum SchemaLint {
    /// One broken rule, naming the table and what is wrong.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var table: String
        public var rule: String
        public var description: String { "\(table): \(rule)" }
    }

    public static func problems(on connection: PostgresConnection) throws(PostgresError) -> [Problem] {
        let tables = try connection.query(
            """
            SELECT c.oid::bigint, c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                             AND a.atttypid = 'uuid'::regtype AND a.attnotnull)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE 'tandem:global%'
            ORDER BY c.relname
            """)
        var problems: [Problem] = []
        for row in tables.rows {
            let oid = try row.decode(Int64.self, at: 0)
            let table = try row.decode(String.self, at: 1)
            func problem(_ rule: String) { problems.append(Problem(table: table, rule: rule)) }

            if try !row.decode(Bool.self, at: 4) { problem("has no tenant_id uuid NOT NULL column") }
            if try !row.decode(Bool.self, at: 2) { problem("row level security is not enabled") }
            if try !row.decode(Bool.self, at: 3) { problem("row level security is not forced") }

            let policies = try connection.query(
                """
                SELECT polname, coalesce(pg_get_expr(polqual, polrelid), ''),
                       coalesce(pg_get_expr(polwithcheck, polrelid), '')
                FROM pg_policy WHERE polrelid = \(oid)::oid ORDER BY polname
                """)
            if policies.isEmpty { problem("has no row level security policy") }
            for policy in policies.rows {
                let name = try policy.decode(String.self, at: 0)
                for column in 1...2 {
                    let expression = try policy.decode(String.self, at: column)
                    if column == 2 && expression.isEmpty { continue }
                    // The column itself, not only the setting's name, which contains the same word.
                    let column = expression.replacingOccurrences(of: "'tandem.tenant_id'", with: "")
                    if !(column.contains("tenant_id") && expression.contains("'tandem.tenant_id'")) {
                        problem("policy \(name) does not compare tenant_id with current_setting('tandem.tenant_id')")
                        break
                    }
                }
            }

            let indexes = try connection.query(
                """
                SELECT i.indexrelid::regclass::text, i.indisprimary, coalesce(a.attname, '')
                FROM pg_index i
                LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = \(oid)::oid AND i.indisunique
                ORDER BY 1
                """)
            var hasPrimaryKey = false
            for index in indexes.rows {
                let name = try index.decode(String.self, at: 0)
                let isPrimary = try index.decode(Bool.self, at: 1)
                hasPrimaryKey = hasPrimaryKey || isPrimary
                if try index.decode(String.self, at: 2) != "tenant_id" {
                    problem("\(isPrimary ? "primary key" : "unique index") \(name) does not start with tenant_id")
                }
            }
            if !hasPrimaryKey { problem("has no primary key") }

            let foreignKeys = try connection.query(
                """
                SELECT con.conname,
                       (SELECT attname FROM pg_attribute WHERE attrelid = con.conrelid AND attnum = con.conkey[1]),
                       (SELECT attname FROM pg_attribute WHERE attrelid = con.confrelid AND attnum = con.confkey[1]),
                       con.confrelid::regclass::text
                FROM pg_constraint con
                WHERE con.conrelid = \(oid)::oid AND con.contype = 'f'
                ORDER BY 1
                """)
            for key in foreignKeys.rows {
                let name = try key.decode(String.self, at: 0)
                let local = try key.decode(String.self, at: 1)
                let remote = try key.decode(String.self, at: 2)
                if local != "tenant_id" || remote != "tenant_id" {
                    problem("foreign key \(name) to \(try key.decode(String.self, at: 3)) does not lead with tenant_id on both sides")
                }
            }
        }
        return problems
    }
}
