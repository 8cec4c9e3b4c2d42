extension AdminV1 {
    /// The lifecycle state of a tenant.
    public struct TenantState: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Being created in the services; keys do not work yet.
        public static let provisioning = Self(rawValue: 1)
        public static let active = Self(rawValue: 2)
        /// Calls with its keys answer PERMISSION_DENIED; data is kept.
        public static let suspended = Self(rawValue: 3)
        /// Its data is being removed; keys do not work.
        public static let deleting = Self(rawValue: 4)
        public static let protoName = "tandem.admin.v1.TenantState"
        public static let valueNames: [Int32: String] = [
            0: "TENANT_STATE_UNSPECIFIED", 1: "TENANT_STATE_PROVISIONING", 2: "TENANT_STATE_ACTIVE",
            3: "TENANT_STATE_SUSPENDED", 4: "TENANT_STATE_DELETING",
        ]
    }

    /// A tenant: a team, department or customer whose data is kept apart.
    public struct Tenant: ProtoMessage {
        public static let protoName = "tandem.admin.v1.Tenant"
        /// Output only. UUIDv7.
        public var id: String = ""
        /// Unique, immutable short name: 3 to 63 lowercase letters, digits and hyphens, starting with a
        /// letter.
        public var slug: String = ""
        /// Human-readable name, 1 to 200 characters.
        public var displayName: String = ""
        /// Output only.
        public var state: TenantState = .unspecified
        /// Output only. What the state is waiting for, for example the services still to provision.
        public var stateDetail: String = ""
        /// Output only. Name of the PostgreSQL cluster that holds its rows.
        public var cluster: String = ""
        /// IANA time zone name in which "today" and due dates are judged; defaults to "UTC".
        public var timeZone: String = ""
        /// Output only. Reason given with SuspendTenant; cleared on resume.
        public var suspensionReason: String = ""
        /// Output only. Increases on every change.
        public var version: Int64 = 0
        public var createdAt: GoogleProtobuf.Timestamp?
        public var updatedAt: GoogleProtobuf.Timestamp?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "slug", &slug)
            try visitor.visitSingular(ProtoString.self, 3, "display_name", &displayName)
            try visitor.visitSingular(EnumCodec<TenantState>.self, 4, "state", &state)
            try visitor.visitSingular(ProtoString.self, 5, "state_detail", &stateDetail)
            try visitor.visitSingular(ProtoString.self, 6, "cluster", &cluster)
            try visitor.visitSingular(ProtoString.self, 7, "time_zone", &timeZone)
            try visitor.visitSingular(ProtoString.self, 8, "suspension_reason", &suspensionReason)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 43, "updated_at", &updatedAt)
        }
    }
}
