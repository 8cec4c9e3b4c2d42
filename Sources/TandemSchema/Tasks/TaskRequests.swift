extension TasksV1 {
    /// Request of TaskService.CreateTask.
    public struct CreateTaskRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.CreateTaskRequest"
        /// Title required; id, blockers, version, audit fields and any status but TODO or IN_PROGRESS are ignored.
        public var task: Task?
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of TaskService.CreateTask.
    public struct CreateTaskResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.CreateTaskResponse"
        public var task: Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
        }
    }

    /// Request of TaskService.GetTask.
    public struct GetTaskRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.GetTaskRequest"
        public var id: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
        }
    }

    /// Response of TaskService.GetTask.
    public struct GetTaskResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.GetTaskResponse"
        public var task: Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
        }
    }

    /// Request of TaskService.UpdateTask.
    public struct UpdateTaskRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.UpdateTaskRequest"
        /// The task with `id` set and the new values of the fields in `updateMask`.
        public var task: Task?
        /// Required: proto field names to change; a message path replaces it whole, and unset clears it.
        public var updateMask: GoogleProtobuf.FieldMask?
        /// ABORTED unless it equals the task's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.FieldMask>.self, 2, "update_mask", &updateMask)
            try visitor.visitSingular(ProtoInt64.self, 3, "expected_version", &expectedVersion)
        }
    }

    /// Response of TaskService.UpdateTask.
    public struct UpdateTaskResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.UpdateTaskResponse"
        public var task: Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
        }
    }

    /// Request of TaskService.SetTaskStatus.
    public struct SetTaskStatusRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.SetTaskStatusRequest"
        public var taskID: String = ""
        /// The new status (not BLOCKED).
        public var status: TaskStatus = .unspecified
        /// Optional note, at most 2000 characters; carried by the event.
        public var reason: String = ""
        /// ABORTED unless it equals the task's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(EnumCodec<TaskStatus>.self, 2, "status", &status)
            try visitor.visitSingular(ProtoString.self, 3, "reason", &reason)
            try visitor.visitSingular(ProtoInt64.self, 14, "expected_version", &expectedVersion)
        }
    }

    /// Response of TaskService.SetTaskStatus.
    public struct SetTaskStatusResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.SetTaskStatusResponse"
        /// The task after the change.
        public var task: Task?
        /// The next occurrence, when completing a recurring task created one.
        public var nextOccurrence: Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
            try visitor.visitOptional(MessageCodec<Task>.self, 2, "next_occurrence", &nextOccurrence)
        }
    }

    /// Request of TaskService.AddBlocker.
    public struct AddBlockerRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.AddBlockerRequest"
        public var taskID: String = ""
        /// What is blocking; required unless `blockingTaskID` is set.
        public var description: String = ""
        /// Optional: the task that blocks this one.
        public var blockingTaskID: String = ""
        /// ABORTED unless it equals the task's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "description", &description)
            try visitor.visitSingular(ProtoString.self, 3, "blocking_task_id", &blockingTaskID)
            try visitor.visitSingular(ProtoInt64.self, 14, "expected_version", &expectedVersion)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of TaskService.AddBlocker.
    public struct AddBlockerResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.AddBlockerResponse"
        /// The task after the change (BLOCKED).
        public var task: Task?
        /// The new blocker.
        public var blocker: Blocker?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
            try visitor.visitOptional(MessageCodec<Blocker>.self, 2, "blocker", &blocker)
        }
    }

    /// Request of TaskService.ResolveBlocker.
    public struct ResolveBlockerRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.ResolveBlockerRequest"
        public var taskID: String = ""
        public var blockerID: String = ""
        /// ABORTED unless it equals the task's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "blocker_id", &blockerID)
            try visitor.visitSingular(ProtoInt64.self, 14, "expected_version", &expectedVersion)
        }
    }

    /// Response of TaskService.ResolveBlocker.
    public struct ResolveBlockerResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.ResolveBlockerResponse"
        /// The task after the change.
        public var task: Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
        }
    }

    /// Request of TaskService.ListTasks: every filter given must match; empty filters match everything.
    public struct ListTasksRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.ListTasksRequest"
        /// Only tasks owned by this user.
        public var owner: String = ""
        /// Only tasks in one of these statuses.
        public var statuses: [TaskStatus] = []
        /// Only work items of this project.
        public var projectID: String = ""
        /// Only tasks in this phase.
        public var phaseID: String = ""
        /// Only tasks carrying this label (exact match).
        public var label: String = ""
        /// Only tasks due strictly before this date.
        public var dueBefore: CommonV1.Date?
        /// Only tasks due strictly after this date.
        public var dueAfter: CommonV1.Date?
        /// true: only open tasks due before today; false: only tasks that are not overdue; nil: both.
        public var overdue: Bool?
        /// Case-insensitive substring of the title or the description.
        public var text: String = ""
        /// Also list archived tasks.
        public var includeArchived: Bool = false
        /// Sort field; default CREATED_AT.
        public var orderBy: TaskOrder = .unspecified
        public var descending: Bool = false
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "owner", &owner)
            try visitor.visitRepeated(EnumCodec<TaskStatus>.self, 2, "statuses", &statuses)
            try visitor.visitSingular(ProtoString.self, 3, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 4, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoString.self, 5, "label", &label)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 6, "due_before", &dueBefore)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 7, "due_after", &dueAfter)
            try visitor.visitOptional(ProtoBool.self, 8, "overdue", &overdue)
            try visitor.visitSingular(ProtoString.self, 9, "text", &text)
            try visitor.visitSingular(ProtoBool.self, 30, "include_archived", &includeArchived)
            try visitor.visitSingular(EnumCodec<TaskOrder>.self, 40, "order_by", &orderBy)
            try visitor.visitSingular(ProtoBool.self, 41, "descending", &descending)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of TaskService.ListTasks.
    public struct ListTasksResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.ListTasksResponse"
        public var tasks: [Task] = []
        /// Empty on the last page.
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Task>.self, 1, "tasks", &tasks)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of TaskService.DeleteTask, which archives the task.
    public struct DeleteTaskRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.DeleteTaskRequest"
        public var id: String = ""
        /// ABORTED unless it equals the task's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoInt64.self, 2, "expected_version", &expectedVersion)
        }
    }

    /// Response of TaskService.DeleteTask.
    public struct DeleteTaskResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.DeleteTaskResponse"
        /// The archived task.
        public var task: Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Task>.self, 1, "task", &task)
        }
    }
}
