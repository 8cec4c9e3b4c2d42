import Foundation
import Metrics
public import Logging
public import TandemGRPC
public import TandemPostgres
import TandemRPC
public import TandemSchema

/// Somewhere the relay delivers events to.
public protocol EventSubscriber: Sendable {
    /// The name queue entries carry (`notify`, `projects`).
    var name: String { get }
    /// Delivers one tenant's events; throws when they were not (all) accepted.
    func deliver(_ events: [CommonV1.Event], tenantID: String) async throws
}

/// A Tandem server that takes events over gRPC with the service credential:
/// `NotificationService.Publish` on tandem-notify, `EventSink.DeliverEvents` elsewhere.
public struct GRPCEventSubscriber: EventSubscriber {
    public enum Endpoint: Sendable { case notificationService, eventSink }

    public let name: String
    let endpoint: Endpoint
    let client: GRPCClient
    let serviceToken: String
    let timeout: Duration

    public init(name: String, endpoint: Endpoint, client: GRPCClient, serviceToken: String, timeout: Duration = .seconds(10)) {
        self.name = name
        self.endpoint = endpoint
        self.client = client
        self.serviceToken = serviceToken
        self.timeout = timeout
    }

    public func deliver(_ events: [CommonV1.Event], tenantID: String) async throws {
        var metadata = Metadata()
        try metadata.add("authorization", .string("Bearer \(serviceToken)"))
        try metadata.add(Authenticator.tenantHeader, .string(tenantID))
        switch endpoint {
        case .notificationService:
            var request = NotifyV1.PublishRequest()
            request.events = events
            _ = try await client.unary(NotifyV1.NotificationService.publish, request, metadata: metadata, timeout: timeout)
        case .eventSink:
            var request = CommonV1.DeliverEventsRequest()
            request.events = events
            _ = try await client.unary(CommonV1.EventSink.deliverEvents, request, metadata: metadata, timeout: timeout)
        }
    }
}

/// Delivers the outbox to every subscriber, at least once.
///
/// Per cluster: claim up to `batchSize` queue entries of a subscriber with `FOR UPDATE SKIP
/// LOCKED`, leasing them for `lease` (so replicas share the work and a crashed replica's entries
/// come back); read the events in each tenant's transaction; deliver; delete the entries (and an
/// event once no subscriber needs it), or push them back with exponential backoff. Woken by
/// `LISTEN tandem_outbox`, with `pollInterval` as the fallback.
public final class EventRelay: Sendable {
    let clusters: ClusterSet
    let subscribers: [any EventSubscriber]
    let batchSize: Int
    let lease: Duration
    let pollInterval: Duration
    let logger: Logger

