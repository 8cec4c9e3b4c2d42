extension ProjectsV1 {
    /// A project: work judged by its outcome.
    public struct Project: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Project"
        /// Output only. UUIDv7.
        public var id: String = ""
        /// Required, 1 to 200 characters.
        public var name: String = ""
        /// The result the project exists to deliver.
        public var outcome: String = ""
        public var description: String = ""
        /// The accountable user; defaults to the actor.
        public var owner: String = ""
        /// Defaults to PLANNING.
        public var status: ProjectStatus = .unspecified
        /// First day of the schedule; defaults to today. Schedules count working days from it.
        public var startDate: CommonV1.Date?
        /// The date the outcome is due; compared with the forecast finish, never moves the schedule. Unset means no
        /// target.
        public var targetDate: CommonV1.Date?
        /// Working days and holidays the schedule counts in.
        public var calendar: WorkingCalendar?
        /// Output only. Increases on every change.
        public var version: Int64 = 0
        public var createdAt: GoogleProtobuf.Timestamp?
        public var createdBy: String = ""
        public var updatedAt: GoogleProtobuf.Timestamp?
        public var updatedBy: String = ""
        /// Output only. True once archived.
        public var archived: Bool = false
        public var archivedAt: GoogleProtobuf.Timestamp?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitSingular(ProtoString.self, 3, "outcome", &outcome)
            try visitor.visitSingular(ProtoString.self, 4, "description", &description)
            try visitor.visitSingular(ProtoString.self, 5, "owner", &owner)
            try visitor.visitSingular(EnumCodec<ProjectStatus>.self, 6, "status", &status)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 10, "start_date", &startDate)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 11, "target_date", &targetDate)
            try visitor.visitOptional(MessageCodec<WorkingCalendar>.self, 12, "calendar", &calendar)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 42, "created_by", &createdBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 43, "updated_at", &updatedAt)
            try visitor.visitSingular(ProtoString.self, 44, "updated_by", &updatedBy)
            try visitor.visitSingular(ProtoBool.self, 45, "archived", &archived)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 46, "archived_at", &archivedAt)
        }
    }

    /// Where a project is in its life.
    public struct ProjectStatus: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Being planned; the default.
        public static let planning = Self(rawValue: 1)
        /// Being delivered.
        public static let active = Self(rawValue: 2)
        /// Paused.
        public static let onHold = Self(rawValue: 3)
        /// Outcome delivered.
        public static let completed = Self(rawValue: 4)
        /// Abandoned.
        public static let cancelled = Self(rawValue: 5)
        public static let protoName = "tandem.projects.v1.ProjectStatus"
        public static let valueNames: [Int32: String] = [
            0: "PROJECT_STATUS_UNSPECIFIED", 1: "PROJECT_STATUS_PLANNING", 2: "PROJECT_STATUS_ACTIVE",
            3: "PROJECT_STATUS_ON_HOLD", 4: "PROJECT_STATUS_COMPLETED", 5: "PROJECT_STATUS_CANCELLED",
        ]
    }

    /// The days a project's schedule counts as working days.
    public struct WorkingCalendar: ProtoMessage {
        public static let protoName = "tandem.projects.v1.WorkingCalendar"
        /// Working days of the week; empty means Monday to Friday.
        public var workingDays: [CommonV1.Weekday] = []
        /// Dates that are not working days even if their weekday is.
        public var holidays: [CommonV1.Date] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(EnumCodec<CommonV1.Weekday>.self, 1, "working_days", &workingDays)
            try visitor.visitRepeated(MessageCodec<CommonV1.Date>.self, 2, "holidays", &holidays)
        }
    }

    /// A person's membership of a project.
    public struct Member: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Member"
        public var projectID: String = ""
        /// The member user.
        public var user: String = ""
        public var role: MemberRole = .unspecified
        /// Output only.
        public var addedAt: GoogleProtobuf.Timestamp?
        /// Output only. The actor that added the member.
        public var addedBy: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "user", &user)
            try visitor.visitSingular(EnumCodec<MemberRole>.self, 3, "role", &role)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 4, "added_at", &addedAt)
            try visitor.visitSingular(ProtoString.self, 5, "added_by", &addedBy)
        }
    }

    /// A member's role in a project.
    public struct MemberRole: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Accountable for the project; a project has at least one.
        public static let owner = Self(rawValue: 1)
        /// Leads the work day to day.
        public static let lead = Self(rawValue: 2)
        /// Does the work.
        public static let contributor = Self(rawValue: 3)
        /// Is kept informed.
        public static let stakeholder = Self(rawValue: 4)
        /// Decides approvals.
        public static let approver = Self(rawValue: 5)
        public static let protoName = "tandem.projects.v1.MemberRole"
        public static let valueNames: [Int32: String] = [
            0: "MEMBER_ROLE_UNSPECIFIED", 1: "MEMBER_ROLE_OWNER", 2: "MEMBER_ROLE_LEAD", 3: "MEMBER_ROLE_CONTRIBUTOR",
            4: "MEMBER_ROLE_STAKEHOLDER", 5: "MEMBER_ROLE_APPROVER",
        ]
    }
}
