extension ProjectsV1 {
    /// What a piece of work behaves like.
    public struct WorkKind: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        public static let task = Self(rawValue: 1)
        public static let project = Self(rawValue: 2)
        public static let protoName = "tandem.projects.v1.WorkKind"
        public static let valueNames: [Int32: String] = [
            0: "WORK_KIND_UNSPECIFIED", 1: "WORK_KIND_TASK", 2: "WORK_KIND_PROJECT",
        ]
    }

    /// What a piece of work looks like, for ClassifyWork.
    public struct WorkSignals: ProtoMessage {
        public static let protoName = "tandem.projects.v1.WorkSignals"
        /// How long it is expected to take, in working days.
        public var expectedDurationDays: Double = 0
        /// How many people it needs.
        public var peopleCount: Int32 = 0
        /// Whether someone must approve it.
        public var needsApproval: Bool = false
        /// Whether it depends on other work.
        public var hasDependencies: Bool = false
        /// Whether it is judged by its outcome rather than by being done.
        public var outcomeJudged: Bool = false
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoDouble.self, 1, "expected_duration_days", &expectedDurationDays)
            try visitor.visitSingular(ProtoInt32.self, 2, "people_count", &peopleCount)
            try visitor.visitSingular(ProtoBool.self, 3, "needs_approval", &needsApproval)
            try visitor.visitSingular(ProtoBool.self, 4, "has_dependencies", &hasDependencies)
            try visitor.visitSingular(ProtoBool.self, 5, "outcome_judged", &outcomeJudged)
        }
    }
}
