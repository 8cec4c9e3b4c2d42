import Foundation
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService

/// Status changes, blockers and recurrence inside one transaction: the rules of
/// services/tasks/README.md ("Statuses", "Blockers", "Recurrence") applied to locked rows.
struct StatusChange {
    let store: TaskStore
    let context: ChangeContext
    let connection: PostgresConnection

    private func emit(_ events: [CommonV1.Event]) throws(PostgresError) {
        try store.outbox.write(events, tenantID: context.tenantID, on: connection)
    }

    private func openBlockers(_ task: TasksV1.Task) -> Int {
        task.blockers.filter { !$0.resolved }.count
    }

    // MARK: - SetTaskStatus

    func set(
        _ id: String, to target: TasksV1.TaskStatus, reason: String, expectedVersion: Int64
    ) throws -> TasksV1.SetTaskStatusResponse {
        let stored = try store.lock(id, on: connection)
        var task = stored.task
        try TaskStore.checkVersion(task, expected: expectedVersion)
        try TaskStore.checkNotArchived(task)
        var response = TasksV1.SetTaskStatusResponse()
        let from = task.status
        if from == target {
            // Already there (a retried call, say): the task unchanged, and the occurrence its
            // completion created, if any.
            response.task = task
            if target == .done, let next = stored.nextTaskID {
                response.nextOccurrence = try store.lock(next, on: connection).task
            }
            return response
        }
        if from == .blocked, target != .cancelled {
            let count = openBlockers(task)
            throw RPCError(
                code: .failedPrecondition,
                message: target == .done
                    ? "task \(task.id) has \(count) open blocker(s); resolve them before marking it done"
                    : "task \(task.id) is blocked; it returns to work when its last blocker is resolved")
        }
        guard TaskRules.isAllowed(from: from, to: target) else {
            throw RPCError(
                code: .failedPrecondition,
                message: "task \(task.id) cannot move from \(TaskEvents.statusName(from)) to \(TaskEvents.statusName(target))")
        }

        var statusBeforeBlock: TasksV1.TaskStatus? = nil
        task.status = target
        if target == .todo || target == .inProgress, openBlockers(task) > 0 {
            // Reopening a task whose blockers are still open: it is blocked again.
            statusBeforeBlock = target
            task.status = .blocked
        }
        let completed: TaskStore.CompletedChange = target == .done ? .now : (from == .done ? .clear : .keep)

        var next: TasksV1.Task?
        if target == .done, let rule = task.recurrence, stored.nextTaskID == nil {
            next = try nextOccurrence(of: task, rule: rule)
        }
        let saved = try store.save(
            task, statusBeforeBlock: statusBeforeBlock, completed: completed, nextTaskID: next?.id, context: context,
            on: connection)
        var events = [TaskEvents.statusChanged(saved, from: from, reason: reason, nextTaskID: next?.id ?? "", context)]
        if let next { events.append(TaskEvents.created(next, context)) }
        if TaskRules.open.contains(from) != TaskRules.open.contains(saved.status) {
            try store.reschedule(saved, context: context, on: connection)
        }
        try emit(events)
        if target == .done { try resolveBlockers(namedBy: saved.id) }
        response.task = saved
        response.nextOccurrence = next
        return response
    }

    /// Creates the occurrence after `task` in its series (nil when the series has ended).
    private func nextOccurrence(of task: TasksV1.Task, rule: TasksV1.Recurrence) throws -> TasksV1.Task? {
        guard let due = task.dueDate.flatMap(CalendarDay.init) else { return nil }
        let today = TenantCalendar.today(timeZone: context.timeZone, at: context.now)
        guard let nextDue = TaskRules.nextDueDate(rule, dueDate: due, completedOn: today, occurrence: rule.occurrence) else {
            return nil
        }
        var next = TasksV1.Task()
        next.id = Identifiers.uuidV7(now: context.now)
        next.title = task.title
        next.description = task.description
        next.owner = task.owner
        next.status = .todo
        next.priority = task.priority
        next.dueDate = nextDue.message
        next.estimateDays = task.estimateDays
        next.labels = task.labels
        next.projectID = task.projectID
        next.phaseID = task.phaseID
        var nextRule = rule
        nextRule.occurrence = rule.occurrence + 1
        next.recurrence = nextRule
        guard let created = try store.insert(next, context: context, on: connection) else {
            throw RPCError(code: .aborted, message: "the next occurrence of task \(task.id) already exists; retry")
        }
        return created
    }

    /// Resolves the open blockers that name `blockingID` on other tasks, and unblocks each task
    /// whose last open blocker that was.
    private func resolveBlockers(namedBy blockingID: String) throws {
        let resolved = try connection.query(
            """
            UPDATE task_blockers SET resolved_at = now(), resolved_by = ''
            WHERE blocking_task_id = \(blockingID)::uuid AND resolved_at IS NULL
            RETURNING task_id::text, id::text
            """)
        var blockerByTask: [String: String] = [:]
        for row in resolved.rows { blockerByTask[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1) }
        // In id order, so that concurrent completions lock tasks in the same order.
        for (taskID, blockerID) in blockerByTask.sorted(by: { $0.key < $1.key }) {
            let stored = try store.lock(taskID, on: connection)
            try afterResolving(stored, blockerID: blockerID, automatically: true)
        }
    }

