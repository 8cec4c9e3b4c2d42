extension ProjectsV1 {
    /// Request of ProjectService.AddPhase.
    public struct AddPhaseRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddPhaseRequest"
        public var projectID: String = ""
        /// Required, 1 to 200 characters.
        public var name: String = ""
        /// Defaults to DETAILED.
        public var depth: PhaseDepth = .unspecified
        /// ROUGH phases only: estimated effort in working days.
        public var roughEstimateDays: Double = 0
        /// 1-based position to insert at (later phases move down); 0 appends.
        public var order: Int32 = 0
        public var description: String = ""
        /// Planned first day; optional.
        public var startDate: CommonV1.Date?
        /// Planned last day; optional.
        public var endDate: CommonV1.Date?
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitSingular(EnumCodec<PhaseDepth>.self, 3, "depth", &depth)
            try visitor.visitSingular(ProtoDouble.self, 4, "rough_estimate_days", &roughEstimateDays)
            try visitor.visitSingular(ProtoInt32.self, 5, "order", &order)
            try visitor.visitSingular(ProtoString.self, 6, "description", &description)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 7, "start_date", &startDate)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 8, "end_date", &endDate)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.AddPhase.
    public struct AddPhaseResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddPhaseResponse"
        public var phase: Phase?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Phase>.self, 1, "phase", &phase)
        }
    }

    /// Request of ProjectService.ListPhases.
    public struct ListPhasesRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListPhasesRequest"
        public var projectID: String = ""
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of ProjectService.ListPhases.
    public struct ListPhasesResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListPhasesResponse"
        public var phases: [Phase] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Phase>.self, 1, "phases", &phases)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of ProjectService.AddMilestone.
    public struct AddMilestoneRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddMilestoneRequest"
        public var projectID: String = ""
        /// Phase the milestone closes; optional.
        public var phaseID: String = ""
        /// Required, 1 to 200 characters.
        public var name: String = ""
        public var description: String = ""
        /// Optional target date.
        public var targetDate: CommonV1.Date?
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoString.self, 3, "name", &name)
            try visitor.visitSingular(ProtoString.self, 4, "description", &description)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 5, "target_date", &targetDate)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.AddMilestone.
    public struct AddMilestoneResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddMilestoneResponse"
        public var milestone: Milestone?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Milestone>.self, 1, "milestone", &milestone)
        }
    }

    /// Request of ProjectService.UpdateMilestone.
    public struct UpdateMilestoneRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.UpdateMilestoneRequest"
        /// The milestone with `id` set and the new values of the fields in update_mask.
        public var milestone: Milestone?
        /// Required: the fields to change, by proto field name.
        public var updateMask: GoogleProtobuf.FieldMask?
        /// ABORTED unless it equals the milestone's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Milestone>.self, 1, "milestone", &milestone)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.FieldMask>.self, 2, "update_mask", &updateMask)
            try visitor.visitSingular(ProtoInt64.self, 3, "expected_version", &expectedVersion)
        }
    }

    /// Response of ProjectService.UpdateMilestone.
    public struct UpdateMilestoneResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.UpdateMilestoneResponse"
        public var milestone: Milestone?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Milestone>.self, 1, "milestone", &milestone)
        }
    }

    /// Request of ProjectService.ListMilestones.
    public struct ListMilestonesRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListMilestonesRequest"
        public var projectID: String = ""
        /// Only milestones of this phase.
        public var phaseID: String = ""
        /// true: only reached milestones; false: only unreached; unset: both.
        public var reached: Bool?
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "phase_id", &phaseID)
            try visitor.visitOptional(ProtoBool.self, 3, "reached", &reached)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of ProjectService.ListMilestones.
    public struct ListMilestonesResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListMilestonesResponse"
        public var milestones: [Milestone] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Milestone>.self, 1, "milestones", &milestones)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of ProjectService.AddWorkItem.
    public struct AddWorkItemRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddWorkItemRequest"
        public var projectID: String = ""
        /// Phase of this project to put the task in; optional.
        public var phaseID: String = ""
        /// The task to create, as in CreateTask; its project_id and phase_id are taken from this request.
        public var task: TasksV1.Task?
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "phase_id", &phaseID)
            try visitor.visitOptional(MessageCodec<TasksV1.Task>.self, 3, "task", &task)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.AddWorkItem.
    public struct AddWorkItemResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddWorkItemResponse"
        /// The created task.
        public var task: TasksV1.Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<TasksV1.Task>.self, 1, "task", &task)
        }
    }

    /// Request of ProjectService.AddDependency.
    public struct AddDependencyRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddDependencyRequest"
        public var projectID: String = ""
        /// Required: a task or milestone of the project.
        public var predecessor: ItemRef?
        /// Required: a task or milestone of the project.
        public var successor: ItemRef?
        /// Defaults to FINISH_TO_START.
        public var type: DependencyType = .unspecified
        /// Lag in working days; negative for a lead.
        public var lagDays: Int32 = 0
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitOptional(MessageCodec<ItemRef>.self, 2, "predecessor", &predecessor)
            try visitor.visitOptional(MessageCodec<ItemRef>.self, 3, "successor", &successor)
            try visitor.visitSingular(EnumCodec<DependencyType>.self, 4, "type", &type)
            try visitor.visitSingular(ProtoInt32.self, 5, "lag_days", &lagDays)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.AddDependency.
    public struct AddDependencyResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddDependencyResponse"
        public var dependency: Dependency?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Dependency>.self, 1, "dependency", &dependency)
        }
    }

    /// Request of ProjectService.RemoveDependency.
    public struct RemoveDependencyRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.RemoveDependencyRequest"
        public var dependencyID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "dependency_id", &dependencyID)
        }
    }

    /// Response of ProjectService.RemoveDependency.
    public struct RemoveDependencyResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.RemoveDependencyResponse"
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
    }

    /// Request of ProjectService.ListDependencies.
    public struct ListDependenciesRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListDependenciesRequest"
        public var projectID: String = ""
        /// Only dependencies with this item as predecessor or successor.
        public var item: ItemRef?
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitOptional(MessageCodec<ItemRef>.self, 2, "item", &item)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of ProjectService.ListDependencies.
    public struct ListDependenciesResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListDependenciesResponse"
        public var dependencies: [Dependency] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Dependency>.self, 1, "dependencies", &dependencies)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of ProjectService.GetSchedule.
    public struct GetScheduleRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.GetScheduleRequest"
        public var projectID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
        }
    }

    /// Response of ProjectService.GetSchedule.
    public struct GetScheduleResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.GetScheduleResponse"
        public var schedule: Schedule?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Schedule>.self, 1, "schedule", &schedule)
        }
    }
}
