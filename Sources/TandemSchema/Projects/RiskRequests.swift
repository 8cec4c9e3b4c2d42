extension ProjectsV1 {
    /// Request of ProjectService.AddRisk.
    public struct AddRiskRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddRiskRequest"
        public var projectID: String = ""
        /// Required, 1 to 200 characters.
        public var title: String = ""
        public var description: String = ""
        /// Required, 1 to 5.
        public var likelihood: Int32 = 0
        /// Required, 1 to 5.
        public var impact: Int32 = 0
        /// The user who watches the risk; optional.
        public var owner: String = ""
        public var mitigation: String = ""
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "title", &title)
            try visitor.visitSingular(ProtoString.self, 3, "description", &description)
            try visitor.visitSingular(ProtoInt32.self, 4, "likelihood", &likelihood)
            try visitor.visitSingular(ProtoInt32.self, 5, "impact", &impact)
            try visitor.visitSingular(ProtoString.self, 6, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 7, "mitigation", &mitigation)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.AddRisk.
    public struct AddRiskResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddRiskResponse"
        public var risk: Risk?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Risk>.self, 1, "risk", &risk)
        }
    }

    /// Request of ProjectService.UpdateRisk.
    public struct UpdateRiskRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.UpdateRiskRequest"
        /// The risk with `id` set and the new values of the fields in update_mask.
        public var risk: Risk?
        /// Required: the fields to change, by proto field name.
        public var updateMask: GoogleProtobuf.FieldMask?
        /// ABORTED unless it equals the risk's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Risk>.self, 1, "risk", &risk)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.FieldMask>.self, 2, "update_mask", &updateMask)
            try visitor.visitSingular(ProtoInt64.self, 3, "expected_version", &expectedVersion)
        }
    }

    /// Response of ProjectService.UpdateRisk.
    public struct UpdateRiskResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.UpdateRiskResponse"
        public var risk: Risk?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Risk>.self, 1, "risk", &risk)
        }
    }

    /// Request of ProjectService.ListRisks.
    public struct ListRisksRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListRisksRequest"
        public var projectID: String = ""
        /// Only risks in one of these statuses.
        public var statuses: [RiskStatus] = []
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitRepeated(EnumCodec<RiskStatus>.self, 2, "statuses", &statuses)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of ProjectService.ListRisks.
    public struct ListRisksResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListRisksResponse"
        public var risks: [Risk] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Risk>.self, 1, "risks", &risks)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }
}
