import Foundation
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService

/// The task service's transactions. Each method runs one transaction on the tenant's cluster,
/// with the tenant set, and writes the events of its change into the outbox in that same
/// transaction. Methods throw `RPCError` for the caller's mistakes and `PostgresError` for the
/// database's (turned into a status by `TaskService`).
struct TaskStore: Sendable {
    let clusters: ClusterSet
    let outbox: Outbox
    /// How long before a task becomes overdue `task.due_soon` goes out.
    let reminderLead: Duration

    // MARK: - Create and read

    /// CreateTask's statements after the tenant setting: the insert of the task, its labels,
    /// reminder times and event in one statement, and the relay's wake-up.
    func createStatements(_ task: TasksV1.Task, requestID: String?, context: ChangeContext) -> [PostgresQuery] {
        Self.createStatements(task, requestID: requestID, context: context, outbox: outbox, reminderLead: reminderLead)
    }

    static func createStatements(
        _ task: TasksV1.Task, requestID: String?, context: ChangeContext, outbox: Outbox, reminderLead: Duration
    ) -> [PostgresQuery] {
        let tenant = context.tenantID
        var query: PostgresQuery = """
            WITH t AS (
                INSERT INTO tasks (tenant_id, id, title, description, owner, status, priority, due_date, estimate_days, labels,
                                   project_id, phase_id, recurrence, series_id, occurrence, created_by, updated_by, request_id)
                VALUES (\(tenant)::uuid, \(task.id)::uuid, \(task.title), \(task.description), \(task.owner),
                        \(Int(task.status.rawValue)), \(Int(task.priority.rawValue)), \(task.dueDate.flatMap(CalendarDay.init)?.description)::date,
                        \(task.estimateDays), \(task.labels)::text[], \(task.projectID.nilIfEmpty)::uuid, \(task.phaseID.nilIfEmpty)::uuid,
                        \(task.recurrence.map(Self.storedRule))::bytea, \(task.recurrence?.seriesID)::uuid,
                        \(task.recurrence.map { Int($0.occurrence) }), \(context.actor), \(context.actor), \(requestID))
                ON CONFLICT (tenant_id, request_id) DO NOTHING
                RETURNING \(sql: TaskRows.columns)
            ), labels AS (
                INSERT INTO task_labels (tenant_id, label, task_id)
                SELECT \(tenant)::uuid, l, \(task.id)::uuid FROM t, unnest(\(task.labels)::text[]) AS l
            )
            """
        let reminders = reminderTimes(task, timeZone: context.timeZone, lead: reminderLead)
        if !reminders.isEmpty {
            query.append(
                """
                , reminders AS (
                    INSERT INTO reminder_schedule (tenant_id, task_id, kind, fire_at)
                    SELECT \(tenant)::uuid, \(task.id)::uuid, r.kind, r.fire_at
                    FROM t, unnest(\(reminders.map(\.kind))::text[], \(reminders.map { $0.fireAt.postgresText ?? "" })::timestamptz[]) AS r(kind, fire_at)
                )
                """)
        }
        if !outbox.subscribers.isEmpty {
            let event = TaskEvents.created(task, context)
            query.append(
                """
                , events AS (
                    INSERT INTO outbox (tenant_id, event_id, event)
                    SELECT \(tenant)::uuid, \(event.id)::uuid, \(PostgresBytes(event.serializedBytes()))::bytea FROM t
                ), queued AS (
                    INSERT INTO outbox_queue (subscriber, tenant_id, event_id)
                    SELECT s, \(tenant)::uuid, \(event.id)::uuid FROM t, unnest(\(outbox.subscribers)::text[]) AS s
                )
                """)
        }
        query.append(" SELECT * FROM t")
        var statements = [query]
        if !outbox.subscribers.isEmpty { statements.append("SELECT pg_notify('tandem_outbox', '')") }
        return statements
    }

    /// Inserts `task` (validated, with its id and series) in one round trip, or returns the task
    /// an earlier call with the same `requestID` created.
    func create(_ task: TasksV1.Task, requestID: String?, context: ChangeContext, pool: PostgresPool) async throws -> TasksV1.Task {
        let tenant = context.tenantID
        let statements = createStatements(task, requestID: requestID, context: context)
        let results = try await pool.pipelineTransaction(tenant: TenantScope(tenant), statements)
        if let row = results[0].first { return try TaskRows.task(row).task }
        // The request id was used before: answer what that call created.
        guard let requestID else { throw RPCError(code: .internalError, message: "internal error") }
        let existing: TasksV1.Task? = try await pool.transaction(tenant: TenantScope(tenant), readOnly: true) { connection in
            guard let row = try connection.query("SELECT \(sql: TaskRows.columns) FROM tasks WHERE request_id = \(requestID)").first
            else { return nil }
            return try Self.withBlockers(row, on: connection).task
        }
        guard let existing else { throw RPCError(code: .aborted, message: "request_id \(requestID) is in use; retry") }
        return existing
    }

