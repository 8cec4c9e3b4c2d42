public import TandemRPC
public import TandemSchema

/// Where a tenant's rows live and whether it may be served, as the directory says.
public struct TenantPlacement: Sendable, Hashable {
    public var tenantID: String
    public var slug: String
    public var state: AdminV1.TenantState
    public var cluster: String
    public var timeZone: String

    public init(tenantID: String, slug: String, state: AdminV1.TenantState, cluster: String, timeZone: String) {
        self.tenantID = tenantID
        self.slug = slug
        self.state = state
        self.cluster = cluster
        self.timeZone = timeZone
    }
}

/// Who is calling, established before any handler runs and visible to it as `Caller.current`.
public struct Caller: Sendable, Hashable {
    public enum Credential: Sendable, Hashable {
        /// A tenant's API key (its id; the secret is never kept).
        case apiKey(id: String)
        /// Another Tandem service, by the configured secret or an mTLS identity.
        case service(identity: String)
        /// The administrator credential.
        case administrator
    }

    public var credential: Credential
    /// The tenant the call acts for: the API key's, or the one a service names in
    /// `x-tandem-tenant`. Nil for the administrator and for services that name none.
    public var tenant: TenantPlacement?
    /// What the credential may do.
    public var scopes: Set<AdminV1.Scope>
    /// The person an internal system acts for (`x-tandem-actor`), if it names one.
    public var actor: String?

    public init(credential: Credential, tenant: TenantPlacement?, scopes: Set<AdminV1.Scope>, actor: String?) {
        self.credential = credential
        self.tenant = tenant
        self.scopes = scopes
        self.actor = actor
    }

    @TaskLocal public static var current: Caller?

    /// The tenant of the current call; a handler of a tenant method always has one.
    public static func tenant() throws(RPCError) -> TenantPlacement {
        guard let tenant = current?.tenant else {
            throw RPCError(code: .unauthenticated, message: "the call has no tenant")
        }
        return tenant
    }
}
