extension ProjectsV1 {
    /// A project's schedule by the critical path method, in working days on the project's calendar.
    public struct Schedule: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Schedule"
        public var projectID: String = ""
        /// The project's start_date the schedule counts from.
        public var startDate: CommonV1.Date?
        /// Every scheduled item in topological order (ties by earliest start, then id).
        public var items: [ScheduledItem] = []
        /// The critical items from the first to the last (zero total float).
        public var criticalPath: [ItemRef] = []
        /// The latest earliest-finish of all items; unset when nothing is scheduled.
        public var forecastFinish: CommonV1.Date?
        /// The project's target date, if any.
        public var targetDate: CommonV1.Date?
        /// Working days forecast_finish lies after target_date (negative: ahead of target; 0 when either is unset).
        public var slipDays: Int32 = 0
        /// Each milestone's forecast against its target.
        public var milestones: [MilestoneForecast] = []
        /// When the schedule was computed.
        public var computedAt: GoogleProtobuf.Timestamp?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 2, "start_date", &startDate)
            try visitor.visitRepeated(MessageCodec<ScheduledItem>.self, 3, "items", &items)
            try visitor.visitRepeated(MessageCodec<ItemRef>.self, 4, "critical_path", &criticalPath)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 5, "forecast_finish", &forecastFinish)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 6, "target_date", &targetDate)
            try visitor.visitSingular(ProtoInt32.self, 7, "slip_days", &slipDays)
            try visitor.visitRepeated(MessageCodec<MilestoneForecast>.self, 8, "milestones", &milestones)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 9, "computed_at", &computedAt)
        }
    }

    /// One item of a schedule.
    public struct ScheduledItem: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ScheduledItem"
        public var ref: ItemRef?
        /// Task title, milestone name or phase name.
        public var name: String = ""
        /// Phase of the item, if any.
        public var phaseID: String = ""
        /// Working days the item takes: a task's estimate_days rounded up (at least 1), a ROUGH phase's
        /// rough_estimate_days rounded up, 0 for a milestone.
        public var durationDays: Int32 = 0
        public var earliestStart: CommonV1.Date?
        /// Inclusive.
        public var earliestFinish: CommonV1.Date?
        public var latestStart: CommonV1.Date?
        /// Inclusive.
        public var latestFinish: CommonV1.Date?
        /// Working days the item can slip without moving the forecast finish.
        public var totalFloatDays: Int32 = 0
        /// True when total float is zero (the item is on the critical path).
        public var critical: Bool = false
        /// True when the item is done (a DONE task or a reached milestone).
        public var done: Bool = false
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<ItemRef>.self, 1, "ref", &ref)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitSingular(ProtoString.self, 3, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoInt32.self, 4, "duration_days", &durationDays)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 5, "earliest_start", &earliestStart)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 6, "earliest_finish", &earliestFinish)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 7, "latest_start", &latestStart)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 8, "latest_finish", &latestFinish)
            try visitor.visitSingular(ProtoInt32.self, 9, "total_float_days", &totalFloatDays)
            try visitor.visitSingular(ProtoBool.self, 10, "critical", &critical)
            try visitor.visitSingular(ProtoBool.self, 11, "done", &done)
        }
    }

    /// A milestone's forecast against its target.
    public struct MilestoneForecast: ProtoMessage {
        public static let protoName = "tandem.projects.v1.MilestoneForecast"
        public var milestoneID: String = ""
        public var name: String = ""
        /// Unset when the milestone has no target.
        public var targetDate: CommonV1.Date?
        /// The finish of its latest predecessor.
        public var forecastDate: CommonV1.Date?
        /// Working days forecast_date lies after target_date (negative: ahead).
        public var slipDays: Int32 = 0
        /// True when the milestone is not reached and forecast_date is after target_date.
        public var atRisk: Bool = false
        public var reached: Bool = false
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 3, "target_date", &targetDate)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 4, "forecast_date", &forecastDate)
            try visitor.visitSingular(ProtoInt32.self, 5, "slip_days", &slipDays)
            try visitor.visitSingular(ProtoBool.self, 6, "at_risk", &atRisk)
            try visitor.visitSingular(ProtoBool.self, 7, "reached", &reached)
        }
    }
}