    func get(id: String, tenantID: String, pool: PostgresPool) async throws -> TasksV1.Task {
        guard Identifiers.isUUID(id) else { throw Self.notFound(id) }
        let results = try await pool.pipelineTransaction(tenant: TenantScope(tenantID), readOnly: true, Self.getStatements(id: id))
        guard let row = results[0].first else { throw Self.notFound(id) }
        var tasks = [try TaskRows.task(row).task]
        try TaskRows.attach(results[1], to: &tasks)
        return tasks[0]
    }

    /// GetTask's statements after the tenant setting.
    static func getStatements(id: String) -> [PostgresQuery] {
        [taskByID.binding(id), blockersByTaskID.binding(id)]
    }

    private static let taskByID: PostgresQuery = "SELECT \(sql: TaskRows.columns) FROM tasks WHERE id = \("")::uuid"
    private static let blockersByTaskID: PostgresQuery =
        "SELECT \(sql: TaskRows.blockerColumns) FROM task_blockers WHERE task_id = \("")::uuid ORDER BY created_at, id"

    static func notFound(_ id: String) -> RPCError {
        RPCError(code: .notFound, message: "task \(id.prefix(64)) not found")
    }

    static func storedRule(_ rule: TasksV1.Recurrence) -> PostgresBytes {
        var stored = rule
        stored.seriesID = ""
        stored.occurrence = 0
        return PostgresBytes(stored.serializedBytes())
    }

    // MARK: - Reminders

    struct ReminderTime {
        var kind: String
        var fireAt: PostgresTimestamp
    }

    /// When the scanner should look at `task` for each reminder: none for a task that is not
    /// open, archived or has no due date.
    func reminderTimes(_ task: TasksV1.Task, timeZone: String) -> [ReminderTime] {
        Self.reminderTimes(task, timeZone: timeZone, lead: reminderLead)
    }

    static func reminderTimes(_ task: TasksV1.Task, timeZone: String, lead reminderLead: Duration) -> [ReminderTime] {
        guard TaskRules.open.contains(task.status), !task.archived, let due = task.dueDate.flatMap(CalendarDay.init) else {
            return []
        }
        let overdue = TaskRules.overdueInstant(dueDate: due, timeZone: timeZone)
        let lead = Double(reminderLead.components.seconds) + Double(reminderLead.components.attoseconds) / 1e18
        return [
            ReminderTime(kind: "due_soon", fireAt: PostgresTimestamp(overdue.addingTimeInterval(-lead))),
            ReminderTime(kind: "overdue", fireAt: PostgresTimestamp(overdue)),
        ]
    }

    /// Replaces the reminder schedule of `task` after a change.
    func reschedule(_ task: TasksV1.Task, context: ChangeContext, on connection: PostgresConnection) throws(PostgresError) {
        try connection.query(
            "DELETE FROM reminder_schedule WHERE tenant_id = \(context.tenantID)::uuid AND task_id = \(task.id)::uuid")
        let times = reminderTimes(task, timeZone: context.timeZone)
        guard !times.isEmpty else { return }
        try connection.query(
            """
            INSERT INTO reminder_schedule (tenant_id, task_id, kind, fire_at)
            SELECT \(context.tenantID)::uuid, \(task.id)::uuid, r.kind, r.fire_at
            FROM unnest(\(times.map(\.kind))::text[], \(times.map { $0.fireAt.postgresText ?? "" })::timestamptz[]) AS r(kind, fire_at)
            """)
    }

    // MARK: - Changes

    /// Locks and reads a task with its blockers; NOT_FOUND when the tenant has no such task.
    func lock(_ id: String, on connection: PostgresConnection) throws -> TaskRows.StoredTask {
        guard Identifiers.isUUID(id) else { throw Self.notFound(id) }
        guard let row = try connection.query("SELECT \(sql: TaskRows.columns) FROM tasks WHERE id = \(id)::uuid FOR UPDATE").first
        else { throw Self.notFound(id) }
        return try Self.withBlockers(row, on: connection)
    }

    /// The task in `row`, with its blockers read on `connection`.
    static func withBlockers(_ row: PostgresRow, on connection: PostgresConnection) throws -> TaskRows.StoredTask {
        var stored = try TaskRows.task(row)
        var tasks = [stored.task]
        try TaskRows.attach(try connection.query(TaskRows.blockersQuery([stored.task.id])), to: &tasks)
        stored.task = tasks[0]
        return stored
    }

