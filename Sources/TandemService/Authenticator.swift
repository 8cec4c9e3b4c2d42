public import Logging
public import TandemRPC
public import TandemSchema

/// What a method demands of its caller.
public enum Access: Sendable, Hashable {
    /// The administrator credential (TenantAdmin).
    case administrator
    /// A service credential; no tenant needed (TenantDirectory, TenantProvisioning, Publish).
    case service
    /// A tenant: an API key with `scope`, or a service credential naming the tenant in
    /// `x-tandem-tenant`.
    case tenant(AdminV1.Scope)
    /// A service credential naming the tenant in `x-tandem-tenant` (EventSink, Publish).
    case serviceForTenant
}

/// Establishes the caller of every call before its handler runs.
///
/// Credentials come in `authorization: Bearer <secret>`:
/// - the administrator secret reaches `Access.administrator` methods only;
/// - the service secret, or a client certificate whose identity is listed, is a service
///   credential; it may name a tenant in `x-tandem-tenant` (ignored on any other credential);
/// - anything else is a tenant API key, resolved through the directory and cached for at most
///   `cacheLifetime` (5 s), so that revocation and suspension take effect everywhere within it.
///
/// `x-tandem-actor` names the person a call acts for. Calls for a tenant are rate-limited per
/// tenant (RESOURCE_EXHAUSTED).
public final class Authenticator: Sendable {
    public struct Configuration: Sendable {
        /// The administrator secret; nil: no administrator can call this service.
        public var administratorToken: Secret?
        /// The secret services present to each other.
        public var serviceToken: Secret?
        /// Client-certificate identities (common name, DNS or URI SAN) that count as services.
        public var serviceIdentities: Set<String>
        /// How long a resolved key or placement is trusted. At most 5 s.
        public var cacheLifetime: Duration
        public var rateLimit: RateLimiter.Configuration

        public init(
            administratorToken: Secret? = nil, serviceToken: Secret? = nil, serviceIdentities: Set<String> = [],
            cacheLifetime: Duration = .seconds(5), rateLimit: RateLimiter.Configuration = .init()
        ) {
            precondition(cacheLifetime <= .seconds(5), "keys and tenants are cached for at most 5 s")
            self.administratorToken = administratorToken
            self.serviceToken = serviceToken
            self.serviceIdentities = serviceIdentities
            self.cacheLifetime = cacheLifetime
            self.rateLimit = rateLimit
        }
    }

    /// A secret as its SHA-256, so that comparing is constant-time over equal lengths.
    public struct Secret: Sendable, Hashable, CustomStringConvertible {
        let digest: [UInt8]
        public init(_ value: String) { self.digest = Crypto.sha256(Array(value.utf8)) }
        public var description: String { "<redacted>" }
    }

    public static let tenantHeader = "x-tandem-tenant"
    public static let actorHeader = "x-tandem-actor"
    static let maximumActorLength = 200

    public let configuration: Configuration
    private let directory: any TenantDirectoryLookup
    private let keys: ExpiringCache<[UInt8], ResolvedApiKey>
    private let placements: ExpiringCache<String, TenantPlacement>
    private let limiter: RateLimiter
    private let logger: Logger

    public init(configuration: Configuration, directory: any TenantDirectoryLookup, logger: Logger) {
        self.configuration = configuration
        self.directory = directory
        self.keys = ExpiringCache(lifetime: configuration.cacheLifetime)
        self.placements = ExpiringCache(lifetime: configuration.cacheLifetime)
        self.limiter = RateLimiter(configuration: configuration.rateLimit)
        self.logger = logger
    }

    /// The caller of a call that needs `access`, or the error the call answers with.
    public func authenticate(_ context: ServerContext, access: Access) async throws(RPCError) -> Caller {
        let actor = try Self.actor(context.requestMetadata)
        let token = Self.bearerToken(context.requestMetadata)
        let digest = token.map(Crypto.sha256(utf8:))
        // The administrator token first: an administrator's tool may also carry a service certificate.
        if let digest, let admin = configuration.administratorToken, Crypto.constantTimeEquals(digest, admin.digest) {
            guard access == .administrator else {
                throw RPCError(
                    code: .permissionDenied, message: "the administrator credential reaches tandem.admin.v1.TenantAdmin only")
            }
            return Caller(credential: .administrator, tenant: nil, scopes: [], actor: actor)
        }
        if let identity = context.peer.certificate, let name = serviceIdentity(identity) {
            return try await serviceCaller(identity: name, context: context, access: access, actor: actor)
        }
        guard let digest else {
            throw RPCError(code: .unauthenticated, message: "missing credentials: send authorization: Bearer <credential>")
        }
        if let service = configuration.serviceToken, Crypto.constantTimeEquals(digest, service.digest) {
            return try await serviceCaller(identity: "service-token", context: context, access: access, actor: actor)
        }
        return try await tenantCaller(keyHash: digest, access: access, actor: actor)
    }

    /// Wraps every method of `service` with authentication for the access `policy` gives it.
    public func protect(_ service: any RPCService, policy: @escaping @Sendable (MethodInfo) -> Access) -> any RPCService {
        ProtectedService(methods: service.methods.map { method in
            let access = policy(method.info)
            return method.intercepted { context, next in
                let caller = try await self.authenticate(context, access: access)
                context.tenant = caller.tenant?.tenantID
                try await Caller.$current.withValue(caller) { try await next() }
            }
        })
    }

