extension ProjectsV1 {
    /// Request of ProjectService.RequestApproval.
    public struct RequestApprovalRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.RequestApprovalRequest"
        /// The milestone to approve.
        public var milestoneID: String = ""
        /// The member asked to decide.
        public var approver: String = ""
        /// Optional note to the approver, at most 2000 characters.
        public var comment: String = ""
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 2, "approver", &approver)
            try visitor.visitSingular(ProtoString.self, 3, "comment", &comment)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.RequestApproval.
    public struct RequestApprovalResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.RequestApprovalResponse"
        public var approval: Approval?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Approval>.self, 1, "approval", &approval)
        }
    }

    /// Request of ProjectService.DecideApproval.
    public struct DecideApprovalRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.DecideApprovalRequest"
        public var approvalID: String = ""
        /// APPROVED or REJECTED.
        public var decision: ApprovalState = .unspecified
        /// Optional, at most 2000 characters.
        public var comment: String = ""
        /// ABORTED unless it equals the approval's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "approval_id", &approvalID)
            try visitor.visitSingular(EnumCodec<ApprovalState>.self, 2, "decision", &decision)
            try visitor.visitSingular(ProtoString.self, 3, "comment", &comment)
            try visitor.visitSingular(ProtoInt64.self, 14, "expected_version", &expectedVersion)
        }
    }

    /// Response of ProjectService.DecideApproval.
    public struct DecideApprovalResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.DecideApprovalResponse"
        public var approval: Approval?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Approval>.self, 1, "approval", &approval)
        }
    }

    /// Request of ProjectService.ListApprovals.
    public struct ListApprovalsRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListApprovalsRequest"
        /// Only approvals in this project.
        public var projectID: String = ""
        /// Only approvals on this milestone.
        public var milestoneID: String = ""
        /// Only approvals asked of this user.
        public var approver: String = ""
        /// Only approvals in one of these states.
        public var states: [ApprovalState] = []
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 3, "approver", &approver)
            try visitor.visitRepeated(EnumCodec<ApprovalState>.self, 4, "states", &states)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of ProjectService.ListApprovals.
    public struct ListApprovalsResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListApprovalsResponse"
        public var approvals: [Approval] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Approval>.self, 1, "approvals", &approvals)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }
}
