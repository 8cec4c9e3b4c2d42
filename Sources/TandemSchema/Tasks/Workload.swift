extension TasksV1 {
    /// Request of TaskService.GetWorkload.
    public struct GetWorkloadRequest: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.GetWorkloadRequest"
        /// At most 500; empty means every owner with a non-archived task. Owners without tasks get zeros.
        public var owners: [String] = []
        /// Only count work items of this project.
        public var projectID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(ProtoString.self, 1, "owners", &owners)
            try visitor.visitSingular(ProtoString.self, 2, "project_id", &projectID)
        }
    }

    /// Response of TaskService.GetWorkload.
    public struct GetWorkloadResponse: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.GetWorkloadResponse"
        /// One entry per owner, ordered by owner.
        public var owners: [OwnerWorkload] = []
        /// The day "overdue" and "next 7 days" were computed for: today in the tenant's time zone.
        public var asOf: CommonV1.Date?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<OwnerWorkload>.self, 1, "owners", &owners)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 2, "as_of", &asOf)
        }
    }

    /// The non-archived tasks of one owner, counted by status and urgency.
    public struct OwnerWorkload: ProtoMessage {
        public static let protoName = "tandem.tasks.v1.OwnerWorkload"
        public var owner: String = ""
        public var todo: Int32 = 0
        public var inProgress: Int32 = 0
        public var blocked: Int32 = 0
        public var done: Int32 = 0
        public var cancelled: Int32 = 0
        /// Open (TODO, IN_PROGRESS, BLOCKED) tasks due before today.
        public var overdue: Int32 = 0
        /// Open tasks due today or in the 6 days after it.
        public var dueNext7Days: Int32 = 0
        /// Sum of estimate_days over open tasks.
        public var estimateDaysOpen: Double = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "owner", &owner)
            try visitor.visitSingular(ProtoInt32.self, 2, "todo", &todo)
            try visitor.visitSingular(ProtoInt32.self, 3, "in_progress", &inProgress)
            try visitor.visitSingular(ProtoInt32.self, 4, "blocked", &blocked)
            try visitor.visitSingular(ProtoInt32.self, 5, "done", &done)
            try visitor.visitSingular(ProtoInt32.self, 6, "cancelled", &cancelled)
            try visitor.visitSingular(ProtoInt32.self, 10, "overdue", &overdue)
            try visitor.visitSingular(ProtoInt32.self, 11, "due_next_7_days", &dueNext7Days)
            try visitor.visitSingular(ProtoDouble.self, 12, "estimate_days_open", &estimateDaysOpen)
        }
    }
}
