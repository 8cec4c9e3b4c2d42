import Foundation
import TandemPostgres
import TandemSchema
import TandemService

/// How task and blocker rows are read: the column lists every query selects, and their decoding.
enum TaskRows {
    /// The columns of a task, in the order `task(_:)` decodes them.
    static let columns: StaticString = """
        id::text, title, description, owner, status, priority, due_date::text, estimate_days, labels, \
        project_id::text, phase_id::text, recurrence, series_id::text, occurrence, version, created_at, created_by, \
        updated_at, updated_by, completed_at, archived_at, status_before_block, next_task_id::text
        """

    /// The same columns qualified with `t.` for joins.
    static let qualifiedColumns: StaticString = """
        t.id::text, t.title, t.description, t.owner, t.status, t.priority, t.due_date::text, t.estimate_days, t.labels, \
        t.project_id::text, t.phase_id::text, t.recurrence, t.series_id::text, t.occurrence, t.version, t.created_at, \
        t.created_by, t.updated_at, t.updated_by, t.completed_at, t.archived_at, t.status_before_block, t.next_task_id::text
        """
    static let columnCount = 23

    static let blockerColumns: StaticString = """
        task_id::text, id::text, description, blocking_task_id::text, created_at, created_by, resolved_at, resolved_by
        """

    /// A task row with what the API does not show.
    struct StoredTask: Sendable {
        var task: TasksV1.Task
        var statusBeforeBlock: TasksV1.TaskStatus?
        var nextTaskID: String?
    }

    static func task(_ row: PostgresRow, offset: Int = 0) throws(PostgresError) -> StoredTask {
        var task = TasksV1.Task()
        task.id = try row.decode(String.self, at: offset)
        task.title = try row.decode(String.self, at: offset + 1)
        task.description = try row.decode(String.self, at: offset + 2)
        task.owner = try row.decode(String.self, at: offset + 3)
        task.status = TasksV1.TaskStatus(rawValue: try row.decode(Int32.self, at: offset + 4))
        task.priority = TasksV1.Priority(rawValue: try row.decode(Int32.self, at: offset + 5))
        if let due = try row.decode(String?.self, at: offset + 6) {
            guard let day = CalendarDay(iso: Substring(due)) else {
                throw PostgresError(kind: .decoding, message: "\"\(due)\" is not a date")
            }
            task.dueDate = day.message
        }
        task.estimateDays = try row.decode(Double.self, at: offset + 7)
        task.labels = try row.decode([String].self, at: offset + 8)
        task.projectID = try row.decode(String?.self, at: offset + 9) ?? ""
        task.phaseID = try row.decode(String?.self, at: offset + 10) ?? ""
        if let rule = try row.decode(PostgresBytes?.self, at: offset + 11) {
            do {
                var recurrence = try TasksV1.Recurrence(serializedBytes: rule.bytes)
                recurrence.seriesID = try row.decode(String?.self, at: offset + 12) ?? ""
                recurrence.occurrence = try row.decode(Int32?.self, at: offset + 13) ?? 0
                task.recurrence = recurrence
            } catch {
                throw PostgresError(kind: .decoding, message: "task \(task.id) has an unreadable recurrence: \(error)")
            }
        }
        task.version = try row.decode(Int64.self, at: offset + 14)
        task.createdAt = try row.decode(PostgresTimestamp.self, at: offset + 15).protobuf
        task.createdBy = try row.decode(String.self, at: offset + 16)
        task.updatedAt = try row.decode(PostgresTimestamp.self, at: offset + 17).protobuf
        task.updatedBy = try row.decode(String.self, at: offset + 18)
        task.completedAt = try row.decode(PostgresTimestamp?.self, at: offset + 19).map(\.protobuf)
        if let archived = try row.decode(PostgresTimestamp?.self, at: offset + 20) {
            task.archived = true
            task.archivedAt = archived.protobuf
        }
        let before = try row.decode(Int32?.self, at: offset + 21).map(TasksV1.TaskStatus.init(rawValue:))
        return StoredTask(task: task, statusBeforeBlock: before, nextTaskID: try row.decode(String?.self, at: offset + 22))
    }

    /// A blocker row and the task it belongs to.
    static func blocker(_ row: PostgresRow) throws(PostgresError) -> (taskID: String, blocker: TasksV1.Blocker) {
        var blocker = TasksV1.Blocker()
        let taskID = try row.decode(String.self, at: 0)
        blocker.id = try row.decode(String.self, at: 1)
        blocker.description = try row.decode(String.self, at: 2)
        blocker.blockingTaskID = try row.decode(String?.self, at: 3) ?? ""
        blocker.createdAt = try row.decode(PostgresTimestamp.self, at: 4).protobuf
        blocker.createdBy = try row.decode(String.self, at: 5)
        if let resolved = try row.decode(PostgresTimestamp?.self, at: 6) {
            blocker.resolved = true
            blocker.resolvedAt = resolved.protobuf
        }
        blocker.resolvedBy = try row.decode(String.self, at: 7)
        return (taskID, blocker)
    }

    /// Attaches each task's blockers (rows of `blocker(_:)`), oldest first.
    static func attach(_ blockers: PostgresResult, to tasks: inout [TasksV1.Task]) throws(PostgresError) {
        guard !blockers.isEmpty else { return }
        var byTask: [String: [TasksV1.Blocker]] = [:]
        for row in blockers.rows {
            let (taskID, blocker) = try blocker(row)
            byTask[taskID, default: []].append(blocker)
        }
        for index in tasks.indices { tasks[index].blockers = byTask[tasks[index].id] ?? [] }
    }

    static func blockersQuery(_ ids: [String]) -> PostgresQuery {
        "SELECT \(sql: blockerColumns) FROM task_blockers WHERE task_id = ANY(\(ids)::uuid[]) ORDER BY created_at, id"
    }
}
