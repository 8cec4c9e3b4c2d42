extension CommonV1 {
    /// One fact about a change, written to the emitting service's outbox and relayed at least once.
    public struct Event: ProtoMessage {
        public static let protoName = "tandem.common.v1.Event"

        /// The typed details of the event; the set case matches `type`.
        public enum Payload: Hashable, Sendable {
            case taskCreated(TaskCreated)
            case taskAssigned(TaskAssigned)
            case taskStatusChanged(TaskStatusChanged)
            case taskBlocked(TaskBlocked)
            case taskUnblocked(TaskUnblocked)
            case taskDueSoon(TaskDueSoon)
            case taskOverdue(TaskOverdue)
            case taskUpdated(TaskUpdated)
            case taskDeleted(TaskDeleted)
            case dependencyReady(DependencyReady)
            case milestoneAtRisk(MilestoneAtRisk)
            case approvalRequested(ApprovalRequested)
            case approvalDecided(ApprovalDecided)
        }

        /// UUIDv7 assigned by the emitting service; receivers de-duplicate on it.
        public var id: String = ""
        /// Event type name, for example "task.status_changed".
        public var type: String = ""
        /// Must equal the tenant of the call that carries the event.
        public var tenantID: String = ""
        /// Commit time of the emitting transaction.
        public var occurredAt: GoogleProtobuf.Timestamp?
        /// The user the change was made for; empty for changes the system made on its own.
        public var actor: String = ""
        /// Emitting service, for example "tandem-tasks".
        public var source: String = ""
        /// Kind of the resource the event is about: "task", "project", "milestone", "approval", "dependency".
        public var subjectType: String = ""
        public var subjectID: String = ""
        /// Project the subject belongs to, if any, so receivers can route without decoding the payload.
        public var projectID: String = ""
        /// Users to notify, as computed by the emitting service; receivers still apply preferences.
        public var recipients: [String] = []
        /// W3C `traceparent` of the call that made the change; empty when there was none.
        public var traceParent: String = ""
        /// Routing and filtering attributes; never needed to interpret the payload.
        public var attributes: [String: String] = [:]
        public var payload: Payload?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "type", &type)
            try visitor.visitSingular(ProtoString.self, 3, "tenant_id", &tenantID)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 4, "occurred_at", &occurredAt)
            try visitor.visitSingular(ProtoString.self, 5, "actor", &actor)
            try visitor.visitSingular(ProtoString.self, 6, "source", &source)
            try visitor.visitSingular(ProtoString.self, 7, "subject_type", &subjectType)
            try visitor.visitSingular(ProtoString.self, 8, "subject_id", &subjectID)
            try visitor.visitSingular(ProtoString.self, 9, "project_id", &projectID)
            try visitor.visitRepeated(ProtoString.self, 10, "recipients", &recipients)
            try visitor.visitSingular(ProtoString.self, 11, "trace_parent", &traceParent)
            try visitor.visitMap(ProtoString.self, ProtoString.self, 12, "attributes", &attributes)
            try visitor.visitOneofMember(
                MessageCodec<TaskCreated>.self, 20, "task_created", &payload,
                extract: { if case .taskCreated(let value) = $0 { value } else { nil } },
                embed: Payload.taskCreated)
            try visitor.visitOneofMember(
                MessageCodec<TaskAssigned>.self, 21, "task_assigned", &payload,
                extract: { if case .taskAssigned(let value) = $0 { value } else { nil } },
                embed: Payload.taskAssigned)
            try visitor.visitOneofMember(
                MessageCodec<TaskStatusChanged>.self, 22, "task_status_changed", &payload,
                extract: { if case .taskStatusChanged(let value) = $0 { value } else { nil } },
                embed: Payload.taskStatusChanged)
            try visitor.visitOneofMember(
                MessageCodec<TaskBlocked>.self, 23, "task_blocked", &payload,
                extract: { if case .taskBlocked(let value) = $0 { value } else { nil } },
                embed: Payload.taskBlocked)
            try visitor.visitOneofMember(
                MessageCodec<TaskUnblocked>.self, 24, "task_unblocked", &payload,
                extract: { if case .taskUnblocked(let value) = $0 { value } else { nil } },
                embed: Payload.taskUnblocked)
            try visitor.visitOneofMember(
                MessageCodec<TaskDueSoon>.self, 25, "task_due_soon", &payload,
                extract: { if case .taskDueSoon(let value) = $0 { value } else { nil } },
                embed: Payload.taskDueSoon)
            try visitor.visitOneofMember(
                MessageCodec<TaskOverdue>.self, 26, "task_overdue", &payload,
                extract: { if case .taskOverdue(let value) = $0 { value } else { nil } },
                embed: Payload.taskOverdue)
            try visitor.visitOneofMember(
                MessageCodec<TaskUpdated>.self, 27, "task_updated", &payload,
                extract: { if case .taskUpdated(let value) = $0 { value } else { nil } },
                embed: Payload.taskUpdated)
            try visitor.visitOneofMember(
                MessageCodec<TaskDeleted>.self, 28, "task_deleted", &payload,
                extract: { if case .taskDeleted(let value) = $0 { value } else { nil } },
                embed: Payload.taskDeleted)
            try visitor.visitOneofMember(
                MessageCodec<DependencyReady>.self, 40, "dependency_ready", &payload,
                extract: { if case .dependencyReady(let value) = $0 { value } else { nil } },
                embed: Payload.dependencyReady)
            try visitor.visitOneofMember(
                MessageCodec<MilestoneAtRisk>.self, 41, "milestone_at_risk", &payload,
                extract: { if case .milestoneAtRisk(let value) = $0 { value } else { nil } },
                embed: Payload.milestoneAtRisk)
            try visitor.visitOneofMember(
                MessageCodec<ApprovalRequested>.self, 42, "approval_requested", &payload,
                extract: { if case .approvalRequested(let value) = $0 { value } else { nil } },
                embed: Payload.approvalRequested)
            try visitor.visitOneofMember(
                MessageCodec<ApprovalDecided>.self, 43, "approval_decided", &payload,
                extract: { if case .approvalDecided(let value) = $0 { value } else { nil } },
                embed: Payload.approvalDecided)
        }
    }
}
