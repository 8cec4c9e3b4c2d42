extension AdminV1 {
    /// Request of TenantDirectory.ResolveApiKey.
    public struct ResolveApiKeyRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ResolveApiKeyRequest"
        /// Lowercase hex SHA-256 of the secret exactly as presented after "Bearer ".
        public var keyHash: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "key_hash", &keyHash)
        }
    }

    /// Response of TenantDirectory.ResolveApiKey.
    public struct ResolveApiKeyResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ResolveApiKeyResponse"
        public var tenantID: String = ""
        public var apiKeyID: String = ""
        public var scopes: [Scope] = []
        /// The caller refuses every state but ACTIVE (PERMISSION_DENIED).
        public var tenantState: TenantState = .unspecified
        /// The cluster that holds the tenant's rows.
        public var cluster: String = ""
        /// The tenant's IANA time zone.
        public var timeZone: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 2, "api_key_id", &apiKeyID)
            try visitor.visitRepeated(EnumCodec<Scope>.self, 3, "scopes", &scopes)
            try visitor.visitSingular(EnumCodec<TenantState>.self, 4, "tenant_state", &tenantState)
            try visitor.visitSingular(ProtoString.self, 5, "cluster", &cluster)
            try visitor.visitSingular(ProtoString.self, 6, "time_zone", &timeZone)
        }
    }

    /// Request of TenantDirectory.GetTenantPlacement.
    public struct GetTenantPlacementRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.GetTenantPlacementRequest"
        public var tenantID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
        }
    }

    /// Response of TenantDirectory.GetTenantPlacement.
    public struct GetTenantPlacementResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.GetTenantPlacementResponse"
        public var tenantID: String = ""
        public var slug: String = ""
        public var state: TenantState = .unspecified
        /// The cluster that holds the tenant's rows.
        public var cluster: String = ""
        /// The tenant's IANA time zone.
        public var timeZone: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 2, "slug", &slug)
            try visitor.visitSingular(EnumCodec<TenantState>.self, 3, "state", &state)
            try visitor.visitSingular(ProtoString.self, 4, "cluster", &cluster)
            try visitor.visitSingular(ProtoString.self, 5, "time_zone", &timeZone)
        }
    }
}
