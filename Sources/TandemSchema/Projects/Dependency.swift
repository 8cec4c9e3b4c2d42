extension ProjectsV1 {
    /// A reference to one schedulable item of a project.
    public struct ItemRef: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ItemRef"

        public enum Item: Hashable, Sendable {
            /// A work item (a task of this project).
            case taskID(String)
            /// A milestone of this project.
            case milestoneID(String)
            /// A ROUGH phase standing in for its unplanned work; appears only in schedules and reports, never in
            /// dependencies.
            case phaseID(String)
        }

        public var item: Item?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOneofMember(
                ProtoString.self, 1, "task_id", &item,
                extract: { if case .taskID(let value) = $0 { value } else { nil } },
                embed: Item.taskID)
            try visitor.visitOneofMember(
                ProtoString.self, 2, "milestone_id", &item,
                extract: { if case .milestoneID(let value) = $0 { value } else { nil } },
                embed: Item.milestoneID)
            try visitor.visitOneofMember(
                ProtoString.self, 3, "phase_id", &item,
                extract: { if case .phaseID(let value) = $0 { value } else { nil } },
                embed: Item.phaseID)
        }
    }

    /// A link that sequences two items of a project; immutable (remove it and add another to change it).
    public struct Dependency: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Dependency"
        /// Output only. UUIDv7.
        public var id: String = ""
        public var projectID: String = ""
        /// The item that comes first (a task or a milestone).
        public var predecessor: ItemRef?
        /// The item that follows (a task or a milestone).
        public var successor: ItemRef?
        /// Defaults to FINISH_TO_START.
        public var type: DependencyType = .unspecified
        /// Working days added to the link; negative values are leads (overlap).
        public var lagDays: Int32 = 0
        public var createdAt: GoogleProtobuf.Timestamp?
        public var createdBy: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "project_id", &projectID)
            try visitor.visitOptional(MessageCodec<ItemRef>.self, 3, "predecessor", &predecessor)
            try visitor.visitOptional(MessageCodec<ItemRef>.self, 4, "successor", &successor)
            try visitor.visitSingular(EnumCodec<DependencyType>.self, 5, "type", &type)
            try visitor.visitSingular(ProtoInt32.self, 6, "lag_days", &lagDays)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 42, "created_by", &createdBy)
        }
    }

    /// How a dependency links its predecessor to its successor.
    public struct DependencyType: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Treated as FINISH_TO_START.
        public static let unspecified = Self(rawValue: 0)
        /// The successor starts after the predecessor finishes.
        public static let finishToStart = Self(rawValue: 1)
        /// The successor starts no earlier than the predecessor starts.
        public static let startToStart = Self(rawValue: 2)
        /// The successor finishes no earlier than the predecessor finishes.
        public static let finishToFinish = Self(rawValue: 3)
        /// The successor finishes no earlier than the predecessor starts.
        public static let startToFinish = Self(rawValue: 4)
        public static let protoName = "tandem.projects.v1.DependencyType"
        public static let valueNames: [Int32: String] = [
            0: "DEPENDENCY_TYPE_UNSPECIFIED", 1: "DEPENDENCY_TYPE_FINISH_TO_START",
            2: "DEPENDENCY_TYPE_START_TO_START", 3: "DEPENDENCY_TYPE_FINISH_TO_FINISH",
            4: "DEPENDENCY_TYPE_START_TO_FINISH",
        ]
    }
}
