extension ProjectsV1 {
    /// A recorded risk: something that may go wrong, with its likelihood and impact.
    public struct Risk: ProtoMessage {
        public static let protoName = "tandem.projects.v1.Risk"
        /// Output only. UUIDv7.
        public var id: String = ""
        public var projectID: String = ""
        /// Required, 1 to 200 characters.
        public var title: String = ""
        public var description: String = ""
        /// 1 (rare) to 5 (almost certain).
        public var likelihood: Int32 = 0
        /// 1 (negligible) to 5 (severe).
        public var impact: Int32 = 0
        /// Output only. likelihood * impact, 1 to 25.
        public var score: Int32 = 0
        /// The user who watches the risk.
        public var owner: String = ""
        /// What is done about it.
        public var mitigation: String = ""
        /// Starts OPEN.
        public var status: RiskStatus = .unspecified
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
            try visitor.visitSingular(ProtoString.self, 3, "title", &title)
            try visitor.visitSingular(ProtoString.self, 4, "description", &description)
            try visitor.visitSingular(ProtoInt32.self, 5, "likelihood", &likelihood)
            try visitor.visitSingular(ProtoInt32.self, 6, "impact", &impact)
            try visitor.visitSingular(ProtoInt32.self, 7, "score", &score)
            try visitor.visitSingular(ProtoString.self, 8, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 9, "mitigation", &mitigation)
            try visitor.visitSingular(EnumCodec<RiskStatus>.self, 10, "status", &status)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 42, "created_by", &createdBy)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 43, "updated_at", &updatedAt)
            try visitor.visitSingular(ProtoString.self, 44, "updated_by", &updatedBy)
        }
    }

    /// The state of a recorded risk.
    public struct RiskStatus: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Identified, no action yet.
        public static let open = Self(rawValue: 1)
        /// Mitigation under way.
        public static let mitigating = Self(rawValue: 2)
        /// Mitigated; no longer a threat.
        public static let mitigated = Self(rawValue: 3)
        /// The risk happened and is now an issue.
        public static let occurred = Self(rawValue: 4)
        /// No longer relevant.
        public static let closed = Self(rawValue: 5)
        public static let protoName = "tandem.projects.v1.RiskStatus"
        public static let valueNames: [Int32: String] = [
            0: "RISK_STATUS_UNSPECIFIED", 1: "RISK_STATUS_OPEN", 2: "RISK_STATUS_MITIGATING",
            3: "RISK_STATUS_MITIGATED", 4: "RISK_STATUS_OCCURRED", 5: "RISK_STATUS_CLOSED",
        ]
    }
}
