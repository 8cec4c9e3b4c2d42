extension ProjectsV1 {
    /// A point that marks progress, with a target date.
    public struct Milestone: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Milestone"
        /// Output only. UUIDv7.
        public var id: String = ""
        public var projectID: String = ""
        /// Phase the milestone closes, if any.
        public var phaseID: String = ""
        /// Required, 1 to 200 characters.
        public var name: String = ""
        public var description: String = ""
        /// When it should be reached; unset means no target.
        public var targetDate: CommonV1.Date?
        /// Whether it has been reached. Cannot become true while an approval on the milestone is pending or rejected; a
        /// rejection stops counting once a later approval from the same approver is approved.
        public var reached: Bool = false
        /// Output only. When it was marked reached.
        public var reachedAt: GoogleProtobuf.Timestamp?
        /// Output only. Increases on every change.
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
            try visitor.visitSingular(ProtoString.self, 3, "phase_id", &phaseID)
            try visitor.visitSingular(ProtoString.self, 4, "name", &name)
            try visitor.visitSingular(ProtoString.self, 5, "description", &description)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 10, "target_date", &targetDate)
            try visitor.visitSingular(ProtoBool.self, 11, "reached", &reached)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 12, "reached_at", &reachedAt)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 42, "created_by", &createdBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 43, "updated_at", &updatedAt)
            try visitor.visitSingular(ProtoString.self, 44, "updated_by", &updatedBy)
        }
    }
}
