import Foundation
public import TandemPostgres
public import TandemRPC
public import TandemSchema
public import TandemService

/// ListTasks and GetWorkload: the queries, built from a request so that tests can EXPLAIN
/// exactly what the handler runs.
public struct TaskListQuery: Sendable {
    /// The statement of one page: every task column, then the sort key as text.
    public var query: PostgresQuery
    /// What the page token is bound to (the tenant and the filter).
    public var binding: String
    public var pageSize: Int

    /// The order and its key expression; each matches an index of migration 0002.
    static func order(_ order: TasksV1.TaskOrder, descending: Bool) throws(RPCError) -> (key: StaticString, type: StaticString) {
        switch order {
        case .unspecified, .createdAt: ("t.created_at", "timestamptz")
        case .updatedAt: ("t.updated_at", "timestamptz")
        case .priority: ("t.priority", "smallint")
        // Tasks without a due date last in either direction.
        case .dueDate: descending ? ("coalesce(t.due_date, '-infinity'::date)", "date") : ("coalesce(t.due_date, 'infinity'::date)", "date")
        default: throw .invalidArgument(field: "order_by", "unknown order \(order.rawValue)")
        }
    }

    /// - Parameters:
    ///   - today: Today in the tenant's time zone (for `overdue`).
    public init(
        _ request: TasksV1.ListTasksRequest, tenantID: String, today: CalendarDay, pageTokens: PageTokenCodec
    ) throws(RPCError) {
        pageSize = try TandemService.pageSize(request.pageSize)
        let statuses = try Validation.enumValues(request.statuses.map(\.rawValue), known: 1...5, field: "statuses") {
            "unknown status \($0)"
        }
        let project = try TaskRules.reference(request.projectID, field: "project_id")
        let phase = try TaskRules.reference(request.phaseID, field: "phase_id")
        let before = try Validation.day(request.dueBefore, field: "due_before")
        let after = try Validation.day(request.dueAfter, field: "due_after")
        if let before, let after, after >= before {
            throw .invalidArgument(field: "due_after", "must be before due_before")
        }
        guard request.label.unicodeScalars.count <= TaskRules.labelLength else {
            throw .invalidArgument(field: "label", "at most \(TaskRules.labelLength) characters")
        }
        guard request.text.unicodeScalars.count <= TaskRules.textFilterLimit else {
            throw .invalidArgument(field: "text", "at most \(TaskRules.textFilterLimit) characters")
        }
        guard request.owner.unicodeScalars.count <= TaskRules.ownerLimit else {
            throw .invalidArgument(field: "owner", "at most \(TaskRules.ownerLimit) characters")
        }
        let (key, type) = try Self.order(request.orderBy, descending: request.descending)

        binding = [
            "tasks", tenantID, request.owner, statuses.joined(separator: ","), project ?? "", phase ?? "",
            request.label, before?.description ?? "", after?.description ?? "", request.overdue.map { $0 ? "1" : "0" } ?? "",
            request.text, request.includeArchived ? "1" : "0", String(request.orderBy.rawValue), request.descending ? "1" : "0",
        ].map { $0.replacingOccurrences(of: "|", with: "||") }.joined(separator: "|")

        var query: PostgresQuery = "SELECT \(sql: TaskRows.qualifiedColumns), \(sql: key)::text FROM tasks t WHERE true"
        if !request.includeArchived { query.append(" AND t.archived_at IS NULL") }
        if !request.owner.isEmpty { query.append(" AND t.owner = \(request.owner)") }
        if !statuses.isEmpty { query.append(" AND t.status = ANY(\(statuses)::smallint[])") }
        if let project { query.append(" AND t.project_id = \(project)::uuid") }
        if let phase { query.append(" AND t.phase_id = \(phase)::uuid") }
        if !request.label.isEmpty {
            query.append(" AND t.id IN (SELECT l.task_id FROM task_labels l WHERE l.label = \(request.label))")
        }
        if let before { query.append(" AND t.due_date < \(before.description)::date") }
        if let after { query.append(" AND t.due_date > \(after.description)::date") }
        switch request.overdue {
        case true?: query.append(" AND t.status IN (1, 2, 3) AND t.due_date < \(today.description)::date")
        case false?:
            query.append(
                " AND (t.status NOT IN (1, 2, 3) OR t.due_date IS NULL OR t.due_date >= \(today.description)::date)")
        case nil: break
        }
        if !request.text.isEmpty {
            let pattern = Validation.containsPattern(request.text)
            query.append(" AND (t.title ILIKE \(pattern) OR t.description ILIKE \(pattern))")
        }
        if !request.pageToken.isEmpty {
            let position = try pageTokens.decode(request.pageToken, binding: binding, fields: 2)
            guard Identifiers.isUUID(position[1]) else {
                throw .invalidArgument(field: "page_token", "not a page token of this list")
            }
            let (value, id) = (position[0], position[1])
            // `key >= value` first, so that the index bounds the scan; the row comparison is not
            // leakproof and so cannot, under row-level security.
            if request.descending {
                query.append(
                    " AND \(sql: key) <= \(value)::\(sql: type) AND (\(sql: key) < \(value)::\(sql: type) OR t.id < \(id)::uuid)")
            } else {
                query.append(
                    " AND \(sql: key) >= \(value)::\(sql: type) AND (\(sql: key) > \(value)::\(sql: type) OR t.id > \(id)::uuid)")
            }
        }
        query.append(request.descending ? " ORDER BY \(sql: key) DESC, t.id DESC" : " ORDER BY \(sql: key), t.id")
        query.append(" LIMIT \(pageSize + 1)")
        self.query = query
    }

}

