extension AdminV1 {
    /// What an API key may do.
    public struct Scope: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Get, List, Subscribe and the other calls that change nothing.
        public static let read = Self(rawValue: 1)
        /// Every call that changes state.
        public static let write = Self(rawValue: 2)
        public static let protoName = "tandem.admin.v1.Scope"
        public static let valueNames: [Int32: String] = [
            0: "SCOPE_UNSPECIFIED", 1: "SCOPE_READ", 2: "SCOPE_WRITE",
        ]
    }

    /// A tenant API key; its secret is never stored or returned after creation.
    public struct ApiKey: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ApiKey"
        /// Output only. UUIDv7.
        public var id: String = ""
        public var tenantID: String = ""
        /// Human-readable name, 1 to 200 characters.
        public var name: String = ""
        public var scopes: [Scope] = []
        /// Output only. The first characters of the secret, to recognise it.
        public var prefix: String = ""
        public var createdAt: GoogleProtobuf.Timestamp?
        /// Output only. True once revoked.
        public var revoked: Bool = false
        public var revokedAt: GoogleProtobuf.Timestamp?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 3, "name", &name)
            try visitor.visitRepeated(EnumCodec<Scope>.self, 4, "scopes", &scopes)
            try visitor.visitSingular(ProtoString.self, 5, "prefix", &prefix)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoBool.self, 45, "revoked", &revoked)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 46, "revoked_at", &revokedAt)
        }
    }
}