    // MARK: - Credentials

    private func serviceCaller(identity: String, context: ServerContext, access: Access, actor: String?) async throws(RPCError)
        -> Caller
    {
        switch access {
        case .administrator:
            throw RPCError(code: .permissionDenied, message: "a service credential cannot reach tandem.admin.v1.TenantAdmin")
        case .service:
            return Caller(credential: .service(identity: identity), tenant: nil, scopes: [.read, .write], actor: actor)
        case .tenant, .serviceForTenant:
            guard let tenantID = context.requestMetadata[string: Self.tenantHeader], !tenantID.isEmpty else {
                throw RPCError(
                    code: .invalidArgument, message: "a service call for a tenant names it in \(Self.tenantHeader)")
            }
            guard Identifiers.isUUID(tenantID), let placement = try await placement(tenantID: tenantID) else {
                throw RPCError(code: .notFound, message: "tenant \(tenantID) not found")
            }
            try Self.requireServing(placement)
            try rateLimit(placement)
            return Caller(credential: .service(identity: identity), tenant: placement, scopes: [.read, .write], actor: actor)
        }
    }

    private func tenantCaller(keyHash: [UInt8], access: Access, actor: String?) async throws(RPCError) -> Caller {
        guard let key = try await resolve(keyHash: keyHash) else {
            throw RPCError(code: .unauthenticated, message: "the API key is unknown or revoked")
        }
        switch access {
        case .administrator:
            throw RPCError(code: .permissionDenied, message: "an API key cannot reach tandem.admin.v1.TenantAdmin")
        case .service, .serviceForTenant:
            throw RPCError(code: .permissionDenied, message: "this method is for Tandem's services only")
        case .tenant(let scope):
            try Self.requireServing(key.tenant)
            guard key.scopes.contains(scope) else {
                throw RPCError(code: .permissionDenied, message: "the API key lacks the \(Self.scopeName(scope)) scope")
            }
            try rateLimit(key.tenant)
            return Caller(credential: .apiKey(id: key.apiKeyID), tenant: key.tenant, scopes: key.scopes, actor: actor)
        }
    }

    private func resolve(keyHash: [UInt8]) async throws(RPCError) -> ResolvedApiKey? {
        if let cached = keys.value(for: keyHash) { return cached }
        let resolved: ResolvedApiKey?
        do {
            resolved = try await directory.resolveApiKey(hash: keyHash)
        } catch {
            throw Self.directoryUnavailable(error, logger: logger)
        }
        if let resolved { keys.store(resolved, for: keyHash) }
        return resolved
    }

    private func placement(tenantID: String) async throws(RPCError) -> TenantPlacement? {
        if let cached = placements.value(for: tenantID) { return cached }
        let placement: TenantPlacement?
        do {
            placement = try await directory.placement(tenantID: tenantID)
        } catch {
            throw Self.directoryUnavailable(error, logger: logger)
        }
        if let placement { placements.store(placement, for: tenantID) }
        return placement
    }

    private func rateLimit(_ tenant: TenantPlacement) throws(RPCError) {
        guard limiter.tryAcquire(tenant.tenantID) else {
            throw RPCError(
                code: .resourceExhausted,
                message: "rate limit: the tenant made more than \(Int(configuration.rateLimit.ratePerSecond)) calls per second; slow down and retry")
        }
    }

    private func serviceIdentity(_ identity: CertificateIdentity) -> String? {
        let names = [identity.commonName].compactMap { $0 } + identity.dnsNames + identity.uris
        return names.first { configuration.serviceIdentities.contains($0) }
    }

    static func requireServing(_ tenant: TenantPlacement) throws(RPCError) {
        switch tenant.state {
        case .active: return
        case .suspended: throw RPCError(code: .permissionDenied, message: "the tenant is suspended")
        case .provisioning: throw RPCError(code: .permissionDenied, message: "the tenant is still being provisioned")
        default: throw RPCError(code: .permissionDenied, message: "the tenant is being deleted")
        }
    }

    static func scopeName(_ scope: AdminV1.Scope) -> String {
        scope == .write ? "write" : scope == .read ? "read" : "\(scope.rawValue)"
    }

    /// The credential of `authorization: Bearer <credential>` (the scheme in any case, spaces
    /// around it), or nil.
    static func bearerToken(_ metadata: Metadata) -> Substring? {
        guard let header = metadata[string: "authorization"] else { return nil }
        let value = header.drop { $0 == " " }
        let utf8 = value.utf8
        guard let space = utf8.firstIndex(of: UInt8(ascii: " ")),
            utf8[..<space].elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 })
        else { return nil }
        let credential = value[space...].drop { $0 == " " }
        return credential.isEmpty ? nil : credential
    }

    static func actor(_ metadata: Metadata) throws(RPCError) -> String? {
        guard let actor = metadata[string: actorHeader] else { return nil }
        guard !actor.isEmpty, actor.count <= maximumActorLength else {
            throw RPCError(code: .invalidArgument, message: "\(actorHeader) must be 1 to \(maximumActorLength) characters")
        }
        return actor
    }

    private static func directoryUnavailable(_ error: any Error, logger: Logger) -> RPCError {
        logger.warning("tenant directory lookup failed", metadata: ["error": "\(error)"])
        return RPCError(code: .unavailable, message: "the tenant directory is unavailable; retry later")
    }
}

struct ProtectedService: RPCService {
    let methods: [ServiceMethod]
}
