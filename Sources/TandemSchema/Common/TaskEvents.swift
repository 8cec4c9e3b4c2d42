extension CommonV1 {
    /// Payload of task.created: a task was created, including the next occurrence of a recurring task.
    public struct TaskCreated: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskCreated"
        public var taskID: String = ""
        public var title: String = ""
        /// Empty when unowned.
        public var owner: String = ""
        /// tandem.tasks.v1.TaskStatus value name, for example "TASK_STATUS_TODO".
        public var status: String = ""
        /// tandem.tasks.v1.Priority value name, for example "PRIORITY_HIGH".
        public var priority: String = ""
        public var dueDate: Date?
        public var estimateDays: Double = 0
        public var projectID: String = ""
        public var phaseID: String = ""
        /// Recurrence series the task belongs to; empty for a one-off task.
        public var seriesID: String = ""
        /// 1-based position in its recurrence series; 0 for a one-off task.
        public var occurrence: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 4, "status", &status)
            try visitor.visitSingular(ProtoString.self, 5, "priority", &priority)
            try visitor.visitOptional(MessageCodec<Date>.self, 6, "due_date", &dueDate)
            try visitor.visitSingular(ProtoDouble.self, 7, "estimate_days", &estimateDays)
            try visitor.visitSingular(ProtoString.self, 8, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 9, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoString.self, 10, "series_id", &seriesID)
            try visitor.visitSingular(ProtoInt32.self, 11, "occurrence", &occurrence)
        }
    }

    /// Payload of task.assigned: a task's owner changed.
    public struct TaskAssigned: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskAssigned"
        public var taskID: String = ""
        public var title: String = ""
        /// New owner; empty when the task was unassigned.
        public var owner: String = ""
        /// Owner before the change; empty when it was unowned.
        public var previousOwner: String = ""
        public var projectID: String = ""
        public var dueDate: Date?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 4, "previous_owner", &previousOwner)
            try visitor.visitSingular(ProtoString.self, 5, "project_id", &projectID)
            try visitor.visitOptional(MessageCodec<Date>.self, 6, "due_date", &dueDate)
        }
    }

    /// Payload of task.status_changed: by SetTaskStatus, or by a blocker being added or resolved.
    public struct TaskStatusChanged: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskStatusChanged"
        public var taskID: String = ""
        public var title: String = ""
        public var owner: String = ""
        /// tandem.tasks.v1.TaskStatus value name before the change.
        public var fromStatus: String = ""
        /// tandem.tasks.v1.TaskStatus value name after the change.
        public var toStatus: String = ""
        /// Reason given with SetTaskStatus, if any.
        public var reason: String = ""
        public var projectID: String = ""
        public var phaseID: String = ""
        /// Set when the task became DONE.
        public var completedAt: GoogleProtobuf.Timestamp?
        /// The next occurrence created when a recurring task was completed.
        public var nextTaskID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 4, "from_status", &fromStatus)
            try visitor.visitSingular(ProtoString.self, 5, "to_status", &toStatus)
            try visitor.visitSingular(ProtoString.self, 6, "reason", &reason)
            try visitor.visitSingular(ProtoString.self, 7, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 8, "phase_id", &phaseID)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 9, "completed_at", &completedAt)
            try visitor.visitSingular(ProtoString.self, 10, "next_task_id", &nextTaskID)
        }
    }

    /// Payload of task.blocked: a blocker was added to a task.
    public struct TaskBlocked: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskBlocked"
        public var taskID: String = ""
        public var title: String = ""
        public var owner: String = ""
        public var blockerID: String = ""
        /// The blocker's description.
        public var description: String = ""
        /// The task that blocks this one, if the blocker names one.
        public var blockingTaskID: String = ""
        public var projectID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 4, "blocker_id", &blockerID)
            try visitor.visitSingular(ProtoString.self, 5, "description", &description)
            try visitor.visitSingular(ProtoString.self, 6, "blocking_task_id", &blockingTaskID)
            try visitor.visitSingular(ProtoString.self, 7, "project_id", &projectID)
        }
    }

    /// Payload of task.unblocked: the last open blocker of a task was resolved.
    public struct TaskUnblocked: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskUnblocked"
        public var taskID: String = ""
        public var title: String = ""
        public var owner: String = ""
        /// The blocker whose resolution unblocked the task.
        public var blockerID: String = ""
        /// tandem.tasks.v1.TaskStatus value name the task returned to.
        public var restoredStatus: String = ""
        /// True when the blocker resolved itself because its blocking task became done.
        public var autoResolved: Bool = false
        public var projectID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 4, "blocker_id", &blockerID)
            try visitor.visitSingular(ProtoString.self, 5, "restored_status", &restoredStatus)
            try visitor.visitSingular(ProtoBool.self, 6, "auto_resolved", &autoResolved)
            try visitor.visitSingular(ProtoString.self, 7, "project_id", &projectID)
        }
    }

    /// Payload of task.due_soon: an open task falls due within the reminder window (once per due date).
    public struct TaskDueSoon: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskDueSoon"
        public var taskID: String = ""
        public var title: String = ""
        public var owner: String = ""
        public var dueDate: Date?
        public var projectID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitOptional(MessageCodec<Date>.self, 4, "due_date", &dueDate)
            try visitor.visitSingular(ProtoString.self, 5, "project_id", &projectID)
        }
    }

    /// Payload of task.overdue: an open task passed its due date (once per due date).
    public struct TaskOverdue: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskOverdue"
        public var taskID: String = ""
        public var title: String = ""
        public var owner: String = ""
        public var dueDate: Date?
        /// Calendar days between the due date and today.
        public var daysOverdue: Int32 = 0
        public var projectID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitOptional(MessageCodec<Date>.self, 4, "due_date", &dueDate)
            try visitor.visitSingular(ProtoInt32.self, 5, "days_overdue", &daysOverdue)
            try visitor.visitSingular(ProtoString.self, 6, "project_id", &projectID)
        }
    }

    /// Payload of task.updated: fields changed through UpdateTask (owner and status have their own events too).
    public struct TaskUpdated: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskUpdated"
        public var taskID: String = ""
        public var title: String = ""
        public var owner: String = ""
        /// Field mask paths that changed, for example "estimate_days", "due_date".
        public var changedFields: [String] = []
        public var projectID: String = ""
        public var phaseID: String = ""
        /// Project before the change, when the task moved between projects.
        public var previousProjectID: String = ""
        /// Phase before the change, when the task moved between phases.
        public var previousPhaseID: String = ""
        /// The task's version after the change.
        public var version: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitRepeated(ProtoString.self, 4, "changed_fields", &changedFields)
            try visitor.visitSingular(ProtoString.self, 5, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 6, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoString.self, 7, "previous_project_id", &previousProjectID)
            try visitor.visitSingular(ProtoString.self, 8, "previous_phase_id", &previousPhaseID)
            try visitor.visitSingular(ProtoInt64.self, 9, "version", &version)
        }
    }

    /// Payload of task.deleted: a task was archived by DeleteTask.
    public struct TaskDeleted: ProtoMessage {
        public static let protoName = "tandem.common.v1.TaskDeleted"
        public var taskID: String = ""
        public var title: String = ""
        public var owner: String = ""
        public var projectID: String = ""
        public var phaseID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 4, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 5, "phase_id", &phaseID)
        }
    }
}
