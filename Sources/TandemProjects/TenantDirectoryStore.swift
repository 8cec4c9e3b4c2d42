import Foundation
import Metrics
public import TandemPostgres
import TandemSchema
import TandemService

/// The directory's tables (`directory_tenants`, `api_keys`) on the directory cluster. They are
/// global: no tenant scope applies, and only tandem-projects reads them.
public struct TenantDirectoryStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let tenantColumns: StaticString = """
        id::text, slug, display_name, state, state_detail, cluster, time_zone, suspension_reason, version,
        created_at, updated_at, coalesce(request_id, '')
        """

    struct TenantRow: Sendable {
        var tenant: AdminV1.Tenant
        var requestID: String
        var createdMicros: Int64
    }

    static func tenantRow(_ row: PostgresRow) throws(PostgresError) -> TenantRow {
        var tenant = AdminV1.Tenant()
        tenant.id = try row.decode(String.self, at: 0)
        tenant.slug = try row.decode(String.self, at: 1)
        tenant.displayName = try row.decode(String.self, at: 2)
        tenant.state = TenantStates.state(try row.decode(String.self, at: 3))
        tenant.stateDetail = try row.decode(String.self, at: 4)
        tenant.cluster = try row.decode(String.self, at: 5)
        tenant.timeZone = try row.decode(String.self, at: 6)
        tenant.suspensionReason = try row.decode(String.self, at: 7)
        tenant.version = try row.decode(Int64.self, at: 8)
        let created = try row.decode(PostgresTimestamp.self, at: 9)
        tenant.createdAt = created.protobuf
        tenant.updatedAt = try row.decode(PostgresTimestamp.self, at: 10).protobuf
        return TenantRow(tenant: tenant, requestID: try row.decode(String.self, at: 11), createdMicros: created.microsecondsSinceEpoch)
    }

    static let keyColumns: StaticString = "id::text, tenant_id::text, name, scopes, prefix, created_at, revoked_at, coalesce(request_id, '')"

    static func apiKey(_ row: PostgresRow) throws(PostgresError) -> (key: AdminV1.ApiKey, createdMicros: Int64) {
        var key = AdminV1.ApiKey()
        key.id = try row.decode(String.self, at: 0)
        key.tenantID = try row.decode(String.self, at: 1)
        key.name = try row.decode(String.self, at: 2)
        key.scopes = ScopeNames.scopes(fromArray: try row.decode(String.self, at: 3))
        key.prefix = try row.decode(String.self, at: 4)
        let created = try row.decode(PostgresTimestamp.self, at: 5)
        key.createdAt = created.protobuf
        if let revoked = try row.decode(PostgresTimestamp?.self, at: 6) {
            key.revoked = true
            key.revokedAt = revoked.protobuf
        }
        return (key, created.microsecondsSinceEpoch)
    }
}

enum TenantStates {
    static func state(_ text: String) -> AdminV1.TenantState {
        switch text {
        case "provisioning": .provisioning
        case "active": .active
        case "suspended": .suspended
        case "deleting": .deleting
        default: .unspecified
        }
    }

    static func name(_ state: AdminV1.TenantState) -> String? {
        switch state {
        case .provisioning: "provisioning"
        case .active: "active"
        case .suspended: "suspended"
        case .deleting: "deleting"
        default: nil
        }
    }
}

enum ScopeNames {
    static func name(_ scope: AdminV1.Scope) -> String? {
        scope == .read ? "read" : scope == .write ? "write" : nil
    }

    /// `{read,write}` → scopes.
    static func scopes(fromArray text: String) -> [AdminV1.Scope] {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap {
            $0 == "read" ? .read : $0 == "write" ? .write : nil
        }
    }
}

extension TenantDirectoryStore {
    /// `tandem_tenants{cluster,state}`: the directory's tenants per cluster and state, every
    /// `interval` until cancelled (0 for a state a cluster has none in, so a gauge never keeps a
    /// stale count).
    public func recordTenantCounts(clusters: [String], every interval: Duration = .seconds(15)) async {
        let states = ["provisioning", "active", "suspended", "deleting"]
        while !Task.isCancelled {
            if let counts = try? await pool.transaction(tenant: nil, readOnly: true, { connection in
                try connection.query("SELECT cluster, state, count(*) FROM directory_tenants GROUP BY cluster, state").rows.map {
                    row throws(PostgresError) in
                    (try row.decode(String.self, at: 0), try row.decode(String.self, at: 1), try row.decode(Int.self, at: 2))
                }
            }) {
                var byKey: [String: Int] = [:]
                for (cluster, state, count) in counts { byKey["\(cluster)|\(state)"] = count }
                for cluster in Set(clusters + counts.map(\.0)) {
                    for state in states {
                        Gauge(label: "tandem_tenants", dimensions: [("cluster", cluster), ("state", state)])
                            .record(byKey["\(cluster)|\(state)"] ?? 0)
                    }
                }
            }
            try? await Task.sleep(for: interval)
        }
    }
}