    public init(
        clusters: ClusterSet, subscribers: [any EventSubscriber], batchSize: Int = 100, lease: Duration = .seconds(30),
        pollInterval: Duration = .seconds(1), logger: Logger
    ) {
        self.clusters = clusters
        self.subscribers = subscribers
        self.batchSize = batchSize
        self.lease = lease
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Relays until cancelled (with no subscriber, only waits to be cancelled: a background
    /// service that returned early would stop the process).
    public func run() async {
        guard !subscribers.isEmpty else {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for (name, pool) in clusters.all {
                group.addTask { await self.run(cluster: name, pool: pool) }
            }
        }
    }

    private func run(cluster: String, pool: PostgresPool) async {
        let listener = PostgresListener(pool: pool, channel: Outbox.channel, applicationName: "tandem-relay", name: "\(cluster)-relay")
        defer { listener.close() }
        // Listening before the first pass: a commit after it wakes the wait below, one before it
        // is found by the pass.
        try? await listener.listen()
        var failures = 0
        var backlogRecorded = ContinuousClock.now - .seconds(60)
        var lastBacklog = -1
        while !Task.isCancelled {
            do {
                var moved = 0
                for subscriber in subscribers { moved += try await relay(subscriber, pool: pool) }
                failures = 0
                // At most once a second while events flow, and on quiet passes only until a count
                // has found the queue empty (so the gauge comes down to 0, and an idle relay
                // counts nothing). The count is only for the gauge: its failure must not hold
                // deliveries back.
                let due = moved > 0 ? ContinuousClock.now - backlogRecorded >= .seconds(1) : lastBacklog != 0
                if due {
                    lastBacklog = (try? await recordBacklog(cluster: cluster, pool: pool)) ?? lastBacklog
                    backlogRecorded = .now
                }
                if moved == 0 { _ = try await listener.wait(timeout: pollInterval) }
            } catch {
                failures += 1
                if failures == 1 || failures % 60 == 0 {
                    logger.warning("event relay failed", metadata: ["cluster": "\(cluster)", "error": "\(error)"])
                }
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    /// `tandem_outbox_backlog{cluster}`: the queue entries not yet delivered.
    private func recordBacklog(cluster: String, pool: PostgresPool) async throws -> Int {
        let backlog = try await pool.transaction(tenant: nil, readOnly: true) { connection in
            try connection.query("SELECT count(*) FROM outbox_queue").first!.decode(Int.self, at: 0)
        }
        Gauge(label: "tandem_outbox_backlog", dimensions: [("cluster", cluster)]).record(backlog)
        return backlog
    }

    struct Claim: Sendable {
        var id: Int64
        var tenantID: String
        var eventID: String
        var attempts: Int
    }

    /// Delivers one batch of every subscriber's queue on `pool`; returns how many entries it
    /// settled (0 when nothing was due).
    public func relayOnce(pool: PostgresPool) async throws -> Int {
        var moved = 0
        for subscriber in subscribers { moved += try await relay(subscriber, pool: pool) }
        return moved
    }

    /// Delivers one batch of `subscriber`'s queue on `pool`; returns how many entries it settled.
    public func relay(_ subscriber: any EventSubscriber, pool: PostgresPool) async throws -> Int {
        let name = subscriber.name, batchSize = self.batchSize
        let leaseSeconds = Double(lease.components.seconds)
        let claims = try await pool.transaction(tenant: nil) { connection in
            try connection.query(
                """
                UPDATE outbox_queue SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => \(leaseSeconds))
                WHERE id IN (SELECT id FROM outbox_queue WHERE subscriber = \(name) AND next_attempt_at <= now()
                             ORDER BY next_attempt_at, id LIMIT \(batchSize) FOR UPDATE SKIP LOCKED)
                RETURNING id, tenant_id::text, event_id::text, attempts
                """
            ).rows.map { row throws(PostgresError) in
                Claim(
                    id: try row.decode(Int64.self, at: 0), tenantID: try row.decode(String.self, at: 1),
                    eventID: try row.decode(String.self, at: 2), attempts: try row.decode(Int.self, at: 3))
            }
        }
        guard !claims.isEmpty else { return 0 }
        let byTenant = Dictionary(grouping: claims.sorted { $0.id < $1.id }, by: \.tenantID)
        for (tenantID, claims) in byTenant {
            let ids = claims.map(\.eventID)
            let bodies = try await pool.transaction(tenant: TenantScope(tenantID), readOnly: true) { connection in
                var bodies: [String: CommonV1.Event] = [:]
                for row in try connection.query(
                    "SELECT event_id::text, event FROM outbox WHERE event_id = ANY(\(ids)::uuid[])"
                ).rows {
                    let bytes = try row.decode(PostgresBytes.self, at: 1).bytes
                    guard let event = try? CommonV1.Event(serializedBytes: bytes) else { continue }
                    bodies[try row.decode(String.self, at: 0)] = event
                }
                return bodies
            }
            // Entries whose event is gone (its tenant was deleted) have nothing left to deliver.
            let events = claims.compactMap { bodies[$0.eventID] }
            do {
                if !events.isEmpty { try await subscriber.deliver(events, tenantID: tenantID) }
                try await settle(claims, tenantID: tenantID, pool: pool)
                Self.recordDelivered(events, subscriber: name)
            } catch {
                let attempts = claims.map(\.attempts).max() ?? 1
                try await retryLater(claims, attempts: attempts, error: error, pool: pool)
                Counter(label: "tandem_relay_deliveries_total", dimensions: [("subscriber", name), ("result", "retry")])
                    .increment(by: Int64(events.count))
                logger.notice(
                    "event delivery failed; will retry",
                    metadata: [
                        "subscriber": "\(name)", "tenant": "\(tenantID)", "events": "\(events.count)",
                        "attempts": "\(attempts)", "error": "\(error)",
                    ])
            }
        }
        return claims.count
    }

    /// `tandem_relay_deliveries_total{subscriber,result="delivered"}` and
    /// `tandem_relay_lag_seconds{subscriber}`: from each event's commit to its acknowledged delivery.
    static func recordDelivered(_ events: [CommonV1.Event], subscriber: String) {
        Counter(label: "tandem_relay_deliveries_total", dimensions: [("subscriber", subscriber), ("result", "delivered")])
            .increment(by: Int64(events.count))
        let lag = Metrics.Timer(label: "tandem_relay_lag_seconds", dimensions: [("subscriber", subscriber)])
        let now = Date().timeIntervalSince1970
        for event in events {
            guard let occurred = event.occurredAt else { continue }
            let seconds = max(0, now - (Double(occurred.seconds) + Double(occurred.nanos) / 1e9))
            lag.recordNanoseconds(Int64(seconds * 1e9))
        }
    }

    private func settle(_ claims: [Claim], tenantID: String, pool: PostgresPool) async throws {
        let queueIDs = claims.map { String($0.id) }, eventIDs = claims.map(\.eventID)
        _ = try await pool.pipelineTransaction(
            tenant: TenantScope(tenantID),
            [
                "DELETE FROM outbox_queue WHERE id = ANY(\(queueIDs)::bigint[])",
                """
                DELETE FROM outbox o WHERE o.event_id = ANY(\(eventIDs)::uuid[])
                AND NOT EXISTS (SELECT 1 FROM outbox_queue q WHERE q.tenant_id = o.tenant_id AND q.event_id = o.event_id)
                """,
            ])
    }

    /// Exponential backoff from 1 s up to 5 minutes, with jitter.
    static func backoff(attempts: Int) -> Double {
        let base = min(300.0, pow(2.0, Double(max(0, attempts - 1))))
        return base * Double.random(in: 0.8...1.2)
    }

    private func retryLater(_ claims: [Claim], attempts: Int, error: any Error, pool: PostgresPool) async throws {
        let queueIDs = claims.map { String($0.id) }
        let delay = Self.backoff(attempts: attempts)
        let message = String(String(describing: error).prefix(500))
        _ = try await pool.pipelineTransaction(
            tenant: nil,
            [
                """
                UPDATE outbox_queue SET next_attempt_at = now() + make_interval(secs => \(delay)), last_error = \(message)
                WHERE id = ANY(\(queueIDs)::bigint[])
                """
            ])
    }
}
