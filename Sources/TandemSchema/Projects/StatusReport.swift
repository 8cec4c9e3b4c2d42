extension ProjectsV1 {
    /// A status report on a project.
    public struct StatusReport: ProtoMessage {
        public static let protoName = "tandem.projects.v1.StatusReport"
        public var projectID: String = ""
        public var projectName: String = ""
        /// Today in the tenant's time zone; overdue and due-soon are judged against it.
        public var asOf: CommonV1.Date?
        /// When the report was generated.
        public var generatedAt: GoogleProtobuf.Timestamp?
        /// Overall health.
        public var health: Health = .unspecified
        /// Why the health is what it is, one sentence each.
        public var healthReasons: [String] = []
        /// Progress of the whole project.
        public var progress: Progress?
        /// Progress per phase, in phase order.
        public var phases: [PhaseProgress] = []
        /// Progress per milestone, by target date.
        public var milestones: [MilestoneProgress] = []
        /// The project's target date, if any.
        public var targetDate: CommonV1.Date?
        /// The schedule's forecast finish.
        public var forecastFinish: CommonV1.Date?
        /// Working days the forecast lies after the target (negative: ahead).
        public var slipDays: Int32 = 0
        /// Milestones whose forecast is after their target.
        public var atRiskMilestones: [MilestoneForecast] = []
        /// The critical path, first item first.
        public var criticalPath: [ItemRef] = []
        /// Open work items past their due date.
        public var overdueTasks: [WorkItemSummary] = []
        /// Work items that are BLOCKED.
        public var blockedTasks: [WorkItemSummary] = []
        /// Open work items without an owner.
        public var unownedTasks: [WorkItemSummary] = []
        /// Workload of each member and of each other owner of work items.
        public var workload: [MemberWorkload] = []
        /// Recorded risks that are OPEN, MITIGATING or OCCURRED, highest score first.
        public var risks: [Risk] = []
        /// Risks the report detected by itself.
        public var detectedRisks: [DetectedRisk] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "project_name", &projectName)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 3, "as_of", &asOf)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 4, "generated_at", &generatedAt)
            try visitor.visitSingular(EnumCodec<Health>.self, 5, "health", &health)
            try visitor.visitRepeated(ProtoString.self, 6, "health_reasons", &healthReasons)
            try visitor.visitOptional(MessageCodec<Progress>.self, 10, "progress", &progress)
            try visitor.visitRepeated(MessageCodec<PhaseProgress>.self, 11, "phases", &phases)
            try visitor.visitRepeated(MessageCodec<MilestoneProgress>.self, 12, "milestones", &milestones)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 20, "target_date", &targetDate)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 21, "forecast_finish", &forecastFinish)
            try visitor.visitSingular(ProtoInt32.self, 22, "slip_days", &slipDays)
            try visitor.visitRepeated(MessageCodec<MilestoneForecast>.self, 23, "at_risk_milestones", &atRiskMilestones)
            try visitor.visitRepeated(MessageCodec<ItemRef>.self, 24, "critical_path", &criticalPath)
            try visitor.visitRepeated(MessageCodec<WorkItemSummary>.self, 30, "overdue_tasks", &overdueTasks)
            try visitor.visitRepeated(MessageCodec<WorkItemSummary>.self, 31, "blocked_tasks", &blockedTasks)
            try visitor.visitRepeated(MessageCodec<WorkItemSummary>.self, 32, "unowned_tasks", &unownedTasks)
            try visitor.visitRepeated(MessageCodec<MemberWorkload>.self, 40, "workload", &workload)
            try visitor.visitRepeated(MessageCodec<Risk>.self, 50, "risks", &risks)
            try visitor.visitRepeated(MessageCodec<DetectedRisk>.self, 51, "detected_risks", &detectedRisks)
        }
    }

    /// Overall health of a project.
    public struct Health: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// No reason for concern.
        public static let onTrack = Self(rawValue: 1)
        /// A milestone is at risk, work is overdue or blocked, or a recorded risk with score 15 or more is open,
        /// mitigating or occurred.
        public static let atRisk = Self(rawValue: 2)
        /// The forecast finish is after the project's target date.
        public static let offTrack = Self(rawValue: 3)
        public static let protoName = "tandem.projects.v1.Health"
        public static let valueNames: [Int32: String] = [
            0: "HEALTH_UNSPECIFIED", 1: "HEALTH_ON_TRACK", 2: "HEALTH_AT_RISK", 3: "HEALTH_OFF_TRACK",
        ]
    }

    /// Progress rolled up from estimates: CANCELLED tasks do not count, an unestimated task counts 1 day.
    public struct Progress: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Progress"
        /// done_estimate_days / total_estimate_days, 0 to 1 (0 when nothing is estimated).
        public var fraction: Double = 0
        /// Estimate days of DONE work.
        public var doneEstimateDays: Double = 0
        /// Estimate days of all counted work.
        public var totalEstimateDays: Double = 0
        /// Number of DONE work items.
        public var doneTasks: Int32 = 0
        /// Number of counted work items.
        public var totalTasks: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoDouble.self, 1, "fraction", &fraction)
            try visitor.visitSingular(ProtoDouble.self, 2, "done_estimate_days", &doneEstimateDays)
            try visitor.visitSingular(ProtoDouble.self, 3, "total_estimate_days", &totalEstimateDays)
            try visitor.visitSingular(ProtoInt32.self, 4, "done_tasks", &doneTasks)
            try visitor.visitSingular(ProtoInt32.self, 5, "total_tasks", &totalTasks)
        }
    }

    /// Progress of one phase.
    public struct PhaseProgress: ProtoMessage {
        public static let protoName = "tandem.projects.v1.PhaseProgress"
        public var phaseID: String = ""
        public var name: String = ""
        public var depth: PhaseDepth = .unspecified
        public var progress: Progress?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitSingular(EnumCodec<PhaseDepth>.self, 3, "depth", &depth)
            try visitor.visitOptional(MessageCodec<Progress>.self, 4, "progress", &progress)
        }
    }

    /// Progress of one milestone: of the work it depends on, directly or through other items.
    public struct MilestoneProgress: ProtoMessage {
        public static let protoName = "tandem.projects.v1.MilestoneProgress"
        public var milestoneID: String = ""
        public var name: String = ""
        public var reached: Bool = false
        public var progress: Progress?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitSingular(ProtoBool.self, 3, "reached", &reached)
            try visitor.visitOptional(MessageCodec<Progress>.self, 4, "progress", &progress)
        }
    }

    /// A short view of a work item in a report.
    public struct WorkItemSummary: ProtoMessage {
        public static let protoName = "tandem.projects.v1.WorkItemSummary"
        public var taskID: String = ""
        public var title: String = ""
        /// Empty when unowned.
        public var owner: String = ""
        public var status: TasksV1.TaskStatus = .unspecified
        public var priority: TasksV1.Priority = .unspecified
        public var dueDate: CommonV1.Date?
        public var phaseID: String = ""
        public var estimateDays: Double = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "owner", &owner)
            try visitor.visitSingular(EnumCodec<TasksV1.TaskStatus>.self, 4, "status", &status)
            try visitor.visitSingular(EnumCodec<TasksV1.Priority>.self, 5, "priority", &priority)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 6, "due_date", &dueDate)
            try visitor.visitSingular(ProtoString.self, 7, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoDouble.self, 8, "estimate_days", &estimateDays)
        }
    }

    /// One person's share of a project's work items.
    public struct MemberWorkload: ProtoMessage {
        public static let protoName = "tandem.projects.v1.MemberWorkload"
        public var user: String = ""
        /// The member's role; UNSPECIFIED for an owner of work items who is not a member.
        public var role: MemberRole = .unspecified
        /// Counts over this project's work items owned by the user.
        public var workload: TasksV1.OwnerWorkload?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "user", &user)
            try visitor.visitSingular(EnumCodec<MemberRole>.self, 2, "role", &role)
            try visitor.visitOptional(MessageCodec<TasksV1.OwnerWorkload>.self, 3, "workload", &workload)
        }
    }

    /// A risk the status report found by itself.
    public struct DetectedRisk: ProtoMessage {
        public static let protoName = "tandem.projects.v1.DetectedRisk"
        public var kind: DetectedRiskKind = .unspecified
        /// Human-readable explanation.
        public var description: String = ""
        /// The items concerned.
        public var items: [ItemRef] = []
        /// The users concerned.
        public var users: [String] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(EnumCodec<DetectedRiskKind>.self, 1, "kind", &kind)
            try visitor.visitSingular(ProtoString.self, 2, "description", &description)
            try visitor.visitRepeated(MessageCodec<ItemRef>.self, 3, "items", &items)
            try visitor.visitRepeated(ProtoString.self, 4, "users", &users)
        }
    }

    /// A kind of risk the status report detects by itself.
    public struct DetectedRiskKind: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// A milestone's forecast is after its target.
        public static let milestoneSlip = Self(rawValue: 1)
        /// The project's forecast finish is after its target date.
        public static let scheduleSlip = Self(rawValue: 2)
        /// Open work is past its due date.
        public static let overdueWork = Self(rawValue: 3)
        /// Work is blocked.
        public static let blockedWork = Self(rawValue: 4)
        /// Open work has no owner.
        public static let unownedWork = Self(rawValue: 5)
        /// A member carries much more open work than the others.
        public static let overloadedMember = Self(rawValue: 6)
        /// An approval is pending on a milestone that is due soon.
        public static let pendingApproval = Self(rawValue: 7)
        /// An approval on a milestone was rejected.
        public static let rejectedApproval = Self(rawValue: 8)
        /// A ROUGH phase is about to start without being broken into tasks.
        public static let unplannedPhase = Self(rawValue: 9)
        /// Open work has no estimate.
        public static let unestimatedWork = Self(rawValue: 10)
        public static let protoName = "tandem.projects.v1.DetectedRiskKind"
        public static let valueNames: [Int32: String] = [
            0: "DETECTED_RISK_KIND_UNSPECIFIED", 1: "DETECTED_RISK_KIND_MILESTONE_SLIP",
            2: "DETECTED_RISK_KIND_SCHEDULE_SLIP", 3: "DETECTED_RISK_KIND_OVERDUE_WORK",
            4: "DETECTED_RISK_KIND_BLOCKED_WORK", 5: "DETECTED_RISK_KIND_UNOWNED_WORK",
            6: "DETECTED_RISK_KIND_OVERLOADED_MEMBER", 7: "DETECTED_RISK_KIND_PENDING_APPROVAL",
            8: "DETECTED_RISK_KIND_REJECTED_APPROVAL", 9: "DETECTED_RISK_KIND_UNPLANNED_PHASE",
            10: "DETECTED_RISK_KIND_UNESTIMATED_WORK",
        ]
    }
}
