extension AdminV1 {
    /// Request of TenantAdmin.CreateTenant.
    public struct CreateTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.CreateTenantRequest"
        /// Required; see Tenant.slug.
        public var slug: String = ""
        public var displayName: String = ""
        /// IANA time zone name; empty means "UTC".
        public var timeZone: String = ""
        /// Cluster to place the tenant on; empty means the configured cluster with the fewest tenants.
        public var cluster: String = ""
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "slug", &slug)
            try visitor.visitSingular(ProtoString.self, 2, "display_name", &displayName)
            try visitor.visitSingular(ProtoString.self, 3, "time_zone", &timeZone)
            try visitor.visitSingular(ProtoString.self, 4, "cluster", &cluster)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of TenantAdmin.CreateTenant.
    public struct CreateTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.CreateTenantResponse"
        public var tenant: Tenant?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Tenant>.self, 1, "tenant", &tenant)
        }
    }

    /// Request of TenantAdmin.GetTenant.
    public struct GetTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.GetTenantRequest"
        public var id: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
        }
    }

    /// Response of TenantAdmin.GetTenant.
    public struct GetTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.GetTenantResponse"
        public var tenant: Tenant?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Tenant>.self, 1, "tenant", &tenant)
        }
    }

    /// Request of TenantAdmin.ListTenants.
    public struct ListTenantsRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ListTenantsRequest"
        /// Only tenants in one of these states.
        public var states: [TenantState] = []
        /// Only the tenant with this slug.
        public var slug: String = ""
        /// Only tenants placed on this cluster.
        public var cluster: String = ""
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(EnumCodec<TenantState>.self, 1, "states", &states)
            try visitor.visitSingular(ProtoString.self, 2, "slug", &slug)
            try visitor.visitSingular(ProtoString.self, 3, "cluster", &cluster)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of TenantAdmin.ListTenants.
    public struct ListTenantsResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ListTenantsResponse"
        public var tenants: [Tenant] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Tenant>.self, 1, "tenants", &tenants)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of TenantAdmin.UpdateTenant.
    public struct UpdateTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.UpdateTenantRequest"
        /// The tenant with `id` set and the new values of the fields in update_mask.
        public var tenant: Tenant?
        /// Required: the fields to change, by proto field name.
        public var updateMask: GoogleProtobuf.FieldMask?
        /// ABORTED unless it equals the tenant's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Tenant>.self, 1, "tenant", &tenant)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.FieldMask>.self, 2, "update_mask", &updateMask)
            try visitor.visitSingular(ProtoInt64.self, 3, "expected_version", &expectedVersion)
        }
    }

    /// Response of TenantAdmin.UpdateTenant.
    public struct UpdateTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.UpdateTenantResponse"
        public var tenant: Tenant?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Tenant>.self, 1, "tenant", &tenant)
        }
    }

    /// Request of TenantAdmin.SuspendTenant.
    public struct SuspendTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.SuspendTenantRequest"
        public var tenantID: String = ""
        /// Why; kept in Tenant.suspension_reason.
        public var reason: String = ""
        /// ABORTED unless it equals the tenant's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoString.self, 2, "reason", &reason)
            try visitor.visitSingular(ProtoInt64.self, 14, "expected_version", &expectedVersion)
        }
    }

    /// Response of TenantAdmin.SuspendTenant.
    public struct SuspendTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.SuspendTenantResponse"
        public var tenant: Tenant?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Tenant>.self, 1, "tenant", &tenant)
        }
    }

    /// Request of TenantAdmin.ResumeTenant.
    public struct ResumeTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ResumeTenantRequest"
        public var tenantID: String = ""
        /// ABORTED unless it equals the tenant's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
            try visitor.visitSingular(ProtoInt64.self, 14, "expected_version", &expectedVersion)
        }
    }

    /// Response of TenantAdmin.ResumeTenant.
    public struct ResumeTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ResumeTenantResponse"
        public var tenant: Tenant?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Tenant>.self, 1, "tenant", &tenant)
        }
    }

    /// Request of TenantAdmin.DeleteTenant.
    public struct DeleteTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.DeleteTenantRequest"
        public var id: String = ""
        /// ABORTED unless it equals the tenant's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoInt64.self, 2, "expected_version", &expectedVersion)
        }
    }

    /// Response of TenantAdmin.DeleteTenant: the tenant is gone.
    public struct DeleteTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.DeleteTenantResponse"
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
    }

    /// Request of TenantAdmin.ExportTenant.
    public struct ExportTenantRequest: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ExportTenantRequest"
        public var tenantID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "tenant_id", &tenantID)
        }
    }

    /// One message of the TenantAdmin.ExportTenant stream.
    public struct ExportTenantResponse: ProtoMessage {
        public static let protoName = "tandem.admin.v1.ExportTenantResponse"
        /// The next records, in export order.
        public var records: [ExportRecord] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<ExportRecord>.self, 1, "records", &records)
        }
    }
}
