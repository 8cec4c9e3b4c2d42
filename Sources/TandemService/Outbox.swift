public import TandemPostgres
public import TandemSchema

/// Writes events into the outbox in the caller's transaction, with one queue entry per
/// subscriber, and wakes the relay when the transaction commits.
public struct Outbox: Sendable {
    /// The LISTEN/NOTIFY channel that wakes the relay.
    public static let channel = "tandem_outbox"
    /// Who receives every event (`notify`, `projects`, or a name a test gives). Without
    /// subscribers nothing is written: there is no one to deliver to.
    public let subscribers: [String]

    public init(subscribers: [String]) {
        self.subscribers = subscribers
    }

    /// The statements that record `events` for `tenantID`; run them inside the change's transaction.
    public func queries(_ events: [CommonV1.Event], tenantID: String) -> [PostgresQuery] {
        guard !events.isEmpty, !subscribers.isEmpty else { return [] }
        let ids = events.map(\.id)
        let bodies = events.map { PostgresBytes($0.serializedBytes()).postgresText ?? "" }
        return [
            """
            INSERT INTO outbox (tenant_id, event_id, event)
            SELECT \(tenantID)::uuid, e.id, e.body FROM unnest(\(ids)::uuid[], \(bodies)::bytea[]) AS e(id, body)
            """,
            """
            INSERT INTO outbox_queue (subscriber, tenant_id, event_id)
            SELECT s, \(tenantID)::uuid, e FROM unnest(\(subscribers)::text[]) AS s, unnest(\(ids)::uuid[]) AS e
            """,
            "SELECT pg_notify('tandem_outbox', '')",
        ]
    }

    /// Writes `events` in the transaction running on `connection`; the statements go out with its
    /// `COMMIT`, in the same round trip.
    public func write(_ events: [CommonV1.Event], tenantID: String, on connection: PostgresConnection) throws(PostgresError) {
        for query in queries(events, tenantID: tenantID) { try connection.sendWithCommit(query) }
    }
}
