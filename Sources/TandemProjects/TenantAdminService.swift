import Foundation
public import Logging
import TandemPostgres
public import TandemRPC
import TandemSchema
public import TandemService

/// `tandem.admin.v1.TenantAdmin`: the administrator's view of tenants, their placement and their
/// API keys. Creating and deleting a tenant reach every service through its
/// `TenantProvisioning`; both are resumable, so a retry after any failure finishes the work.
public struct TenantAdminService: RPCService {
    let store: TenantDirectoryStore
    /// Where new tenants may be placed, in configuration order (every service has the same names).
    let clusters: [String]
    let provisioners: [any TenantProvisioner]
    let pageTokens: PageTokenCodec
    let logger: Logger

    public init(
        store: TenantDirectoryStore, clusters: [String], provisioners: [any TenantProvisioner], pageTokens: PageTokenCodec,
        logger: Logger
    ) {
        precondition(!clusters.isEmpty)
        self.store = store
        self.clusters = clusters
        self.provisioners = provisioners
        self.pageTokens = pageTokens
        self.logger = logger
    }

    public var methods: [ServiceMethod] {
        [
            .unary(AdminV1.TenantAdmin.createTenant) { request, _ in try await createTenant(request) },
            .unary(AdminV1.TenantAdmin.getTenant) { request, _ in
                var response = AdminV1.GetTenantResponse()
                response.tenant = try await tenant(id: request.id).tenant
                return response
            },
            .unary(AdminV1.TenantAdmin.listTenants) { request, _ in try await listTenants(request) },
            .unary(AdminV1.TenantAdmin.updateTenant) { request, _ in try await updateTenant(request) },
            .unary(AdminV1.TenantAdmin.suspendTenant) { request, _ in
                var response = AdminV1.SuspendTenantResponse()
                response.tenant = try await changeState(
                    id: request.tenantID, to: "suspended", reason: request.reason, expectedVersion: request.expectedVersion)
                return response
            },
            .unary(AdminV1.TenantAdmin.resumeTenant) { request, _ in
                var response = AdminV1.ResumeTenantResponse()
                response.tenant = try await changeState(
                    id: request.tenantID, to: "active", reason: "", expectedVersion: request.expectedVersion)
                return response
            },
            .unary(AdminV1.TenantAdmin.deleteTenant) { request, _ in try await deleteTenant(request) },
            .unary(AdminV1.TenantAdmin.createApiKey) { request, _ in try await createApiKey(request) },
            .unary(AdminV1.TenantAdmin.listApiKeys) { request, _ in try await listApiKeys(request) },
            .unary(AdminV1.TenantAdmin.revokeApiKey) { request, _ in try await revokeApiKey(request) },
            .serverStreaming(AdminV1.TenantAdmin.exportTenant) { request, writer, _ in
                try await exportTenant(request, writer)
            },
        ]
    }

