extension ProjectsV1 {
    /// A milestone's request for a decision by one approver.
    public struct Approval: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Approval"
        /// Output only. UUIDv7.
        public var id: String = ""
        /// Output only. The milestone's project.
        public var projectID: String = ""
        public var milestoneID: String = ""
        /// The member asked to decide.
        public var approver: String = ""
        /// Output only. The actor that asked.
        public var requester: String = ""
        /// Output only.
        public var state: ApprovalState = .unspecified
        /// The requester's comment.
        public var comment: String = ""
        /// Output only. The decider's comment.
        public var decisionComment: String = ""
        /// Output only. The actor that recorded the decision.
        public var decidedBy: String = ""
        /// Output only.
        public var requestedAt: GoogleProtobuf.Timestamp?
        /// Output only.
        public var decidedAt: GoogleProtobuf.Timestamp?
        /// Output only. Increases on every change.
        public var version: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 3, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 4, "approver", &approver)
            try visitor.visitSingular(ProtoString.self, 5, "requester", &requester)
            try visitor.visitSingular(EnumCodec<ApprovalState>.self, 6, "state", &state)
            try visitor.visitSingular(ProtoString.self, 7, "comment", &comment)
            try visitor.visitSingular(ProtoString.self, 8, "decision_comment", &decisionComment)
            try visitor.visitSingular(ProtoString.self, 9, "decided_by", &decidedBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 10, "requested_at", &requestedAt)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 11, "decided_at", &decidedAt)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
        }
    }

    /// The state of an approval.
    public struct ApprovalState: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Waiting for the approver.
        public static let pending = Self(rawValue: 1)
        public static let approved = Self(rawValue: 2)
        public static let rejected = Self(rawValue: 3)
        public static let protoName = "tandem.projects.v1.ApprovalState"
        public static let valueNames: [Int32: String] = [
            0: "APPROVAL_STATE_UNSPECIFIED", 1: "APPROVAL_STATE_PENDING", 2: "APPROVAL_STATE_APPROVED",
            3: "APPROVAL_STATE_REJECTED",
        ]
    }
}
