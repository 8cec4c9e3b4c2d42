extension AdminV1 {
    /// One record of a tenant export: a row of one service, of whichever kind.
    public struct ExportRecord: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ExportRecord"

        public enum Record: Hashable, Sendable {
            case tenant(Tenant)
            case apiKey(ApiKey)
            /// Tasks carry their blockers and recurrence.
            case task(TasksV1.Task)
            case project(ProjectsV1.Project)
            case phase(ProjectsV1.Phase)
            case milestone(ProjectsV1.Milestone)
            case member(ProjectsV1.Member)
            case dependency(ProjectsV1.Dependency)
            case approval(ProjectsV1.Approval)
            case risk(ProjectsV1.Risk)
            case notification(NotifyV1.Notification)
            case preferences(NotifyV1.Preferences)
            /// Webhook secrets are not exported.
            case webhook(NotifyV1.Webhook)
            case delivery(NotifyV1.Delivery)
        }

        /// The service the record comes from: "tandem-tasks", "tandem-projects" or "tandem-notify".
        public var source: String = ""
        public var record: Record?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "source", &source)
            try visitor.visitOneofMember(
                MessageCodec<Tenant>.self, 10, "tenant", &record,
                extract: { if case .tenant(let value) = $0 { value } else { nil } },
                embed: Record.tenant)
            try visitor.visitOneofMember(
                MessageCodec<ApiKey>.self, 11, "api_key", &record,
                extract: { if case .apiKey(let value) = $0 { value } else { nil } },
                embed: Record.apiKey)
            try visitor.visitOneofMember(
                MessageCodec<TasksV1.Task>.self, 20, "task", &record,
                extract: { if case .task(let value) = $0 { value } else { nil } },
                embed: Record.task)
            try visitor.visitOneofMember(
                MessageCodec<ProjectsV1.Project>.self, 30, "project", &record,
                extract: { if case .project(let value) = $0 { value } else { nil } },
                embed: Record.project)
            try visitor.visitOneofMember(
                MessageCodec<ProjectsV1.Phase>.self, 31, "phase", &record,
                extract: { if case .phase(let value) = $0 { value } else { nil } },
                embed: Record.phase)
            try visitor.visitOneofMember(
                MessageCodec<ProjectsV1.Milestone>.self, 32, "milestone", &record,
                extract: { if case .milestone(let value) = $0 { value } else { nil } },
                embed: Record.milestone)
            try visitor.visitOneofMember(
                MessageCodec<ProjectsV1.Member>.self, 33, "member", &record,
                extract: { if case .member(let value) = $0 { value } else { nil } },
                embed: Record.member)
            try visitor.visitOneofMember(
                MessageCodec<ProjectsV1.Dependency>.self, 34, "dependency", &record,
                extract: { if case .dependency(let value) = $0 { value } else { nil } },
                embed: Record.dependency)
            try visitor.visitOneofMember(
                MessageCodec<ProjectsV1.Approval>.self, 35, "approval", &record,
                extract: { if case .approval(let value) = $0 { value } else { nil } },
                embed: Record.approval)
            try visitor.visitOneofMember(
                MessageCodec<ProjectsV1.Risk>.self, 36, "risk", &record,
                extract: { if case .risk(let value) = $0 { value } else { nil } },
                embed: Record.risk)
            try visitor.visitOneofMember(
                MessageCodec<NotifyV1.Notification>.self, 40, "notification", &record,
                extract: { if case .notification(let value) = $0 { value } else { nil } },
                embed: Record.notification)
            try visitor.visitOneofMember(
                MessageCodec<NotifyV1.Preferences>.self, 41, "preferences", &record,
                extract: { if case .preferences(let value) = $0 { value } else { nil } },
                embed: Record.preferences)
            try visitor.visitOneofMember(
                MessageCodec<NotifyV1.Webhook>.self, 42, "webhook", &record,
                extract: { if case .webhook(let value) = $0 { value } else { nil } },
                embed: Record.webhook)
            try visitor.visitOneofMember(
                MessageCodec<NotifyV1.Delivery>.self, 43, "delivery", &record,
                extract: { if case .delivery(let value) = $0 { value } else { nil } },
                embed: Record.delivery)
        }
    }
}
