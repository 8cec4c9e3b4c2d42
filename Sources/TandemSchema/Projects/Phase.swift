extension ProjectsV1 {
    /// A stage of a project.
    public struct Phase: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Phase"
        /// Output only. UUIDv7.
        public var id: String = ""
        public var projectID: String = ""
        /// Required, 1 to 200 characters.
        public var name: String = ""
        /// 1-based position in the project's sequence of phases.
        public var order: Int32 = 0
        /// How far the phase is planned.
        public var depth: PhaseDepth = .unspecified
        /// ROUGH phases: estimated effort in working days standing in for the tasks not yet planned.
        public var roughEstimateDays: Double = 0
        public var description: String = ""
        /// Planned first day; informational.
        public var startDate: CommonV1.Date?
        /// Planned last day; informational.
        public var endDate: CommonV1.Date?
        /// Output only. Increases on every change (for example when it becomes DETAILED).
        public var version: Int64 = 0
        public var createdAt: GoogleProtobuf.Timestamp?
        public var createdBy: String = ""
        public var updatedAt: GoogleProtobuf.Timestamp?
        public var updatedBy: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 3, "name", &name)
            try visitor.visitSingular(ProtoInt32.self, 4, "order", &order)
            try visitor.visitSingular(EnumCodec<PhaseDepth>.self, 5, "depth", &depth)
            try visitor.visitSingular(ProtoDouble.self, 6, "rough_estimate_days", &roughEstimateDays)
            try visitor.visitSingular(ProtoString.self, 7, "description", &description)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 10, "start_date", &startDate)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 11, "end_date", &endDate)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 42, "created_by", &createdBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 43, "updated_at", &updatedAt)
            try visitor.visitSingular(ProtoString.self, 44, "updated_by", &updatedBy)
        }
    }

    /// How far a phase is planned (rolling-wave planning).
    public struct PhaseDepth: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Treated as DETAILED.
        public static let unspecified = Self(rawValue: 0)
        /// Broken into tasks; its tasks' estimates count.
        public static let detailed = Self(rawValue: 1)
        /// Not yet broken into tasks; its rough_estimate_days counts.
        public static let rough = Self(rawValue: 2)
        public static let protoName = "tandem.projects.v1.PhaseDepth"
        public static let valueNames: [Int32: String] = [
            0: "PHASE_DEPTH_UNSPECIFIED", 1: "PHASE_DEPTH_DETAILED", 2: "PHASE_DEPTH_ROUGH",
        ]
    }
}
