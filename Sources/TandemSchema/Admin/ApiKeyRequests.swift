extension AdminV1 {
    /// Request of TenantAdmin.CreateApiKey.
    public struct CreateApiKeyRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.CreateApiKeyRequest"
        public var tenantID: String = ""
        /// Required, 1 to 200 characters.
        public var name: String = ""
        /// At least one.
        public var scopes: [Scope] = []
        /// Idempotency key: a retry returns the same key with an empty secret (secrets are never stored).
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitRepeated(EnumCodec<Scope>.self, 3, "scopes", &scopes)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of TenantAdmin.CreateApiKey.
    public struct CreateApiKeyResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.CreateApiKeyResponse"
        public var apiKey: ApiKey?
        /// The bearer token (`authorization: Bearer <secret>`). Shown once.
        public var secret: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<ApiKey>.self, 1, "api_key", &apiKey)
            try visitor.visitSingular(ProtoString.self, 2, "secret", &secret)
        }
    }

    /// Request of TenantAdmin.ListApiKeys.
    public struct ListApiKeysRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ListApiKeysRequest"
        public var tenantID: String = ""
        /// Also list revoked keys.
        public var includeRevoked: Bool = false
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoBool.self, 30, "include_revoked", &includeRevoked)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of TenantAdmin.ListApiKeys.
    public struct ListApiKeysResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ListApiKeysResponse"
        public var apiKeys: [ApiKey] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<ApiKey>.self, 1, "api_keys", &apiKeys)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of TenantAdmin.RevokeApiKey.
    public struct RevokeApiKeyRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.RevokeApiKeyRequest"
        public var apiKeyID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "api_key_id", &apiKeyID)
        }
    }

    /// Response of TenantAdmin.RevokeApiKey: the revoked key.
    public struct RevokeApiKeyResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.RevokeApiKeyResponse"
        public var apiKey: ApiKey?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<ApiKey>.self, 1, "api_key", &apiKey)
        }
    }
}
