extension CommonV1 {
    /// Payload of project.dependency_ready: every predecessor of a task or milestone is satisfied.
    public struct DependencyReady: ProtoMessage {
        public static let protoName = "tandem.common.v1.DependencyReady"

        /// The successor that became ready.
        public enum Successor: Hashable, Sendable {
            case taskID(String)
            case milestoneID(String)
        }

        public var projectID: String = ""
        public var successor: Successor?
        /// Title of the task or name of the milestone.
        public var successorName: String = ""
        /// Owner of the successor task; empty for a milestone.
        public var owner: String = ""
        /// The dependencies that are now satisfied.
        public var dependencyIDs: [String] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitOneofMember(
                ProtoString.self, 2, "task_id", &successor,
                extract: { if case .taskID(let value) = $0 { value } else { nil } },
                embed: Successor.taskID)
            try visitor.visitOneofMember(
                ProtoString.self, 3, "milestone_id", &successor,
                extract: { if case .milestoneID(let value) = $0 { value } else { nil } },
                embed: Successor.milestoneID)
            try visitor.visitSingular(ProtoString.self, 4, "successor_name", &successorName)
            try visitor.visitSingular(ProtoString.self, 5, "owner", &owner)
            try visitor.visitRepeated(ProtoString.self, 6, "dependency_ids", &dependencyIDs)
        }
    }

    /// Payload of project.milestone_at_risk: a milestone's forecast moved past its target, or slipped further.
    public struct MilestoneAtRisk: ProtoMessage {
        public static let protoName = "tandem.common.v1.MilestoneAtRisk"
        public var projectID: String = ""
        public var milestoneID: String = ""
        public var name: String = ""
        public var targetDate: Date?
        public var forecastDate: Date?
        /// Working days the forecast lies after the target.
        public var slipDays: Int32 = 0
        /// Human-readable cause, for example the critical item that slipped.
        public var reason: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 3, "name", &name)
            try visitor.visitOptional(MessageCodec<Date>.self, 4, "target_date", &targetDate)
            try visitor.visitOptional(MessageCodec<Date>.self, 5, "forecast_date", &forecastDate)
            try visitor.visitSingular(ProtoInt32.self, 6, "slip_days", &slipDays)
            try visitor.visitSingular(ProtoString.self, 7, "reason", &reason)
        }
    }

    /// Payload of project.approval_requested: an approval on a milestone was requested.
    public struct ApprovalRequested: ProtoMessage {
        public static let protoName = "tandem.common.v1.ApprovalRequested"
        public var projectID: String = ""
        public var approvalID: String = ""
        public var milestoneID: String = ""
        public var milestoneName: String = ""
        /// The user asked to decide.
        public var approver: String = ""
        /// The user who asked.
        public var requester: String = ""
        /// The requester's comment.
        public var comment: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "approval_id", &approvalID)
            try visitor.visitSingular(ProtoString.self, 3, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 4, "milestone_name", &milestoneName)
            try visitor.visitSingular(ProtoString.self, 5, "approver", &approver)
            try visitor.visitSingular(ProtoString.self, 6, "requester", &requester)
            try visitor.visitSingular(ProtoString.self, 7, "comment", &comment)
        }
    }

    /// Payload of project.approval_decided: an approval was approved or rejected.
    public struct ApprovalDecided: ProtoMessage {
        public static let protoName = "tandem.common.v1.ApprovalDecided"
        public var projectID: String = ""
        public var approvalID: String = ""
        public var milestoneID: String = ""
        public var milestoneName: String = ""
        public var approver: String = ""
        public var requester: String = ""
        /// True when approved, false when rejected.
        public var approved: Bool = false
        /// The decider's comment.
        public var comment: String = ""
        /// The user who recorded the decision.
        public var decidedBy: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "approval_id", &approvalID)
            try visitor.visitSingular(ProtoString.self, 3, "milestone_id", &milestoneID)
            try visitor.visitSingular(ProtoString.self, 4, "milestone_name", &milestoneName)
            try visitor.visitSingular(ProtoString.self, 5, "approver", &approver)
            try visitor.visitSingular(ProtoString.self, 6, "requester", &requester)
            try visitor.visitSingular(ProtoBool.self, 7, "approved", &approved)
            try visitor.visitSingular(ProtoString.self, 8, "comment", &comment)
            try visitor.visitSingular(ProtoString.self, 9, "decided_by", &decidedBy)
        }
    }
}
