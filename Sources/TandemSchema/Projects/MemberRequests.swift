extension ProjectsV1 {
    /// Request of ProjectService.AddMember.
    public struct AddMemberRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddMemberRequest"
        public var projectID: String = ""
        /// The user to add.
        public var user: String = ""
        /// Required.
        public var role: MemberRole = .unspecified
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "user", &user)
            try visitor.visitSingular(EnumCodec<MemberRole>.self, 3, "role", &role)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.AddMember.
    public struct AddMemberResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.AddMemberResponse"
        public var member: Member?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Member>.self, 1, "member", &member)
        }
    }

    /// Request of ProjectService.RemoveMember.
    public struct RemoveMemberRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.RemoveMemberRequest"
        public var projectID: String = ""
        /// The user to remove.
        public var user: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitSingular(ProtoString.self, 2, "user", &user)
        }
    }

    /// Response of ProjectService.RemoveMember.
    public struct RemoveMemberResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.RemoveMemberResponse"
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
    }

    /// Request of ProjectService.ListMembers.
    public struct ListMembersRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListMembersRequest"
        public var projectID: String = ""
        /// Only members with one of these roles.
        public var roles: [MemberRole] = []
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "project_id", &projectID)
            try visitor.visitRepeated(EnumCodec<MemberRole>.self, 2, "roles", &roles)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of ProjectService.ListMembers.
    public struct ListMembersResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListMembersResponse"
        public var members: [Member] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Member>.self, 1, "members", &members)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }
}
