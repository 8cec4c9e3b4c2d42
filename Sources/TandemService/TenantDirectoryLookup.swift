public import TandemSchema

/// An API key the directory knows, with its tenant.
public struct ResolvedApiKey: Sendable, Hashable {
    public var apiKeyID: String
    public var scopes: Set<AdminV1.Scope>
    public var tenant: TenantPlacement

    public init(apiKeyID: String, scopes: Set<AdminV1.Scope>, tenant: TenantPlacement) {
        self.apiKeyID = apiKeyID
        self.scopes = scopes
        self.tenant = tenant
    }
}

/// How a service asks the tenant directory about keys and tenants: tandem-projects reads its own
/// tables; the other services call its `TenantDirectory` RPCs.
public protocol TenantDirectoryLookup: Sendable {
    /// The key whose SHA-256 is `keyHash`, or nil when it is unknown, revoked or its tenant is gone.
    func resolveApiKey(hash keyHash: [UInt8]) async throws -> ResolvedApiKey?
    /// The tenant's placement, or nil when there is no such tenant.
    func placement(tenantID: String) async throws -> TenantPlacement?
}
