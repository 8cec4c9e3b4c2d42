extension AdminV1 {
    /// Request of TenantProvisioning.ProvisionTenant.
    public struct ProvisionTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ProvisionTenantRequest"
        public var tenantID: String = ""
        public var slug: String = ""
        /// IANA time zone name.
        public var timeZone: String = ""
        /// The cluster to hold the tenant's rows.
        public var cluster: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 2, "slug", &slug)
            try visitor.visitSingular(ProtoString.self, 3, "time_zone", &timeZone)
            try visitor.visitSingular(ProtoString.self, 4, "cluster", &cluster)
        }
    }

    /// Response of TenantProvisioning.ProvisionTenant.
    public struct ProvisionTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ProvisionTenantResponse"
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
    }

    /// Request of TenantProvisioning.DeprovisionTenant.
    public struct DeprovisionTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.DeprovisionTenantRequest"
        public var tenantID: String = ""
        /// The cluster that holds the tenant's rows.
        public var cluster: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 2, "cluster", &cluster)
        }
    }

    /// Response of TenantProvisioning.DeprovisionTenant.
    public struct DeprovisionTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.DeprovisionTenantResponse"
        /// Rows removed by this call.
        public var rowsDeleted: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt64.self, 1, "rows_deleted", &rowsDeleted)
        }
    }

    /// Request of TenantProvisioning.ExportTenantData.
    public struct ExportTenantDataRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ExportTenantDataRequest"
        public var tenantID: String = ""
        /// The cluster that holds the tenant's rows.
        public var cluster: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 2, "cluster", &cluster)
        }
    }

    /// One message of the TenantProvisioning.ExportTenantData stream.
    public struct ExportTenantDataResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ExportTenantDataResponse"
        /// The next records of this service.
        public var records: [ExportRecord] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<ExportRecord>.self, 1, "records", &records)
        }
    }
}
