public import TandemPostgres
public import TandemRPC

/// A service's PostgreSQL clusters by name, each with its pool. Every tenant's rows live on one
/// of them (the directory says which); a service sends each tenant's queries there.
public struct ClusterSet: Sendable {
    /// Names in configuration order; the first is the default.
    public let names: [String]
    private let pools: [String: PostgresPool]

    public init(_ pools: [(name: String, pool: PostgresPool)]) {
        precondition(!pools.isEmpty, "a service needs at least one cluster")
        self.names = pools.map(\.name)
        self.pools = Dictionary(uniqueKeysWithValues: pools.map { ($0.name, $0.pool) })
    }

    /// The pool of cluster `name`; INVALID_ARGUMENT naming `field` when it is not configured here.
    public func pool(_ name: String, field: String = "cluster") throws(RPCError) -> PostgresPool {
        guard let pool = pools[name] else {
            throw .invalidArgument(
                field: field, "unknown cluster \"\(name)\"; this service has \(names.joined(separator: ", "))")
        }
        return pool
    }

    public var all: [(name: String, pool: PostgresPool)] { names.map { ($0, pools[$0]!) } }

    public func close() {
        pools.values.forEach { $0.close() }
    }
}
