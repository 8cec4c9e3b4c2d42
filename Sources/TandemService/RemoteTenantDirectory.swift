public import TandemGRPC
import TandemRPC
import TandemSchema

/// The tenant directory of tandem-projects, asked over gRPC with the service credential.
public struct RemoteTenantDirectory: TenantDirectoryLookup {
    private let client: GRPCClient
    private let metadata: Metadata
    private let timeout: Duration

    public init(client: GRPCClient, serviceToken: String, timeout: Duration = .seconds(3)) {
        self.client = client
        var metadata = Metadata()
        try? metadata.add("authorization", .string("Bearer \(serviceToken)"))
        self.metadata = metadata
        self.timeout = timeout
    }

    public func resolveApiKey(hash keyHash: [UInt8]) async throws -> ResolvedApiKey? {
        var request = AdminV1.ResolveApiKeyRequest()
        request.keyHash = Crypto.hex(keyHash)
        guard let response = try await notFoundAsNil({ () async throws(RPCError) in
            try await client.unary(AdminV1.TenantDirectory.resolveApiKey, request, metadata: metadata, timeout: timeout)
        }) else { return nil }
        return ResolvedApiKey(
                apiKeyID: response.apiKeyID, scopes: Set(response.scopes),
                tenant: TenantPlacement(
                    tenantID: response.tenantID, slug: "", state: response.tenantState, cluster: response.cluster,
                    timeZone: response.timeZone))
    }

    public func placement(tenantID: String) async throws -> TenantPlacement? {
        var request = AdminV1.GetTenantPlacementRequest()
        request.tenantID = tenantID
        guard let response = try await notFoundAsNil({ () async throws(RPCError) in
            try await client.unary(AdminV1.TenantDirectory.getTenantPlacement, request, metadata: metadata, timeout: timeout)
        }) else { return nil }
        return TenantPlacement(
                tenantID: response.tenantID, slug: response.slug, state: response.state, cluster: response.cluster,
                timeZone: response.timeZone)
    }

    private func notFoundAsNil<T>(_ call: () async throws(RPCError) -> T) async throws(RPCError) -> T? {
        do {
            return try await call()
        } catch {
            if error.code == .notFound { return nil }
            throw error
        }
    }
}