    /// Saves a task one of whose blockers was just resolved: back to its earlier status when it
    /// was the last open one.
    @discardableResult
    private func afterResolving(_ stored: TaskRows.StoredTask, blockerID: String, automatically: Bool) throws -> TasksV1.Task {
        var task = stored.task
        let stillOpen = openBlockers(task)
        var statusBeforeBlock = stored.statusBeforeBlock
        let from = task.status
        if stillOpen == 0, task.status == .blocked {
            task.status = stored.statusBeforeBlock ?? .todo
            statusBeforeBlock = nil
        }
        let saved = try store.save(task, statusBeforeBlock: statusBeforeBlock, context: context, on: connection)
        if from != saved.status {
            try emit([
                TaskEvents.unblocked(saved, blockerID: blockerID, automatically: automatically, context),
                TaskEvents.statusChanged(saved, from: from, reason: "", nextTaskID: "", context),
            ])
        }
        return saved
    }

    // MARK: - AddBlocker and ResolveBlocker

    func addBlocker(
        to taskID: String, description: String, blockingTaskID: String?, requestID: String?, expectedVersion: Int64
    ) throws -> TasksV1.AddBlockerResponse {
        var response = TasksV1.AddBlockerResponse()
        let stored = try store.lock(taskID, on: connection)
        if let requestID,
            let row = try connection.query(
                "SELECT \(sql: TaskRows.blockerColumns) FROM task_blockers WHERE task_id = \(stored.task.id)::uuid AND request_id = \(requestID)"
            ).first
        {
            response.task = stored.task
            response.blocker = try TaskRows.blocker(row).blocker
            return response
        }
        var task = stored.task
        try TaskStore.checkVersion(task, expected: expectedVersion)
        try TaskStore.checkNotArchived(task)
        guard task.status != .done, task.status != .cancelled else {
            throw RPCError(
                code: .failedPrecondition, message: "task \(task.id) is \(TaskEvents.statusName(task.status)); reopen it first")
        }
        if let blockingTaskID {
            guard
                let row = try connection.query("SELECT status FROM tasks WHERE id = \(blockingTaskID)::uuid FOR SHARE").first
            else { throw RPCError(code: .notFound, message: "blocking task \(blockingTaskID) not found") }
            let status = TasksV1.TaskStatus(rawValue: try row.decode(Int32.self, at: 0))
            guard status != .done, status != .cancelled else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "blocking task \(blockingTaskID) is already \(TaskEvents.statusName(status))")
            }
        }
        let inserted = try connection.query(
            """
            INSERT INTO task_blockers (tenant_id, id, task_id, description, blocking_task_id, created_by, request_id)
            VALUES (\(context.tenantID)::uuid, \(Identifiers.uuidV7(now: context.now))::uuid, \(task.id)::uuid, \(description),
                    \(blockingTaskID)::uuid, \(context.actor), \(requestID))
            RETURNING \(sql: TaskRows.blockerColumns)
            """)
        let blocker = try TaskRows.blocker(inserted.first!).blocker
        task.blockers.append(blocker)
        let from = task.status
        var statusBeforeBlock = stored.statusBeforeBlock
        if from != .blocked {
            statusBeforeBlock = from
            task.status = .blocked
        }
        let saved = try store.save(task, statusBeforeBlock: statusBeforeBlock, context: context, on: connection)
        var events = [TaskEvents.blocked(saved, blocker: blocker, context)]
        if from != saved.status { events.append(TaskEvents.statusChanged(saved, from: from, reason: "", nextTaskID: "", context)) }
        try emit(events)
        response.task = saved
        response.blocker = blocker
        return response
    }

    func resolveBlocker(_ blockerID: String, of taskID: String, expectedVersion: Int64) throws -> TasksV1.Task {
        var stored = try store.lock(taskID, on: connection)
        try TaskStore.checkVersion(stored.task, expected: expectedVersion)
        guard let index = stored.task.blockers.firstIndex(where: { $0.id == blockerID.lowercased() }) else {
            throw RPCError(code: .notFound, message: "blocker \(blockerID.prefix(64)) not found on task \(stored.task.id)")
        }
        if stored.task.blockers[index].resolved { return stored.task }
        let row = try connection.query(
            """
            UPDATE task_blockers SET resolved_at = now(), resolved_by = \(context.actor)
            WHERE id = \(stored.task.blockers[index].id)::uuid RETURNING \(sql: TaskRows.blockerColumns)
            """)
        stored.task.blockers[index] = try TaskRows.blocker(row.first!).blocker
        return try afterResolving(stored, blockerID: blockerID, automatically: false)
    }
}
