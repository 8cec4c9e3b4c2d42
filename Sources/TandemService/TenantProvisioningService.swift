public import Logging
public import TandemPostgres
public import TandemRPC
public import TandemSchema

/// `tandem.admin.v1.TenantProvisioning` for one service: prepares, removes and exports a
/// tenant's rows on the cluster the directory placed it on. Service credential only.
public struct TenantProvisioningService: RPCService {
    /// Reads the records of one kind of the tenant for ExportTenantData (on a tenant transaction).
    public typealias Exporter = @Sendable (PostgresConnection) throws -> [AdminV1.ExportRecord]

    let clusters: ClusterSet
    let source: String
    let exporters: [Exporter]
    let logger: Logger

    /// - Parameters:
    ///   - source: The service's name, as export records give it (`tandem-tasks`).
    ///   - exporters: One per kind of record the service holds, in export order.
    public init(clusters: ClusterSet, source: String, exporters: [Exporter] = [], logger: Logger) {
        self.clusters = clusters
        self.source = source
        self.exporters = exporters
        self.logger = logger
    }

    public var methods: [ServiceMethod] {
        [
            .unary(AdminV1.TenantProvisioning.provisionTenant) { request, _ in try await provision(request) },
            .unary(AdminV1.TenantProvisioning.deprovisionTenant) { request, _ in try await deprovision(request) },
            .serverStreaming(AdminV1.TenantProvisioning.exportTenantData) { request, writer, _ in
                try await export(request, writer)
            },
        ]
    }

    public func provision(_ request: AdminV1.ProvisionTenantRequest) async throws -> AdminV1.ProvisionTenantResponse {
        try Self.validateTenantID(request.tenantID)
        let pool = try clusters.pool(request.cluster)
        let timeZone = request.timeZone.isEmpty ? "UTC" : request.timeZone
        try await withDatabaseErrors(logger: logger) {
            _ = try await pool.pipelineTransaction(
                tenant: TenantScope(request.tenantID),
                [
                    """
                    INSERT INTO tenants (tenant_id, slug, time_zone) VALUES (\(request.tenantID), \(request.slug), \(timeZone))
                    ON CONFLICT (tenant_id) DO UPDATE SET slug = excluded.slug, time_zone = excluded.time_zone
                    """
                ])
        }
        return AdminV1.ProvisionTenantResponse()
    }

    public func deprovision(_ request: AdminV1.DeprovisionTenantRequest) async throws -> AdminV1.DeprovisionTenantResponse {
        try Self.validateTenantID(request.tenantID)
        let pool = try clusters.pool(request.cluster)
        let deleted = try await withDatabaseErrors(logger: logger) {
            try await pool.transaction(tenant: TenantScope(request.tenantID)) { connection in
                var deleted: Int64 = 0
                for table in try TenantTables.deletionOrder(on: connection) {
                    // Row-level security limits this to the tenant already; the WHERE keeps it so
                    // under a role that bypasses it.
                    deleted += Int64(
                        try connection.query("DELETE FROM \(identifier: table) WHERE tenant_id = \(request.tenantID)::uuid")
                            .affectedRows)
                }
                return deleted
            }
        }
        logger.info("tenant deprovisioned", metadata: ["tenant": "\(request.tenantID)", "rows": "\(deleted)"])
        var response = AdminV1.DeprovisionTenantResponse()
        response.rowsDeleted = deleted
        return response
    }

    /// Every record of the tenant here, in batches of at most 100, read in one snapshot.
    public func exportBatches(_ request: AdminV1.ExportTenantDataRequest) async throws -> [AdminV1.ExportTenantDataResponse] {
        try Self.validateTenantID(request.tenantID)
        let pool = try clusters.pool(request.cluster)
        let exporters = self.exporters
        let records = try await withDatabaseErrors(logger: logger) {
            try await pool.transaction(tenant: TenantScope(request.tenantID), isolation: .repeatableRead, readOnly: true) {
                connection in
                var records: [AdminV1.ExportRecord] = []
                for exporter in exporters { records += try exporter(connection) }
                return records
            }
        }
        var batches: [AdminV1.ExportTenantDataResponse] = []
        var index = 0
        while index < records.count {
            var batch = AdminV1.ExportTenantDataResponse()
            batch.records = records[index..<min(index + 100, records.count)].map { record in
                var record = record
                record.source = source
                return record
            }
            batches.append(batch)
            index += 100
        }
        return batches
    }

    func export(_ request: AdminV1.ExportTenantDataRequest, _ writer: ResponseWriter<AdminV1.ExportTenantDataResponse>) async throws {
        for batch in try await exportBatches(request) { try await writer.write(batch) }
    }

    static func validateTenantID(_ id: String) throws(RPCError) {
        guard Identifiers.isUUID(id) else { throw .invalidArgument(field: "tenant_id", "not a tenant id (a UUID)") }
    }
}

/// The tenant tables of a database, read from its catalog: every table in `public` with a
/// `tenant_id` column that is not marked `tandem:global`.
public enum TenantTables {
    /// Every tenant table, those that others refer to after those that refer to them, so that
    /// deleting in this order never trips a foreign key.
    public static func deletionOrder(on connection: PostgresConnection) throws(PostgresError) -> [String] {
        var tables: [String] = []
        for row in try connection.query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE 'tandem:global%'
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            ORDER BY c.relname
            """
        ).rows {
            tables.append(try row.decode(String.self, at: 0))
        }
        var edges: [(String, String)] = []
        for row in try connection.query(
            """
            SELECT child.relname, parent.relname
            FROM pg_constraint con
            JOIN pg_class child ON child.oid = con.conrelid
            JOIN pg_class parent ON parent.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            WHERE con.contype = 'f' AND n.nspname = 'public' AND con.conrelid <> con.confrelid
            """
        ).rows {
            edges.append((try row.decode(String.self, at: 0), try row.decode(String.self, at: 1)))
        }
        // Repeatedly take the tables no remaining table refers to.
        var remaining = tables
        var order: [String] = []
        while !remaining.isEmpty {
            let referenced = Set(edges.filter { remaining.contains($0.0) }.map(\.1))
            let free = remaining.filter { !referenced.contains($0) }
            let next = free.isEmpty ? remaining : free  // a cycle: the foreign keys decide
            order += next
            remaining.removeAll { next.contains($0) }
        }
        return order
    }
}