    static func checkVersion(_ task: TasksV1.Task, expected: Int64) throws(RPCError) {
        guard expected == 0 || expected == task.version else {
            throw RPCError(
                code: .aborted, message: "task \(task.id) is at version \(task.version), not \(expected): read it again and retry")
        }
    }

    static func checkNotArchived(_ task: TasksV1.Task) throws(RPCError) {
        guard !task.archived else { throw RPCError(code: .failedPrecondition, message: "task \(task.id) is archived") }
    }

    /// Writes the task's mutable columns back, bumping its version, and returns it as stored.
    func save(
        _ task: TasksV1.Task, statusBeforeBlock: TasksV1.TaskStatus?, completed: CompletedChange = .keep,
        archive: Bool = false, nextTaskID: String? = nil, context: ChangeContext, on connection: PostgresConnection
    ) throws -> TasksV1.Task {
        let completedSQL: PostgresQuery =
            switch completed {
            case .keep: "completed_at"
            case .now: "now()"
            case .clear: "NULL"
            }
        var query: PostgresQuery = """
            UPDATE tasks SET title = \(task.title), description = \(task.description), owner = \(task.owner),
                status = \(Int(task.status.rawValue)), status_before_block = \(statusBeforeBlock.map { Int($0.rawValue) }),
                priority = \(Int(task.priority.rawValue)), due_date = \(task.dueDate.flatMap(CalendarDay.init)?.description)::date,
                estimate_days = \(task.estimateDays), labels = \(task.labels)::text[],
                project_id = \(task.projectID.nilIfEmpty)::uuid, phase_id = \(task.phaseID.nilIfEmpty)::uuid,
                recurrence = \(task.recurrence.map(Self.storedRule))::bytea, series_id = \(task.recurrence?.seriesID.nilIfEmpty)::uuid,
                occurrence = \(task.recurrence.map { Int($0.occurrence) }),
                version = version + 1, updated_at = now(), updated_by = \(context.actor), completed_at =
            """
        query.append(completedSQL)
        if archive { query.append(", archived_at = now()") }
        if let nextTaskID { query.append(", next_task_id = \(nextTaskID)::uuid") }
        query.append(" WHERE id = \(task.id)::uuid RETURNING \(sql: TaskRows.columns)")
        guard let row = try connection.query(query).first else { throw Self.notFound(task.id) }
        var saved = try TaskRows.task(row).task
        saved.blockers = task.blockers
        return saved
    }

    enum CompletedChange { case keep, now, clear }

    func replaceLabels(_ task: TasksV1.Task, context: ChangeContext, on connection: PostgresConnection) throws(PostgresError) {
        try connection.query("DELETE FROM task_labels WHERE task_id = \(task.id)::uuid")
        if task.labels.isEmpty { return }
        try connection.query(
            """
            INSERT INTO task_labels (tenant_id, label, task_id)
            SELECT \(context.tenantID)::uuid, l, \(task.id)::uuid FROM unnest(\(task.labels)::text[]) AS l
            """)
    }

    /// Inserts a task created by the system (the next occurrence of a series) and its labels.
    func insert(_ task: TasksV1.Task, context: ChangeContext, on connection: PostgresConnection) throws -> TasksV1.Task? {
        let inserted = try connection.query(
            """
            INSERT INTO tasks (tenant_id, id, title, description, owner, status, priority, due_date, estimate_days, labels,
                               project_id, phase_id, recurrence, series_id, occurrence, created_by, updated_by)
            VALUES (\(context.tenantID)::uuid, \(task.id)::uuid, \(task.title), \(task.description), \(task.owner),
                    \(Int(task.status.rawValue)), \(Int(task.priority.rawValue)), \(task.dueDate.flatMap(CalendarDay.init)?.description)::date,
                    \(task.estimateDays), \(task.labels)::text[], \(task.projectID.nilIfEmpty)::uuid, \(task.phaseID.nilIfEmpty)::uuid,
                    \(task.recurrence.map(Self.storedRule))::bytea, \(task.recurrence?.seriesID)::uuid,
                    \(task.recurrence.map { Int($0.occurrence) }), \(context.actor), \(context.actor))
            ON CONFLICT (tenant_id, series_id, occurrence) DO NOTHING
            RETURNING \(sql: TaskRows.columns)
            """)
        guard let row = inserted.first else { return nil }
        let created = try TaskRows.task(row).task
        try replaceLabels(created, context: context, on: connection)
        try reschedule(created, context: context, on: connection)
        return created
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
