extension ProjectsV1 {
    /// Request of ProjectService.GetStatusReport.
    public struct GetStatusReportRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.GetStatusReportRequest"
        public var projectID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
        }
    }

    /// Response of ProjectService.GetStatusReport.
    public struct GetStatusReportResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.GetStatusReportResponse"
        public var report: StatusReport?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<StatusReport>.self, 1, "report", &report)
        }
    }

    /// Request of ProjectService.ClassifyWork.
    public struct ClassifyWorkRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ClassifyWorkRequest"

        /// The work to classify.
        public enum Subject: Hashable, Sendable {
            /// An existing task; its signals are derived from it (its estimate, its blockers and the owners of the
            /// tasks blocking it).
            case taskID(String)
            /// Signals given directly.
            case signals(WorkSignals)
        }

        public var subject: Subject?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOneofMember(
                ProtoString.self, 1, "task_id", &subject,
                extract: { if case .taskID(let value) = $0 { value } else { nil } },
                embed: Subject.taskID)
            try visitor.visitOneofMember(
                MessageCodec<WorkSignals>.self, 2, "signals", &subject,
                extract: { if case .signals(let value) = $0 { value } else { nil } },
                embed: Subject.signals)
        }
    }

    /// Response of ProjectService.ClassifyWork: a project when any of the signals points that way.
    public struct ClassifyWorkResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ClassifyWorkResponse"
        public var kind: WorkKind = .unspecified
        /// The signals judged (derived ones for a task_id).
        public var signals: WorkSignals?
        /// One sentence per signal that points to a project; for a task, why none does.
        public var reasons: [String] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(EnumCodec<WorkKind>.self, 1, "kind", &kind)
            try visitor.visitOptional(MessageCodec<WorkSignals>.self, 2, "signals", &signals)
            try visitor.visitRepeated(ProtoString.self, 3, "reasons", &reasons)
        }
    }
}
