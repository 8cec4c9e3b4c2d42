public import Logging
import TandemPostgres
public import TandemRPC
import TandemSchema
public import TandemService

/// `tandem.admin.v1.TenantDirectory` (service credential only), and the same lookups for this
/// process's own authenticator, straight from the directory tables.
public struct TenantDirectoryService: RPCService, TenantDirectoryLookup {
    let store: TenantDirectoryStore
    let logger: Logger

    public init(store: TenantDirectoryStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public var methods: [ServiceMethod] {
        [
            .unary(AdminV1.TenantDirectory.resolveApiKey) { request, _ in
                guard request.keyHash.utf8.count == 64, let hash = Crypto.bytes(hex: request.keyHash) else {
                    throw RPCError.invalidArgument(field: "key_hash", "must be 64 lower-case hex digits (a SHA-256)")
                }
                guard let key = try await withDatabaseErrors(logger: logger, { try await resolveApiKey(hash: hash) }) else {
                    throw RPCError(code: .notFound, message: "no such API key")
                }
                var response = AdminV1.ResolveApiKeyResponse()
                response.tenantID = key.tenant.tenantID
                response.apiKeyID = key.apiKeyID
                response.scopes = [AdminV1.Scope.read, .write].filter { key.scopes.contains($0) }
                response.tenantState = key.tenant.state
                response.cluster = key.tenant.cluster
                response.timeZone = key.tenant.timeZone
                return response
            },
            .unary(AdminV1.TenantDirectory.getTenantPlacement) { request, _ in
                guard Identifiers.isUUID(request.tenantID),
                    let placement = try await withDatabaseErrors(logger: logger, { try await placement(tenantID: request.tenantID) })
                else {
                    throw RPCError(code: .notFound, message: "tenant \(request.tenantID) not found")
                }
                var response = AdminV1.GetTenantPlacementResponse()
                response.tenantID = placement.tenantID
                response.slug = placement.slug
                response.state = placement.state
                response.cluster = placement.cluster
                response.timeZone = placement.timeZone
                return response
            },
        ]
    }

    public func resolveApiKey(hash keyHash: [UInt8]) async throws -> ResolvedApiKey? {
        let hash = PostgresBytes(keyHash)
        // One round trip: the directory's tables are global, so no tenant transaction is needed.
        let result = try await store.pool.pipelineTransaction(
            tenant: nil,
            [
                """
                SELECT k.id::text, k.scopes, k.key_hash, t.id::text, t.slug, t.state, t.cluster, t.time_zone
                FROM api_keys k JOIN directory_tenants t ON t.id = k.tenant_id
                WHERE k.key_hash = \(hash) AND k.revoked_at IS NULL
                """
            ])[0]
        guard let row = result.first else { return nil }
        // The index found the row by hash; compare once more in constant time all the same.
        guard Crypto.constantTimeEquals(try row.decode(PostgresBytes.self, at: 2).bytes, keyHash) else { return nil }
        return ResolvedApiKey(
                apiKeyID: try row.decode(String.self, at: 0),
                scopes: Set(ScopeNames.scopes(fromArray: try row.decode(String.self, at: 1))),
                tenant: TenantPlacement(
                    tenantID: try row.decode(String.self, at: 3), slug: try row.decode(String.self, at: 4),
                    state: TenantStates.state(try row.decode(String.self, at: 5)), cluster: try row.decode(String.self, at: 6),
                    timeZone: try row.decode(String.self, at: 7)))
    }

    public func placement(tenantID: String) async throws -> TenantPlacement? {
        try await store.pool.pipelineTransaction(
            tenant: nil, ["SELECT id::text, slug, state, cluster, time_zone FROM directory_tenants WHERE id = \(tenantID)::uuid"]
        )[0].first.map { row throws(PostgresError) in
                TenantPlacement(
                    tenantID: try row.decode(String.self, at: 0), slug: try row.decode(String.self, at: 1),
                    state: TenantStates.state(try row.decode(String.self, at: 2)), cluster: try row.decode(String.self, at: 3),
                    timeZone: try row.decode(String.self, at: 4))
        }
    }
}
