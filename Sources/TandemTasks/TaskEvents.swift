import Foundation
import TandemSchema
import TandemService

/// Who made a change and when, for the events it emits.
struct ChangeContext: Sendable {
    var tenantID: String
    /// The actor (`x-tandem-actor`); empty for the system's own changes (reminders).
    var actor: String
    var timeZone: String
    var now: Date
}

/// The events of task changes, as tandem.common.v1 names them.
enum TaskEvents {
    static let source = "tandem-tasks"

    static func event(
        _ type: String, task: TasksV1.Task, context: ChangeContext, recipients: [String], payload: CommonV1.Event.Payload
    ) -> CommonV1.Event {
        CommonV1.Event(
            type: type, tenantID: context.tenantID, actor: context.actor, source: source, subjectType: "task", subjectID: task.id,
            projectID: task.projectID, recipients: recipients, payload: payload, now: context.now)
    }

    static func statusName(_ status: TasksV1.TaskStatus) -> String {
        TasksV1.TaskStatus.valueNames[status.rawValue] ?? "TASK_STATUS_UNSPECIFIED"
    }

    static func created(_ task: TasksV1.Task, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskCreated()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.status = statusName(task.status)
        payload.priority = TasksV1.Priority.valueNames[task.priority.rawValue] ?? ""
        payload.dueDate = task.dueDate
        payload.estimateDays = task.estimateDays
        payload.projectID = task.projectID
        payload.phaseID = task.phaseID
        payload.seriesID = task.recurrence?.seriesID ?? ""
        payload.occurrence = task.recurrence?.occurrence ?? 0
        return event("task.created", task: task, context: context, recipients: [task.owner], payload: .taskCreated(payload))
    }

    static func assigned(_ task: TasksV1.Task, previousOwner: String, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskAssigned()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.previousOwner = previousOwner
        payload.projectID = task.projectID
        payload.dueDate = task.dueDate
        return event(
            "task.assigned", task: task, context: context, recipients: [task.owner, previousOwner], payload: .taskAssigned(payload))
    }

    static func updated(_ task: TasksV1.Task, changed: [String], previous: TasksV1.Task, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskUpdated()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.changedFields = changed
        payload.projectID = task.projectID
        payload.phaseID = task.phaseID
        if previous.projectID != task.projectID { payload.previousProjectID = previous.projectID }
        if previous.phaseID != task.phaseID { payload.previousPhaseID = previous.phaseID }
        payload.version = task.version
        return event("task.updated", task: task, context: context, recipients: [task.owner], payload: .taskUpdated(payload))
    }

    static func statusChanged(
        _ task: TasksV1.Task, from: TasksV1.TaskStatus, reason: String, nextTaskID: String, _ context: ChangeContext
    ) -> CommonV1.Event {
        var payload = CommonV1.TaskStatusChanged()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.fromStatus = statusName(from)
        payload.toStatus = statusName(task.status)
        payload.reason = reason
        payload.projectID = task.projectID
        payload.phaseID = task.phaseID
        if task.status == .done { payload.completedAt = task.completedAt }
        payload.nextTaskID = nextTaskID
        return event(
            "task.status_changed", task: task, context: context, recipients: [task.owner], payload: .taskStatusChanged(payload))
    }

    static func blocked(_ task: TasksV1.Task, blocker: TasksV1.Blocker, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskBlocked()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.blockerID = blocker.id
        payload.description = blocker.description
        payload.blockingTaskID = blocker.blockingTaskID
        payload.projectID = task.projectID
        return event("task.blocked", task: task, context: context, recipients: [task.owner], payload: .taskBlocked(payload))
    }

    static func unblocked(_ task: TasksV1.Task, blockerID: String, automatically: Bool, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskUnblocked()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.blockerID = blockerID
        payload.restoredStatus = statusName(task.status)
        payload.autoResolved = automatically
        payload.projectID = task.projectID
        return event("task.unblocked", task: task, context: context, recipients: [task.owner], payload: .taskUnblocked(payload))
    }

    static func deleted(_ task: TasksV1.Task, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskDeleted()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.projectID = task.projectID
        payload.phaseID = task.phaseID
        return event("task.deleted", task: task, context: context, recipients: [task.owner], payload: .taskDeleted(payload))
    }

    static func dueSoon(_ task: TasksV1.Task, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskDueSoon()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.dueDate = task.dueDate
        payload.projectID = task.projectID
        return event("task.due_soon", task: task, context: context, recipients: [task.owner], payload: .taskDueSoon(payload))
    }

    static func overdue(_ task: TasksV1.Task, daysOverdue: Int, _ context: ChangeContext) -> CommonV1.Event {
        var payload = CommonV1.TaskOverdue()
        payload.taskID = task.id
        payload.title = task.title
        payload.owner = task.owner
        payload.dueDate = task.dueDate
        payload.daysOverdue = Int32(clamping: daysOverdue)
        payload.projectID = task.projectID
        return event("task.overdue", task: task, context: context, recipients: [task.owner], payload: .taskOverdue(payload))
    }
}