extension TaskService {
    func listTasks(_ request: TasksV1.ListTasksRequest) async throws -> TasksV1.ListTasksResponse {
        let (context, pool) = try session()
        let today = TenantCalendar.today(timeZone: context.timeZone, at: context.now)
        let list = try TaskListQuery(request, tenantID: context.tenantID, today: today, pageTokens: pageTokens)
        let (tasks, lastKey) = try await pool.transaction(tenant: TenantScope(context.tenantID), readOnly: true) {
            connection in
            var tasks: [TasksV1.Task] = []
            var keys: [String] = []
            for row in try connection.query(list.query).rows {
                tasks.append(try TaskRows.task(row).task)
                keys.append(try row.decode(String.self, at: TaskRows.columnCount))
            }
            if tasks.count > list.pageSize {
                tasks.removeLast()
                keys.removeLast()
            } else {
                keys = []
            }
            if !tasks.isEmpty { try TaskRows.attach(try connection.query(TaskRows.blockersQuery(tasks.map(\.id))), to: &tasks) }
            return (tasks, keys.last)
        }
        var response = TasksV1.ListTasksResponse()
        response.tasks = tasks
        if let lastKey, let last = tasks.last {
            response.nextPageToken = pageTokens.encode(position: [lastKey, last.id], binding: list.binding)
        }
        return response
    }

    func workload(_ request: TasksV1.GetWorkloadRequest) async throws -> TasksV1.GetWorkloadResponse {
        guard request.owners.count <= TaskRules.workloadOwners else {
            throw RPCError.invalidArgument(field: "owners", "at most \(TaskRules.workloadOwners) owners")
        }
        for (index, owner) in request.owners.enumerated() {
            guard !owner.isEmpty, owner.unicodeScalars.count <= TaskRules.ownerLimit else {
                throw RPCError.invalidArgument(field: "owners[\(index)]", "must be 1 to \(TaskRules.ownerLimit) characters")
            }
        }
        let project = try TaskRules.reference(request.projectID, field: "project_id")
        let (context, pool) = try session()
        let today = TenantCalendar.today(timeZone: context.timeZone, at: context.now)
        let query = Self.workloadQuery(owners: request.owners, projectID: project, today: today)
        let rows = try await pool.transaction(tenant: TenantScope(context.tenantID), readOnly: true) { connection in
            try connection.query(query)
        }
        var byOwner: [String: TasksV1.OwnerWorkload] = [:]
        for owner in request.owners { byOwner[owner] = TasksV1.OwnerWorkload.named(owner) }
        for row in rows.rows {
            let owner = try row.decode(String.self, at: 0)
            var entry = byOwner[owner] ?? .named(owner)
            let count = Int32(try row.decode(Int.self, at: 2))
            switch TasksV1.TaskStatus(rawValue: try row.decode(Int32.self, at: 1)) {
            case .todo: entry.todo += count
            case .inProgress: entry.inProgress += count
            case .blocked: entry.blocked += count
            case .done: entry.done += count
            case .cancelled: entry.cancelled += count
            default: break
            }
            entry.overdue += Int32(try row.decode(Int.self, at: 3))
            entry.dueNext7Days += Int32(try row.decode(Int.self, at: 4))
            entry.estimateDaysOpen += try row.decode(Double.self, at: 5)
            byOwner[owner] = entry
        }
        var response = TasksV1.GetWorkloadResponse()
        response.owners = byOwner.values.sorted { $0.owner < $1.owner }
        response.asOf = today.message
        return response
    }

    /// Counts per owner and status over non-archived tasks.
    public static func workloadQuery(owners: [String], projectID: String?, today: CalendarDay) -> PostgresQuery {
        var query: PostgresQuery = """
            SELECT owner, status, count(*),
                   count(*) FILTER (WHERE status IN (1, 2, 3) AND due_date < \(today.description)::date),
                   count(*) FILTER (WHERE status IN (1, 2, 3) AND due_date >= \(today.description)::date
                                    AND due_date < \(today.adding(days: 7).description)::date),
                   coalesce(sum(estimate_days) FILTER (WHERE status IN (1, 2, 3)), 0)
            FROM tasks WHERE archived_at IS NULL
            """
        if owners.isEmpty {
            query.append(" AND owner <> ''")
        } else {
            query.append(" AND owner = ANY(\(owners)::text[])")
        }
        if let projectID { query.append(" AND project_id = \(projectID)::uuid") }
        query.append(" GROUP BY owner, status")
        return query
    }
}

extension TasksV1.OwnerWorkload {
    static func named(_ owner: String) -> Self {
        var entry = Self()
        entry.owner = owner
        return entry
    }
}
