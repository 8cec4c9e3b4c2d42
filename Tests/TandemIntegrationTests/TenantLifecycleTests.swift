import Foundation
import Testing
import TandemGRPC
import TandemRPC
import TandemRuntime
import TandemSchema
import TandemTestSupport

/// The three servers, two clusters each, on the test PostgreSQL.
@Suite("Tenants across three services and two clusters", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct TenantLifecycleTests {
    @Test("New tenants alternate between the clusters; each one's rows are only in its own cluster, in every service")
    func placement() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        var tenants: [AdminV1.Tenant] = []
        for index in 0..<4 { tenants.append(try await deployment.createTenant("place-\(index)")) }
        #expect(tenants.map(\.state) == Array(repeating: .active, count: 4))
        #expect(Set(tenants.map(\.cluster)) == ["a", "b"], "\(tenants.map(\.cluster))")
        #expect(tenants.filter { $0.cluster == "a" }.count == 2)
        // An administrator may name the cluster.
        let named = try await deployment.createTenant("place-named", cluster: "b")
        #expect(named.cluster == "b")
        tenants.append(named)

        for tenant in tenants {
            let other = tenant.cluster == "a" ? "b" : "a"
            for server in TandemServer.allCases {
                let own = try await deployment.rowCount(tenantID: tenant.id, server: server, cluster: tenant.cluster)
                let elsewhere = try await deployment.rowCount(tenantID: tenant.id, server: server, cluster: other)
                // One provisioning row per service, plus the directory entry on projects' cluster a.
                let directoryEntry = server == .projects && tenant.cluster == "a" ? 1 : 0
                #expect(own == 1 + directoryEntry, "\(tenant.slug) on \(server)")
                if server == .projects && other == "a" {
                    #expect(elsewhere == 1, "only the directory entry, which lives on cluster a")
                } else {
                    #expect(elsewhere == 0, "\(tenant.slug) on \(server) \(other)")
                }
            }
        }
    }

    @Test("CreateTenant validates its fields and is idempotent by request_id")
    func createValidation() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let (client, metadata) = try deployment.admin()
        func create(_ configure: (inout AdminV1.CreateTenantRequest) -> Void) async -> RPCError? {
            var request = AdminV1.CreateTenantRequest()
            request.slug = "valid-slug"
            request.displayName = "Valid"
            configure(&request)
            do {
                _ = try await client.unary(AdminV1.TenantAdmin.createTenant, request, metadata: metadata)
                return nil
            } catch { return error }
        }
        for (slug, field) in [("ab", "slug"), ("Upper", "slug"), ("1abc", "slug"), ("ends-", "slug")] {
            let error = await create { $0.slug = slug }
            #expect(error?.code == .invalidArgument && error?.message.hasPrefix(field) == true, "\(slug): \(String(describing: error))")
        }
        #expect(await create { $0.displayName = "" }?.message.hasPrefix("display_name") == true)
        #expect(await create { $0.timeZone = "Mars/Olympus" }?.message.hasPrefix("time_zone") == true)
        #expect(await create { $0.cluster = "c" }?.message.hasPrefix("cluster") == true)

        let first = try await deployment.createTenant("idem", requestID: "req-1")
        let again = try await deployment.createTenant("idem", requestID: "req-1")
        #expect(first.id == again.id && again.state == .active)
        let taken = await create { $0.slug = "idem"; $0.requestID = "req-2" }
        #expect(taken?.code == .alreadyExists)
        let reused = await create { $0.slug = "other"; $0.requestID = "req-1" }
        #expect(reused?.code == .alreadyExists)
    }

    @Test("A service down in the middle of CreateTenant leaves it provisioning; a retry completes it")
    func resumableCreate() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let notifyPort = deployment.port(of: .notify)
        await deployment.stop(.notify)
        let (client, metadata) = try deployment.admin()
        var request = AdminV1.CreateTenantRequest()
        request.slug = "resumed"
        request.displayName = "Resumed"
        request.requestID = "create-resumed"
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unary(AdminV1.TenantAdmin.createTenant, request, metadata: metadata)
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("tandem-notify") == true)
        var list = AdminV1.ListTenantsRequest()
        list.slug = "resumed"
        let pending = try await client.unary(AdminV1.TenantAdmin.listTenants, list, metadata: metadata).tenants
        #expect(pending.map(\.state) == [.provisioning])
        #expect(pending.first?.stateDetail == "waiting for tandem-notify")
        // Its keys do not work while it is provisioning.
        let key = try await deployment.createKey(pending[0].id)
        if case .failure(let denied) = await deployment.whoAmI(.tasks, key: key.secret) {
            #expect(denied.code == .permissionDenied)
        } else {
            Issue.record("a provisioning tenant's key was accepted")
        }

        try await deployment.start(.notify, port: notifyPort)
        var tenant: AdminV1.Tenant?
        let deadline = ContinuousClock.now + .seconds(30)
        while tenant == nil, ContinuousClock.now < deadline {
            let attempt = await Self.outcome { () async throws(RPCError) in try await client.unary(AdminV1.TenantAdmin.createTenant, request, metadata: metadata) }
            switch attempt {
            case .success(let response): tenant = response.tenant
            case .failure(let error) where error.code == .unavailable: try await Task.sleep(for: .milliseconds(200))
            case .failure(let error): throw error
            }
        }
        #expect(tenant?.id == pending.first?.id)
        #expect(tenant?.state == .active)
        #expect(try await deployment.rowCount(tenantID: pending[0].id, server: .notify, cluster: pending[0].cluster) == 1)
    }

    @Test("DeleteTenant leaves no row of the tenant in any database; other tenants keep theirs")
    func deleteRemovesEverything() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let doomed = try await deployment.createTenant("doomed")
        let kept = try await deployment.createTenant("kept")
        _ = try await deployment.createKey(doomed.id)
        _ = try await deployment.createKey(kept.id)
        let (client, metadata) = try deployment.admin()
        var request = AdminV1.DeleteTenantRequest()
        request.id = doomed.id
        request.expectedVersion = doomed.version + 7
        let stale = await #expect(throws: RPCError.self) {
            _ = try await client.unary(AdminV1.TenantAdmin.deleteTenant, request, metadata: metadata)
        }
        #expect(stale?.code == .aborted)
        request.expectedVersion = doomed.version
        _ = try await client.unary(AdminV1.TenantAdmin.deleteTenant, request, metadata: metadata)

        for server in TandemServer.allCases {
            for cluster in Deployment.clusterNames {
                #expect(try await deployment.rowCount(tenantID: doomed.id, server: server, cluster: cluster) == 0, "\(server) \(cluster)")
            }
            #expect(try await deployment.rowCount(tenantID: kept.id, server: server, cluster: kept.cluster) >= 1)
        }
        var get = AdminV1.GetTenantRequest()
        get.id = doomed.id
        let gone = await #expect(throws: RPCError.self) {
            _ = try await client.unary(AdminV1.TenantAdmin.getTenant, get, metadata: metadata)
        }
        #expect(gone?.code == .notFound)
    }

    @Test("Suspension and revocation take effect on all three services within the 5 s cache")
    func suspensionAndRevocation() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let tenant = try await deployment.createTenant("watched")
        let key = try await deployment.createKey(tenant.id)
        let spare = try await deployment.createKey(tenant.id)
        var clients: [TandemServer: GRPCClient] = [:]
        for server in TandemServer.allCases {
            clients[server] = try deployment.client(server)
            // Served, and now cached, everywhere.
            #expect(try await deployment.whoAmI(server, key: key.secret, client: clients[server]).get() == tenant.id)
        }

        let (admin, metadata) = try deployment.admin()
        var suspend = AdminV1.SuspendTenantRequest()
        suspend.tenantID = tenant.id
        suspend.reason = "unpaid"
        let suspended = try await admin.unary(AdminV1.TenantAdmin.suspendTenant, suspend, metadata: metadata).tenant
        #expect(suspended?.state == .suspended && suspended?.suspensionReason == "unpaid")
        for server in TandemServer.allCases {
            let (code, elapsed) = await Self.firstFailure(deployment, server, key.secret, clients[server]!)
            #expect(code == .permissionDenied, "\(server)")
            #expect(elapsed < .seconds(6), "\(server) took \(elapsed) (cache 5 s)")
        }

        var resume = AdminV1.ResumeTenantRequest()
        resume.tenantID = tenant.id
        _ = try await admin.unary(AdminV1.TenantAdmin.resumeTenant, resume, metadata: metadata)
        // Resumed: the spare key (never cached as suspended) works at once.
        for server in TandemServer.allCases {
            #expect(try await deployment.whoAmI(server, key: spare.secret, client: clients[server]).get() == tenant.id)
        }

        var revoke = AdminV1.RevokeApiKeyRequest()
        revoke.apiKeyID = spare.id
        let revoked = try await admin.unary(AdminV1.TenantAdmin.revokeApiKey, revoke, metadata: metadata).apiKey
        #expect(revoked?.revoked == true)
        for server in TandemServer.allCases {
            let (code, elapsed) = await Self.firstFailure(deployment, server, spare.secret, clients[server]!)
            #expect(code == .unauthenticated, "\(server)")
            #expect(elapsed < .seconds(6), "\(server) took \(elapsed) (cache 5 s)")
        }
    }

    /// The result of a call, its error included.
    static func outcome<T>(_ call: () async throws(RPCError) -> T) async -> Result<T, RPCError> {
        do {
            return .success(try await call())
        } catch {
            return .failure(error)
        }
    }

    /// Calls WhoAmI every 100 ms until it fails; the code and how long that took.
    static func firstFailure(_ deployment: Deployment, _ server: TandemServer, _ key: String, _ client: GRPCClient) async
        -> (Status.Code?, Duration)
    {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(15) {
            if case .failure(let error) = await deployment.whoAmI(server, key: key, client: client) {
                return (error.code, ContinuousClock.now - start)
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return (nil, ContinuousClock.now - start)
    }

    @Test("Credentials: unknown keys, missing scopes, the administrator token and the service token each reach only what they may")
    func credentials() async throws {
        let deployment = try await Deployment.start(rateLimit: .init(ratePerSecond: 1, burst: 5))
        defer { Task { await deployment.shutdown() } }
        let tenant = try await deployment.createTenant("creds")
        let writeOnly = try await deployment.createKey(tenant.id, scopes: [.write])
        let client = try deployment.client(.tasks)

        for (token, code) in [
            ("tdm_unknown", Status.Code.unauthenticated), (writeOnly.secret, .permissionDenied),
            (Deployment.adminToken, .permissionDenied),
        ] {
            guard case .failure(let error) = await deployment.whoAmI(.tasks, key: token, client: client) else {
                Issue.record("\(code) expected")
                continue
            }
            #expect(error.code == code, "\(error)")
        }
        // No credential at all.
        await #expect(throws: RPCError.self) {
            _ = try await client.unary(Deployment.whoAmI, .init())
        }
        // The service token names its tenant in x-tandem-tenant; without one it is refused.
        var service = Deployment.bearer(Deployment.serviceToken)
        let missing = await #expect(throws: RPCError.self) {
            _ = try await client.unary(Deployment.whoAmI, .init(), metadata: service)
        }
        #expect(missing?.code == .invalidArgument)
        try service.add("x-tandem-tenant", .string(tenant.id))
        #expect(try await client.unary(Deployment.whoAmI, .init(), metadata: service).tenantID == tenant.id)
        // x-tandem-tenant on an API key is ignored: the key's own tenant counts.
        let other = try await deployment.createTenant("creds-other")
        let readKey = try await deployment.createKey(other.id, scopes: [.read])
        var spoof = Deployment.bearer(readKey.secret)
        try spoof.add("x-tandem-tenant", .string(tenant.id))
        #expect(try await client.unary(Deployment.whoAmI, .init(), metadata: spoof).tenantID == other.id)

        // A tenant over its rate limit (burst 5, 1 per second) is told to slow down.
        var codes: [Status.Code] = []
        for _ in 0..<12 {
            if case .failure(let error) = await deployment.whoAmI(.tasks, key: readKey.secret, client: client) { codes.append(error.code) }
        }
        #expect(codes.contains(.resourceExhausted), "\(codes)")
    }
}