    private func database<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withDatabaseErrors(logger: logger, body)
    }

    // MARK: - Tenants

    static let slugPattern = try! NSRegularExpression(pattern: "^[a-z][a-z0-9-]{1,61}[a-z0-9]$")

    static func validateSlug(_ slug: String) throws(RPCError) {
        let range = NSRange(slug.startIndex..., in: slug)
        guard slug.utf8.count <= 63, slugPattern.firstMatch(in: slug, range: range) != nil else {
            throw .invalidArgument(
                field: "slug",
                "must be 3 to 63 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen")
        }
    }

    static func validateDisplayName(_ name: String) throws(RPCError) {
        guard !name.isEmpty, name.count <= 200 else {
            throw .invalidArgument(field: "display_name", "must be 1 to 200 characters")
        }
    }

    static func validateTimeZone(_ zone: String) throws(RPCError) -> String {
        if zone.isEmpty { return "UTC" }
        guard zone.count <= 64, TimeZone(identifier: zone) != nil else {
            throw .invalidArgument(field: "time_zone", "\"\(zone)\" is not an IANA time zone name")
        }
        return zone
    }

    static func validateRequestID(_ id: String) throws(RPCError) -> String? {
        if id.isEmpty { return nil }
        guard id.count <= 200 else { throw .invalidArgument(field: "request_id", "at most 200 characters") }
        return id
    }

    func createTenant(_ request: AdminV1.CreateTenantRequest) async throws -> AdminV1.CreateTenantResponse {
        try Self.validateSlug(request.slug)
        try Self.validateDisplayName(request.displayName)
        let timeZone = try Self.validateTimeZone(request.timeZone)
        let requestID = try Self.validateRequestID(request.requestID)
        if !request.cluster.isEmpty, !clusters.contains(request.cluster) {
            throw RPCError.invalidArgument(
                field: "cluster", "unknown cluster \"\(request.cluster)\"; configured: \(clusters.joined(separator: ", "))")
        }

        let row = try await findOrInsert(request, timeZone: timeZone, requestID: requestID)
        var response = AdminV1.CreateTenantResponse()
        response.tenant = row.tenant.state == .provisioning ? try await finishProvisioning(row.tenant) : row.tenant
        return response
    }

    /// The tenant this request creates: one already made by the same request (or still
    /// provisioning under the same slug), or a new row in state provisioning.
    private func findOrInsert(_ request: AdminV1.CreateTenantRequest, timeZone: String, requestID: String?) async throws
        -> TenantDirectoryStore.TenantRow
    {
        let clusters = self.clusters
        let id = Identifiers.uuidV7()
        return try await database {
            try await store.pool.transaction(tenant: nil) { connection in
                // Serialise creations: the least-loaded cluster is read and used in one step.
                try connection.query("SELECT pg_advisory_xact_lock(hashtext('tandem.directory.create'))")
                var existing: TenantDirectoryStore.TenantRow?
                if let requestID {
                    existing = try connection.query(
                        "SELECT \(sql: TenantDirectoryStore.tenantColumns) FROM directory_tenants WHERE request_id = \(requestID)"
                    ).first.map(TenantDirectoryStore.tenantRow)
                    if let found = existing, found.tenant.slug != request.slug {
                        throw RPCError(
                            code: .alreadyExists,
                            message: "request_id \(requestID) already created tenant \(found.tenant.slug), not \(request.slug)")
                    }
                }
                if existing == nil {
                    existing = try connection.query(
                        "SELECT \(sql: TenantDirectoryStore.tenantColumns) FROM directory_tenants WHERE slug = \(request.slug)"
                    ).first.map(TenantDirectoryStore.tenantRow)
                    if let found = existing, found.tenant.state != .provisioning {
                        throw RPCError(code: .alreadyExists, message: "a tenant with slug \(request.slug) already exists")
                    }
                }
                if let existing { return existing }

                var cluster = request.cluster
                if cluster.isEmpty {
                    var counts = Dictionary(uniqueKeysWithValues: clusters.map { ($0, 0) })
                    for row in try connection.query(
                        "SELECT cluster, count(*) FROM directory_tenants WHERE state <> 'deleting' GROUP BY cluster"
                    ).rows {
                        let name = try row.decode(String.self, at: 0)
                        if counts[name] != nil { counts[name] = try row.decode(Int.self, at: 1) }
                    }
                    cluster = clusters.min { counts[$0]! < counts[$1]! }!
                }
                let inserted = try connection.query(
                    """
                    INSERT INTO directory_tenants (id, slug, display_name, state, state_detail, cluster, time_zone, request_id)
                    VALUES (\(id), \(request.slug), \(request.displayName), 'provisioning', 'waiting for every service',
                            \(cluster), \(timeZone), \(requestID))
                    RETURNING \(sql: TenantDirectoryStore.tenantColumns)
                    """)
                return try TenantDirectoryStore.tenantRow(inserted.first!)
            }
        }
    }

    /// Provisions `tenant` in every service (each call is idempotent), then makes it active.
    static func provisionRequest(_ tenant: AdminV1.Tenant) -> AdminV1.ProvisionTenantRequest {
        var request = AdminV1.ProvisionTenantRequest()
        request.tenantID = tenant.id
        request.slug = tenant.slug
        request.timeZone = tenant.timeZone
        request.cluster = tenant.cluster
        return request
    }

    private func finishProvisioning(_ tenant: AdminV1.Tenant) async throws -> AdminV1.Tenant {
        let request = Self.provisionRequest(tenant)
        for provisioner in provisioners {
            do {
                try await provisioner.provision(request)
            } catch {
                logger.warning(
                    "tenant provisioning incomplete",
                    metadata: ["tenant": "\(tenant.id)", "service": "\(provisioner.serviceName)", "error": "\(error)"])
                let detail = "waiting for \(provisioner.serviceName)"
                _ = try? await database {
                    try await store.pool.transaction(tenant: nil) { connection in
                        try connection.query(
                            "UPDATE directory_tenants SET state_detail = \(detail) WHERE id = \(tenant.id)::uuid AND state = 'provisioning'")
                    }
                }
                throw RPCError(
                    code: .unavailable,
                    message: "\(provisioner.serviceName) could not be provisioned yet; the tenant stays PROVISIONING: retry CreateTenant")
            }
        }
        return try await database {
            try await store.pool.transaction(tenant: nil) { connection in
                let updated = try connection.query(
                    """
                    UPDATE directory_tenants
                    SET state = 'active', state_detail = '', version = version + 1, updated_at = now()
                    WHERE id = \(tenant.id)::uuid AND state = 'provisioning'
                    RETURNING \(sql: TenantDirectoryStore.tenantColumns)
                    """)
                if let row = updated.first { return try TenantDirectoryStore.tenantRow(row).tenant }
                // Another retry finished first, or the tenant is being (or was) deleted meanwhile.
                guard
                    let row = try connection.query(
                        "SELECT \(sql: TenantDirectoryStore.tenantColumns) FROM directory_tenants WHERE id = \(tenant.id)::uuid"
                    ).first
                else { throw RPCError(code: .notFound, message: "tenant \(tenant.id) was deleted meanwhile") }
                let current = try TenantDirectoryStore.tenantRow(row).tenant
                guard current.state != .deleting else {
                    throw RPCError(code: .failedPrecondition, message: "tenant \(tenant.id) is being deleted")
                }
                return current
            }
        }
    }

    func tenant(id: String) async throws -> TenantDirectoryStore.TenantRow {
        guard Identifiers.isUUID(id) else { throw RPCError(code: .notFound, message: "tenant \(id) not found") }
        let row = try await database {
            try await store.pool.transaction(tenant: nil, readOnly: true) { connection in
                try connection.query(
                    "SELECT \(sql: TenantDirectoryStore.tenantColumns) FROM directory_tenants WHERE id = \(id)::uuid"
                ).first.map(TenantDirectoryStore.tenantRow)
            }
        }
        guard let row else { throw RPCError(code: .notFound, message: "tenant \(id) not found") }
        return row
    }

    func listTenants(_ request: AdminV1.ListTenantsRequest) async throws -> AdminV1.ListTenantsResponse {
        let size = try pageSize(request.pageSize)
        var states: [String] = []
        for (index, state) in request.states.enumerated() {
            guard let name = TenantStates.name(state) else {
                throw RPCError.invalidArgument(field: "states[\(index)]", "unknown tenant state \(state.rawValue)")
            }
            states.append(name)
        }
        states = Array(Set(states)).sorted()
        let binding = "tenants|\(states.joined(separator: ","))|\(request.slug)|\(request.cluster)"
        let after = try keysetPosition(request.pageToken, binding: binding)
        var query: PostgresQuery = "SELECT \(sql: TenantDirectoryStore.tenantColumns) FROM directory_tenants WHERE true"
        if !states.isEmpty { query.append(" AND state = ANY(\(states)::text[])") }
        if !request.slug.isEmpty { query.append(" AND slug = \(request.slug)") }
        if !request.cluster.isEmpty { query.append(" AND cluster = \(request.cluster)") }
        if let after {
            query.append(" AND (created_at, id) > (\(PostgresTimestamp(microsecondsSinceEpoch: after.0))::timestamptz, \(after.1)::uuid)")
        }
        let page = try await listPage(
            query, size: size, binding: binding, decode: TenantDirectoryStore.tenantRow,
            position: { [String($0.createdMicros), $0.tenant.id] })
        var response = AdminV1.ListTenantsResponse()
        response.tenants = page.rows.map(\.tenant)
        response.nextPageToken = page.nextPageToken
        return response
    }

    /// The (created_at, id) position a page token carries, or nil for the first page.
    private func keysetPosition(_ token: String, binding: String) throws(RPCError) -> (Int64, String)? {
        if token.isEmpty { return nil }
        let position = try pageTokens.decode(token, binding: binding, fields: 2)
        guard let micros = Int64(position[0]), Identifiers.isUUID(position[1]) else {
            throw RPCError.invalidArgument(field: "page_token", "not a page token of this list")
        }
        return (micros, position[1])
    }

    /// Runs a list query (ordered by created_at, id) for one page: `size` rows and the token of
    /// the next page, if there is one.
    private func listPage<Row: Sendable>(
        _ query: PostgresQuery, size: Int, binding: String,
        decode: @escaping @Sendable (PostgresRow) throws(PostgresError) -> Row, position: (Row) -> [String]
    ) async throws -> (rows: [Row], nextPageToken: String) {
        var query = query
        query.append(" ORDER BY created_at, id LIMIT \(size + 1)")
        let finalQuery = query
        let rows = try await database {
            try await store.pool.transaction(tenant: nil, readOnly: true) { connection in
                var rows: [Row] = []
                for row in try connection.query(finalQuery).rows { rows.append(try decode(row)) }
                return rows
            }
        }
        guard rows.count > size else { return (rows, "") }
        let page = Array(rows.prefix(size))
        return (page, pageTokens.encode(position: position(page[size - 1]), binding: binding))
    }

    func updateTenant(_ request: AdminV1.UpdateTenantRequest) async throws -> AdminV1.UpdateTenantResponse {
        let paths = request.updateMask?.paths ?? []
        guard !paths.isEmpty else { throw RPCError.invalidArgument(field: "update_mask", "names no field") }
        var displayName: String?
        var timeZone: String?
        for path in paths {
            switch path {
            case "display_name":
                try Self.validateDisplayName(request.tenant?.displayName ?? "")
                displayName = request.tenant?.displayName
            case "time_zone":
                timeZone = try Self.validateTimeZone(request.tenant?.timeZone ?? "")
            default:
                throw RPCError.invalidArgument(
                    field: "update_mask", "\"\(path)\" is not an updatable path (display_name, time_zone)")
            }
        }
        let id = request.tenant?.id ?? ""
        let (newDisplayName, newTimeZone) = (displayName, timeZone)
        let current = try await tenant(id: id)
        if current.tenant.state == .deleting {
            throw RPCError(code: .failedPrecondition, message: "tenant \(id) is being deleted")
        }
        let expected = request.expectedVersion
        let updated = try await database {
            try await store.pool.transaction(tenant: nil) { connection in
                let result = try connection.query(
                    """
                    UPDATE directory_tenants
                    SET display_name = coalesce(\(newDisplayName), display_name), time_zone = coalesce(\(newTimeZone), time_zone),
                        version = version + 1, updated_at = now()
                    WHERE id = \(id)::uuid AND (\(expected)::bigint = 0 OR version = \(expected)::bigint) AND state <> 'deleting'
                    RETURNING \(sql: TenantDirectoryStore.tenantColumns)
                    """)
                return try result.first.map(TenantDirectoryStore.tenantRow)
            }
        }
        guard let updated else {
            throw RPCError(code: .aborted, message: "tenant \(id) changed since version \(expected); read it again")
        }
        if timeZone != nil, updated.tenant.state != .provisioning {
            // Each service keeps the tenant's zone beside its rows: provisioning again updates it.
            _ = try await finishProvisioningAgain(updated.tenant)
        }
        var response = AdminV1.UpdateTenantResponse()
        response.tenant = updated.tenant
        return response
    }

    private func finishProvisioningAgain(_ tenant: AdminV1.Tenant) async throws {
        let request = Self.provisionRequest(tenant)
        for provisioner in provisioners {
            do {
                try await provisioner.provision(request)
            } catch {
                throw RPCError(
                    code: .unavailable,
                    message: "the change is saved, but \(provisioner.serviceName) has not applied it yet: repeat the update")
            }
        }
    }

    func changeState(id: String, to target: String, reason: String, expectedVersion: Int64) async throws -> AdminV1.Tenant {
        guard reason.count <= 500 else { throw RPCError.invalidArgument(field: "reason", "at most 500 characters") }
        let current = try await tenant(id: id)
        let targetState = TenantStates.state(target)
        if current.tenant.state == targetState { return current.tenant }
        let from = target == "suspended" ? "active" : "suspended"
        guard TenantStates.name(current.tenant.state) == from else {
            throw RPCError(
                code: .failedPrecondition,
                message: "tenant \(id) is \(TenantStates.name(current.tenant.state) ?? "unknown"); only a \(from) tenant can become \(target)")
        }
        let updated = try await database {
            try await store.pool.transaction(tenant: nil) { connection in
                try connection.query(
                    """
                    UPDATE directory_tenants
                    SET state = \(target), suspension_reason = \(reason), version = version + 1, updated_at = now()
                    WHERE id = \(id)::uuid AND state = \(from) AND (\(expectedVersion)::bigint = 0 OR version = \(expectedVersion)::bigint)
                    RETURNING \(sql: TenantDirectoryStore.tenantColumns)
                    """
                ).first.map(TenantDirectoryStore.tenantRow)
            }
        }
        guard let updated else {
            throw RPCError(code: .aborted, message: "tenant \(id) changed since version \(expectedVersion); read it again")
        }
        logger.info("tenant state changed", metadata: ["tenant": "\(id)", "state": "\(target)"])
        return updated.tenant
    }

    func deleteTenant(_ request: AdminV1.DeleteTenantRequest) async throws -> AdminV1.DeleteTenantResponse {
        let current = try await tenant(id: request.id)
        var tenant = current.tenant
        let tenantID = tenant.id
        if tenant.state != .deleting {
            let expected = request.expectedVersion
            let marked = try await database {
                try await store.pool.transaction(tenant: nil) { connection in
                    try connection.query(
                        """
                        UPDATE directory_tenants
                        SET state = 'deleting', state_detail = 'removing its rows', version = version + 1, updated_at = now()
                        WHERE id = \(tenantID)::uuid AND (\(expected)::bigint = 0 OR version = \(expected)::bigint)
                        RETURNING \(sql: TenantDirectoryStore.tenantColumns)
                        """
                    ).first.map(TenantDirectoryStore.tenantRow)
                }
            }
            guard let marked else {
                throw RPCError(code: .aborted, message: "tenant \(tenant.id) changed since version \(expected); read it again")
            }
            tenant = marked.tenant
        }
        var deprovision = AdminV1.DeprovisionTenantRequest()
        deprovision.tenantID = tenant.id
        deprovision.cluster = tenant.cluster
        var rows: Int64 = 0
        for provisioner in provisioners {
            do {
                rows += try await provisioner.deprovision(deprovision)
            } catch {
                logger.warning(
                    "tenant deletion incomplete",
                    metadata: ["tenant": "\(tenant.id)", "service": "\(provisioner.serviceName)", "error": "\(error)"])
                throw RPCError(
                    code: .unavailable,
                    message: "\(provisioner.serviceName) could not be cleared yet; the tenant stays DELETING: retry DeleteTenant")
            }
        }
        _ = try await database {
            try await store.pool.transaction(tenant: nil) { connection in
                try connection.query("DELETE FROM directory_tenants WHERE id = \(tenantID)::uuid AND state = 'deleting'")
            }
        }
        logger.info("tenant deleted", metadata: ["tenant": "\(tenant.id)", "rows": "\(rows)"])
        return AdminV1.DeleteTenantResponse()
    }

    // MARK: - API keys

    /// `tdm_` and 256 random bits in base64url: 47 characters.
    static func newSecret() -> String { "tdm_" + Crypto.base64URL(Crypto.randomBytes(32)) }
    static let prefixLength = 12

    func createApiKey(_ request: AdminV1.CreateApiKeyRequest) async throws -> AdminV1.CreateApiKeyResponse {
        guard !request.name.isEmpty, request.name.count <= 200 else {
            throw RPCError.invalidArgument(field: "name", "must be 1 to 200 characters")
        }
        guard !request.scopes.isEmpty else { throw RPCError.invalidArgument(field: "scopes", "name at least one scope") }
        var scopes: [String] = []
        for (index, scope) in request.scopes.enumerated() {
            guard let name = ScopeNames.name(scope) else {
                throw RPCError.invalidArgument(field: "scopes[\(index)]", "must be SCOPE_READ or SCOPE_WRITE")
            }
            if !scopes.contains(name) { scopes.append(name) }
        }
        let requestID = try Self.validateRequestID(request.requestID)
        let keyScopes = scopes
        let tenant = try await tenant(id: request.tenantID).tenant
        guard tenant.state != .deleting else {
            throw RPCError(code: .failedPrecondition, message: "tenant \(tenant.id) is being deleted")
        }
        let secret = Self.newSecret()
        let hash = PostgresBytes(Crypto.sha256(Array(secret.utf8)))
        let prefix = String(secret.prefix(Self.prefixLength))
        let id = Identifiers.uuidV7()
        let (key, isNew) = try await database {
            try await store.pool.transaction(tenant: nil) { connection in
                if let requestID,
                    let existing = try connection.query(
                        "SELECT \(sql: TenantDirectoryStore.keyColumns) FROM api_keys WHERE tenant_id = \(tenant.id)::uuid AND request_id = \(requestID)"
                    ).first
                {
                    return (try TenantDirectoryStore.apiKey(existing).key, false)
                }
                let row = try connection.query(
                    """
                    INSERT INTO api_keys (id, tenant_id, name, scopes, prefix, key_hash, request_id)
                    VALUES (\(id), \(tenant.id)::uuid, \(request.name), \(keyScopes)::text[], \(prefix), \(hash), \(requestID))
                    RETURNING \(sql: TenantDirectoryStore.keyColumns)
                    """
                ).first!
                return (try TenantDirectoryStore.apiKey(row).key, true)
            }
        }
        logger.info("api key created", metadata: ["tenant": "\(tenant.id)", "api_key": "\(key.id)"])
        var response = AdminV1.CreateApiKeyResponse()
        response.apiKey = key
        response.secret = isNew ? secret : ""
        return response
    }

    func listApiKeys(_ request: AdminV1.ListApiKeysRequest) async throws -> AdminV1.ListApiKeysResponse {
        let size = try pageSize(request.pageSize)
        let tenant = try await tenant(id: request.tenantID).tenant
        let binding = "api_keys|\(tenant.id)|\(request.includeRevoked)"
        var query: PostgresQuery =
            "SELECT \(sql: TenantDirectoryStore.keyColumns) FROM api_keys WHERE tenant_id = \(tenant.id)::uuid"
        if !request.includeRevoked { query.append(" AND revoked_at IS NULL") }
        if let after = try keysetPosition(request.pageToken, binding: binding) {
            query.append(" AND (created_at, id) > (\(PostgresTimestamp(microsecondsSinceEpoch: after.0))::timestamptz, \(after.1)::uuid)")
        }
        let page = try await listPage(
            query, size: size, binding: binding, decode: TenantDirectoryStore.apiKey,
            position: { [String($0.createdMicros), $0.key.id] })
        var response = AdminV1.ListApiKeysResponse()
        response.apiKeys = page.rows.map(\.key)
        response.nextPageToken = page.nextPageToken
        return response
    }

    func revokeApiKey(_ request: AdminV1.RevokeApiKeyRequest) async throws -> AdminV1.RevokeApiKeyResponse {
        let id = request.apiKeyID
        guard Identifiers.isUUID(id) else { throw RPCError(code: .notFound, message: "API key \(id) not found") }
        let key = try await database {
            try await store.pool.transaction(tenant: nil) { connection in
                try connection.query(
                    """
                    UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = \(id)::uuid
                    RETURNING \(sql: TenantDirectoryStore.keyColumns)
                    """
                ).first.map { row throws(PostgresError) in try TenantDirectoryStore.apiKey(row).key }
            }
        }
        guard let key else { throw RPCError(code: .notFound, message: "API key \(id) not found") }
        logger.info("api key revoked", metadata: ["tenant": "\(key.tenantID)", "api_key": "\(id)"])
        var response = AdminV1.RevokeApiKeyResponse()
        response.apiKey = key
        return response
    }

    // MARK: - Export

    func exportTenant(_ request: AdminV1.ExportTenantRequest, _ writer: ResponseWriter<AdminV1.ExportTenantResponse>) async throws {
        let tenant = try await tenant(id: request.tenantID).tenant
        guard tenant.state == .active || tenant.state == .suspended else {
            throw RPCError(
                code: .failedPrecondition, message: "tenant \(tenant.id) is \(TenantStates.name(tenant.state) ?? "unknown")")
        }
        let keys = try await database {
            try await store.pool.transaction(tenant: nil, readOnly: true) { connection in
                var keys: [AdminV1.ApiKey] = []
                for row in try connection.query(
                    "SELECT \(sql: TenantDirectoryStore.keyColumns) FROM api_keys WHERE tenant_id = \(tenant.id)::uuid ORDER BY created_at, id"
                ).rows {
                    keys.append(try TenantDirectoryStore.apiKey(row).key)
                }
                return keys
            }
        }
        var first = AdminV1.ExportTenantResponse()
        var tenantRecord = AdminV1.ExportRecord()
        tenantRecord.source = "tandem-projects"
        tenantRecord.record = .tenant(tenant)
        first.records.append(tenantRecord)
        for key in keys {
            var record = AdminV1.ExportRecord()
            record.source = "tandem-projects"
            record.record = .apiKey(key)
            first.records.append(record)
        }
        try await writer.write(first)
        var dataRequest = AdminV1.ExportTenantDataRequest()
        dataRequest.tenantID = tenant.id
        dataRequest.cluster = tenant.cluster
        for provisioner in provisioners {
            do {
                try await provisioner.export(dataRequest) { batch in
                    var response = AdminV1.ExportTenantResponse()
                    response.records = batch.records
                    try await writer.write(response)
                }
            } catch let error as RPCError where error.code != .unavailable {
                throw error
            } catch {
                throw RPCError(code: .unavailable, message: "\(provisioner.serviceName) could not be read; export again")
            }
        }
    }
}
