extension TasksV1 {
    /// A unit of work with one owner, often recurring.
    public struct Task: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.Task"
        /// Output only. Server-assigned UUIDv7.
        public var id: String = ""
        /// Required, 1 to 500 characters.
        public var title: String = ""
        /// At most 20000 characters.
        public var description: String = ""
        /// Empty means unowned.
        public var owner: String = ""
        /// Output only except at creation; change it with SetTaskStatus.
        public var status: TaskStatus = .unspecified
        /// Defaults to MEDIUM.
        public var priority: Priority = .unspecified
        /// Unset means no due date; required for a recurring task.
        public var dueDate: CommonV1.Date?
        /// Estimated effort in working days (fractions allowed); 0 means not estimated.
        public var estimateDays: Double = 0
        /// Each 1 to 64 characters, at most 50, in the order given without duplicates.
        public var labels: [String] = []
        /// Project the task is a work item of; empty for a standalone task.
        public var projectID: String = ""
        /// Phase of that project; empty when in no phase. Requires `projectID`.
        public var phaseID: String = ""
        /// Unset for a one-off task.
        public var recurrence: Recurrence?
        /// Output only. Every blocker, open and resolved, oldest first.
        public var blockers: [Blocker] = []
        /// Output only. Increases on every change.
        public var version: Int64 = 0
        public var createdAt: GoogleProtobuf.Timestamp?
        /// Output only. The actor that created the task.
        public var createdBy: String = ""
        public var updatedAt: GoogleProtobuf.Timestamp?
        /// Output only. The actor of the last change.
        public var updatedBy: String = ""
        /// Output only. When the task last became DONE; cleared when reopened.
        public var completedAt: GoogleProtobuf.Timestamp?
        /// Output only. True once DeleteTask has archived the task.
        public var archived: Bool = false
        public var archivedAt: GoogleProtobuf.Timestamp?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "description", &description)
            try visitor.visitSingular(ProtoString.self, 4, "owner", &owner)
            try visitor.visitSingular(EnumCodec<TaskStatus>.self, 5, "status", &status)
            try visitor.visitSingular(EnumCodec<Priority>.self, 6, "priority", &priority)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 10, "due_date", &dueDate)
            try visitor.visitSingular(ProtoDouble.self, 11, "estimate_days", &estimateDays)
            try visitor.visitRepeated(ProtoString.self, 12, "labels", &labels)
            try visitor.visitSingular(ProtoString.self, 15, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 16, "phase_id", &phaseID)
            try visitor.visitOptional(MessageCodec<Recurrence>.self, 20, "recurrence", &recurrence)
            try visitor.visitRepeated(MessageCodec<Blocker>.self, 21, "blockers", &blockers)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 42, "created_by", &createdBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 43, "updated_at", &updatedAt)
            try visitor.visitSingular(ProtoString.self, 44, "updated_by", &updatedBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 45, "completed_at", &completedAt)
            try visitor.visitSingular(ProtoBool.self, 46, "archived", &archived)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 47, "archived_at", &archivedAt)
        }
    }

    /// A rule that makes a task repeat: completing an occurrence creates the next until the end is reached.
    public struct Recurrence: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.Recurrence"

        /// When the series stops; unset means it never ends.
        public enum End: Hashable, Sendable {
            /// No occurrence is due after this date.
            case until(CommonV1.Date)
            /// Total number of occurrences in the series, at least 1.
            case count(Int32)
        }

        /// Required.
        public var frequency: RecurrenceFrequency = .unspecified
        /// Repeat every N units of `frequency`; 0 means 1. At most 366.
        public var interval: Int32 = 0
        /// Weekly only: the days it falls on; empty means the weekday of the first due date.
        public var weekdays: [CommonV1.Weekday] = []
        /// Monthly only: 1 to 31 (clamped to the month's last day); 0 means the day of the first due date.
        public var dayOfMonth: Int32 = 0
        public var end: End?
        /// What the next due date is counted from.
        public var anchor: RecurrenceAnchor = .unspecified
        /// Output only. Shared by every occurrence of the series.
        public var seriesID: String = ""
        /// Output only. 1-based position of this task in its series.
        public var occurrence: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(EnumCodec<RecurrenceFrequency>.self, 1, "frequency", &frequency)
            try visitor.visitSingular(ProtoInt32.self, 2, "interval", &interval)
            try visitor.visitRepeated(EnumCodec<CommonV1.Weekday>.self, 3, "weekdays", &weekdays)
            try visitor.visitSingular(ProtoInt32.self, 4, "day_of_month", &dayOfMonth)
            try visitor.visitOneofMember(
                MessageCodec<CommonV1.Date>.self, 10, "until", &end,
                extract: { if case .until(let value) = $0 { value } else { nil } },
                embed: End.until)
            try visitor.visitOneofMember(
                ProtoInt32.self, 11, "count", &end,
                extract: { if case .count(let value) = $0 { value } else { nil } },
                embed: End.count)
            try visitor.visitSingular(EnumCodec<RecurrenceAnchor>.self, 15, "anchor", &anchor)
            try visitor.visitSingular(ProtoString.self, 20, "series_id", &seriesID)
            try visitor.visitSingular(ProtoInt32.self, 21, "occurrence", &occurrence)
        }
    }

    /// Something that keeps a task from progressing.
    public struct Blocker: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.Blocker"
        /// Output only. UUIDv7.
        public var id: String = ""
        /// 1 to 2000 characters; may be empty when `blockingTaskID` is set.
        public var description: String = ""
        /// A task that blocks this one; the blocker resolves itself when that task becomes DONE.
        public var blockingTaskID: String = ""
        public var resolved: Bool = false
        public var createdAt: GoogleProtobuf.Timestamp?
        /// The actor that added the blocker.
        public var createdBy: String = ""
        public var resolvedAt: GoogleProtobuf.Timestamp?
        /// The actor that resolved it; empty when it resolved itself.
        public var resolvedBy: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "description", &description)
            try visitor.visitSingular(ProtoString.self, 3, "blocking_task_id", &blockingTaskID)
            try visitor.visitSingular(ProtoBool.self, 4, "resolved", &resolved)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 5, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 6, "created_by", &createdBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 7, "resolved_at", &resolvedAt)
            try visitor.visitSingular(ProtoString.self, 8, "resolved_by", &resolvedBy)
        }
    }
}
