import Foundation
import Testing
import TandemMigrations
import TandemPostgres
import TandemSchema
import TandemService
import TandemTasks
import TandemTestSupport

/// Every ListTasks filter and order is backed by an index: with one million tasks of one tenant in
/// the table, the plan of the handler's own statement (as the application role, under row-level
/// security) never scans the whole table, and a selective filter uses its own index.
@Suite("ListTasks plans with a million tasks", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct TaskIndexTests {
    static let tenant = "01900000-0000-7000-8000-00000000e1a1"

    @Test("EXPLAIN of each filter and order")
    func plans() async throws {
        let database = try TestPostgres.makeDatabase()
        let owner = database.ownerPool(maximumConnections: 1, statementTimeout: .seconds(600))
        defer { owner.close() }
        _ = try await Migrator.apply(.tasks, on: owner)
        // One million tasks: 1,000 owners, statuses mostly open (0.1% done), due dates over about
        // five years around today, 10% in one of 100 projects (half of those in a phase), 1% with
        // one of 100 labels.
        _ = try await owner.pipelineTransaction(
            tenant: TenantScope(Self.tenant),
            [
                "INSERT INTO tenants (tenant_id, slug) VALUES (\(Self.tenant), 'explain')",
                """
                INSERT INTO tasks (tenant_id, id, title, description, owner, status, priority, due_date, project_id, phase_id,
                                   labels, created_at, updated_at)
                SELECT \(Self.tenant)::uuid, md5(i::text)::uuid, 'task ' || i, '', 'owner-' || (i % 1000),
                       CASE WHEN i % 1000 = 0 THEN 4 ELSE 1 + i % 2 END, 1 + i % 4,
                       CASE WHEN i % 7 = 0 THEN NULL ELSE current_date - 900 + (i % 1800) END,
                       CASE WHEN i % 10 = 0 THEN md5('p' || (i % 100))::uuid END,
                       CASE WHEN i % 20 = 0 THEN md5('ph' || (i % 100))::uuid END,
                       CASE WHEN i % 100 = 1 THEN ARRAY['label-' || (i % 10000 / 100)] ELSE '{}' END,
                       now() - make_interval(secs => i), now() - make_interval(secs => i)
                FROM generate_series(1, 1000000) i
                """,
                """
                INSERT INTO task_labels (tenant_id, label, task_id)
                SELECT tenant_id, labels[1], id FROM tasks WHERE cardinality(labels) > 0
                """,
            ])
        try await owner.withConnection { connection in
            try connection.execute(script: "VACUUM ANALYZE tasks")
            try connection.execute(script: "ANALYZE task_labels")
        }

        let app = database.appPool(maximumConnections: 1)
        defer { app.close() }
        let today = TenantCalendar.today(timeZone: "UTC")
        let codec = PageTokenCodec(key: Array("explain".utf8))
        func plan(_ configure: (inout TasksV1.ListTasksRequest) -> Void) async throws -> String {
            var request = TasksV1.ListTasksRequest()
            configure(&request)
            let list = try TaskListQuery(request, tenantID: Self.tenant, today: today, pageTokens: codec)
            let query = PostgresQuery(unsafeSQL: "EXPLAIN " + list.query.sql, bindings: list.query.bindings)
            return try await app.transaction(tenant: TenantScope(Self.tenant), readOnly: true) { connection in
                try connection.query(query).rows.map { row throws(PostgresError) in try row.decode(String.self, at: 0) }
                    .joined(separator: "\n")
            }
        }
        let project = try await app.transaction(tenant: TenantScope(Self.tenant)) { connection in
            try connection.query("SELECT md5('p7')::uuid::text, md5('ph7')::uuid::text").first.map {
                row throws(PostgresError) in (try row.decode(String.self, at: 0), try row.decode(String.self, at: 1))
            }!
        }
        let cases: [(String, String?, (inout TasksV1.ListTasksRequest) -> Void)] = [
            ("owner", "tasks_owner", { $0.owner = "owner-7" }),
            ("statuses", "tasks_status", { $0.statuses = [.done] }),
            ("project_id", "tasks_project", { $0.projectID = project.0 }),
            ("phase_id", "tasks_phase", { $0.phaseID = project.1 }),
            ("label", "task_labels_pkey", { $0.label = "label-7" }),
            ("due_before", "tasks_due", { $0.dueBefore = today.adding(days: -899).message }),
            ("due_after", "tasks_due", { $0.dueAfter = today.adding(days: 898).message }),
            ("overdue", nil, { $0.overdue = true }),
            ("not overdue", nil, { $0.overdue = false }),
            ("text", nil, { $0.text = "task 4242" }),
            ("order created_at", "tasks_created", { $0.orderBy = .createdAt }),
            ("order updated_at", "tasks_updated", { $0.orderBy = .updatedAt }),
            ("order priority", "tasks_priority", { $0.orderBy = .priority }),
            ("order due_date", "tasks_due_first", { $0.orderBy = .dueDate }),
            ("order due_date descending", "tasks_due_last", {
                $0.orderBy = .dueDate
                $0.descending = true
            }),
            ("archived too", "tasks_created", { $0.includeArchived = true }),
        ]
        for (name, index, configure) in cases {
            let text = try await plan(configure)
            #expect(!text.contains("Seq Scan"), "\(name) scans the table:\n\(text)")
            if let index { #expect(text.contains(index), "\(name) does not use \(index):\n\(text)") }
        }
        // A second page starts where the first ended, through the same index.
        let first = try await plan { $0.owner = "owner-7" }
        #expect(first.contains("Limit"))
    }
}
