import AsyncHTTPClient
import Foundation
import Metrics
public import Logging
import NIOCore
import NIOHTTP1
import TandemPostgres
import TandemSchema
public import TandemService

/// How webhook deliveries are attempted and retried (`TANDEM_WEBHOOK_*`, services/notify/README.md).
public struct WebhookSettings: Sendable, Hashable {
    /// Attempts per delivery before it is dead-lettered. Default 8.
    public var maxAttempts: Int
    /// The wait after the first failed attempt; each later one is 4 times longer. Default 30 s.
    public var retryBase: Duration
    /// The longest wait between two attempts. Default 12 h (8 attempts then span about 23 hours).
    public var retryCap: Duration
    /// One attempt's limit, from connecting to the end of the answer. Default 10 s.
    public var timeout: Duration
    /// Attempts in flight at once per replica. Default 16.
    public var concurrency: Int
    /// How often due retries are looked for when no Publish wakes the dispatcher. Default 1 s.
    public var pollInterval: Duration
    /// Which addresses requests may reach.
    public var addressPolicy: WebhookAddressPolicy

    public init(
        maxAttempts: Int = 8, retryBase: Duration = .seconds(30), retryCap: Duration = .seconds(12 * 3600),
        timeout: Duration = .seconds(10), concurrency: Int = 16, pollInterval: Duration = .seconds(1),
        addressPolicy: WebhookAddressPolicy = WebhookAddressPolicy()
    ) {
        self.maxAttempts = maxAttempts
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.timeout = timeout
        self.concurrency = concurrency
        self.pollInterval = pollInterval
        self.addressPolicy = addressPolicy
    }

    /// The wait after `attempts` failed attempts: `retryBase` × 4^(attempts − 1), at most
    /// `retryCap`, then scaled by a random factor between 0.8 and 1.2.
    public func backoff(afterAttempts attempts: Int) -> Double {
        baseDelay(afterAttempts: attempts) * Double.random(in: 0.8...1.2)
    }

    /// The wait after `attempts` failed attempts before jitter, in seconds.
    public func baseDelay(afterAttempts attempts: Int) -> Double {
        min(retryBase.seconds * pow(4, Double(max(0, attempts - 1))), retryCap.seconds)
    }

    /// How long a claim is leased: longer than one attempt can take (two pool waits of at most
    /// 5 s, the address check and the POST within `timeout`), so that normally no other replica
    /// takes a delivery over while it is being attempted; the claim token makes a late holder
    /// record nothing when it happens anyway.
    var lease: Double { timeout.seconds * 3 + 30 }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Delivers the webhook queue: signed HTTP POSTs, every attempt recorded, retried with
/// exponential backoff and jitter on timeouts, connection failures, 408, 429 and 5xx, and
/// dead-lettered after the last attempt or on any other answer.
///
/// Per cluster: claim due queue rows with `FOR UPDATE SKIP LOCKED` and lease them, so replicas
/// share the work and never attempt the same delivery at once; read each delivery in its
/// tenant's transaction; POST; record the attempt, the delivery's new state and the row's next
/// due time (or delete the row) in one tenant transaction. Woken by `LISTEN tandem_webhooks`, or
/// when the next retry is due, with `pollInterval` as the longest wait.
public final class WebhookDispatcher: Sendable {
    /// The LISTEN/NOTIFY channel Publish wakes the dispatchers with when it queues deliveries.
    public static let channel = "tandem_webhooks"

    let clusters: ClusterSet
    let settings: WebhookSettings
    let logger: Logger

    /// How names are resolved before an attempt (getaddrinfo; tests give their own).
    let resolve: @Sendable (String) async throws -> [[UInt8]]

    public convenience init(clusters: ClusterSet, settings: WebhookSettings, logger: Logger) {
        self.init(clusters: clusters, settings: settings, logger: logger, resolve: WebhookAddressPolicy.resolve)
    }

    init(
        clusters: ClusterSet, settings: WebhookSettings, logger: Logger,
        resolve: @escaping @Sendable (String) async throws -> [[UInt8]]
    ) {
        self.resolve = resolve
        self.clusters = clusters
        self.settings = settings
        self.logger = logger
        // The series exist from the start (at 0), so a dashboard shows them before the first attempt.
        for result in ["delivered", "retry", "dead_lettered"] {
            Counter(label: "tandem_webhook_attempts_total", dimensions: [("result", result)]).increment(by: 0)
        }
        Counter(label: "tandem_webhook_dead_letters_total").increment(by: 0)
    }

    static func makeClients(_ settings: WebhookSettings) -> WebhookClients {
        let timeout = TimeAmount(settings.timeout)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: timeout, read: timeout),
            decompression: .disabled)
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, settings.concurrency))
        return WebhookClients(configuration: configuration, attemptTimeout: settings.timeout)
    }

    /// Delivers until cancelled.
    public func run() async {
        let clients = Self.makeClients(settings)
        await withTaskGroup(of: Void.self) { group in
            for (name, pool) in clusters.all {
                group.addTask { await self.run(cluster: name, pool: pool, client: clients) }
            }
        }
        await clients.shutdown()
    }

    private func run(cluster: String, pool: PostgresPool, client: WebhookClients) async {
        let listener = PostgresListener(
            pool: pool, channel: Self.channel, applicationName: "tandem-webhooks", name: "\(cluster)-webhooks")
        defer { listener.close() }
        try? await listener.listen()
        var failures = 0
        while !Task.isCancelled {
            do {
                let attempted = try await dispatch(pool: pool, client: client)
                failures = 0
                if attempted == 0 {
                    // Until the next retry is due, or a Publish notifies, or the poll interval.
                    _ = try await listener.wait(timeout: min(settings.pollInterval, try await untilNextDue(pool)))
                }
            } catch {
                failures += 1
                if failures == 1 || failures % 60 == 0 {
                    logger.warning("webhook dispatch failed", metadata: ["cluster": "\(cluster)", "error": "\(error)"])
                }
                try? await Task.sleep(for: settings.pollInterval)
            }
        }
    }

    struct Claim: Sendable {
        var tenantID: String
        var deliveryID: String
        /// Set on the queue row by this claim: a later claim (after the lease ran out) replaces it,
        /// and then this one records nothing.
        var token: String
    }

    /// The time until the earliest queued delivery is due (at least 10 ms), or a minute when none is queued.
    func untilNextDue(_ pool: PostgresPool) async throws -> Duration {
        let seconds = try await pool.transaction(tenant: nil, readOnly: true) { connection in
            try connection.query("SELECT extract(epoch FROM min(due_at) - now())::float8 FROM webhook_queue").first?
                .decode(Double?.self, at: 0)
        }
        guard let seconds else { return .seconds(60) }
        return .milliseconds(Int64(max(10, seconds * 1000)))
    }

    /// Claims up to `concurrency` due deliveries and attempts them all at once; returns how many
    /// it claimed. One attempt's failure (a database error, say) is logged and leaves its row to
    /// come back when the lease ends; it does not stop the others.
    func dispatch(pool: PostgresPool, client: WebhookClients) async throws -> Int {
        let limit = max(1, settings.concurrency), lease = settings.lease
        let claims = try await pool.transaction(tenant: nil) { connection in
            try connection.query(
                """
                UPDATE webhook_queue q SET due_at = now() + make_interval(secs => \(lease)), claim_token = gen_random_uuid()
                FROM (SELECT tenant_id, delivery_id FROM webhook_queue WHERE due_at <= now()
                      ORDER BY due_at LIMIT \(limit) FOR UPDATE SKIP LOCKED) c
                WHERE q.tenant_id = c.tenant_id AND q.delivery_id = c.delivery_id
                RETURNING q.tenant_id::text, q.delivery_id::text, q.claim_token::text
                """
            ).rows.map { row throws(PostgresError) in
                Claim(
                    tenantID: try row.decode(String.self, at: 0), deliveryID: try row.decode(String.self, at: 1),
                    token: try row.decode(String.self, at: 2))
            }
        }
        guard !claims.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            for claim in claims {
                group.addTask {
                    do {
                        try await self.attempt(claim, pool: pool, client: client)
                    } catch {
                        self.logger.warning(
                            "webhook attempt not recorded; the delivery comes back when its lease ends",
                            metadata: ["tenant": "\(claim.tenantID)", "delivery": "\(claim.deliveryID)", "error": "\(error)"])
                    }
                }
            }
        }
        return claims.count
    }

    struct Delivery: Sendable {
        var body: String
        var eventID: String
        var eventType: String
        var url: String
        var secret: String
    }

    /// The result of one HTTP attempt.
    struct Outcome: Sendable {
        enum Kind { case delivered, retry, final }
        var kind: Kind
        var status: Int
        var error: String
        var durationMs: Int64
        /// A `Retry-After` the receiver asked for, in seconds.
        var retryAfter: Double?
    }

    func attempt(_ claim: Claim, pool: PostgresPool, client: WebhookClients) async throws {
        let scope = TenantScope(claim.tenantID)
        let id = claim.deliveryID
        let delivery = try await pool.transaction(tenant: scope, readOnly: true) { connection in
            try connection.query(
                """
                SELECT d.body, d.event_id::text, d.event_type, w.url, w.secret
                FROM webhook_deliveries d JOIN webhooks w ON w.tenant_id = d.tenant_id AND w.id = d.webhook_id
                WHERE d.id = \(id)::uuid AND d.state IN (1, 3)
                """
            ).first.map { row throws(PostgresError) in
                Delivery(
                    body: try row.decode(String.self, at: 0), eventID: try row.decode(String.self, at: 1),
                    eventType: try row.decode(String.self, at: 2), url: try row.decode(String.self, at: 3),
                    secret: try row.decode(String.self, at: 4))
            }
        }
        guard let delivery else {
            // Delivered, dead-lettered, or deleted with its webhook or tenant: nothing to send.
            _ = try await pool.pipelineTransaction(
                tenant: nil,
                [
                    """
                    DELETE FROM webhook_queue WHERE tenant_id = \(claim.tenantID)::uuid AND delivery_id = \(id)::uuid
                      AND claim_token = \(claim.token)::uuid
                    """
                ])
            return
        }
        let attemptedAt = PostgresTimestamp(Date())
        guard let outcome = await send(delivery, deliveryID: id, client: client) else {
            // Stopped before an answer (the process is shutting down): not an attempt. The row is
            // due again at once, for this replica's successor or another one.
            _ = try? await pool.pipelineTransaction(
                tenant: nil,
                [
                    """
                    UPDATE webhook_queue SET due_at = now() WHERE tenant_id = \(claim.tenantID)::uuid
                      AND delivery_id = \(id)::uuid AND claim_token = \(claim.token)::uuid
                    """
                ])
            return
        }
        let error = String(outcome.error.prefix(500))
        let recorded = try await record(outcome, error: error, of: claim, attemptedAt: attemptedAt, pool: pool)
        guard let state = recorded else {
            logger.notice(
                "webhook attempt not recorded: the claim was taken over or the delivery removed",
                metadata: ["tenant": "\(claim.tenantID)", "delivery": "\(id)"])
            return
        }
        let result = state == .delivered ? "delivered" : state == .deadLettered ? "dead_lettered" : "retry"
        Counter(label: "tandem_webhook_attempts_total", dimensions: [("result", result)]).increment()
        if state == .deadLettered { Counter(label: "tandem_webhook_dead_letters_total").increment() }
        if state != .delivered {
            logger.notice(
                state == .deadLettered ? "webhook delivery dead-lettered" : "webhook delivery failed; will retry",
                metadata: [
                    "tenant": "\(claim.tenantID)", "delivery": "\(id)", "event": "\(delivery.eventID)",
                    "status": "\(outcome.status)", "error": "\(error)",
                ])
        }
    }

    /// The `Tandem-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
    public static func signature(secret: String, timestamp: Int64, body: String) -> String {
        let mac = Crypto.hmacSHA256(key: Array(secret.utf8), Array("\(timestamp).\(body)".utf8))
        return "t=\(timestamp),v1=\(Crypto.hex(mac))"
    }

    /// Records `outcome` as the next attempt of `claim`'s delivery, with the delivery's new state
    /// and its queue row's next due time (or the row deleted), in one tenant transaction; nil,
    /// recording nothing, when the claim is no longer held (its lease ran out and another replica
    /// took it, or the delivery was removed).
    func record(
        _ outcome: Outcome, error: String, of claim: Claim, attemptedAt: PostgresTimestamp, pool: PostgresPool
    ) async throws -> NotifyV1.DeliveryState? {
        let settings = self.settings, id = claim.deliveryID
        return try await pool.transaction(tenant: TenantScope(claim.tenantID)) { connection -> NotifyV1.DeliveryState? in
            // Only the holder of the current claim records; a claim whose lease ran out and was
            // taken by another replica (or whose webhook was deleted) records nothing.
            let held = try connection.query(
                """
                SELECT 1 FROM webhook_queue WHERE tenant_id = \(claim.tenantID)::uuid AND delivery_id = \(id)::uuid
                  AND claim_token = \(claim.token)::uuid FOR UPDATE
                """)
            guard !held.isEmpty else { return nil }
            guard
                let number = try connection.query(
                    "UPDATE webhook_deliveries SET attempt_count = attempt_count + 1 WHERE id = \(id)::uuid RETURNING attempt_count"
                ).first?.decode(Int.self, at: 0)
            else { return nil }
            var state = NotifyV1.DeliveryState.delivered
            var delay: Double?
            switch outcome.kind {
            case .delivered: state = .delivered
            case .final: state = .deadLettered
            case .retry:
                if number >= settings.maxAttempts {
                    state = .deadLettered
                } else {
                    state = .retrying
                    delay = max(settings.backoff(afterAttempts: number), min(outcome.retryAfter ?? 0, settings.retryCap.seconds))
                }
            }
            let stateValue = Int(state.rawValue)
            try connection.query(
                """
                INSERT INTO webhook_attempts (tenant_id, delivery_id, number, attempted_at, http_status, error, duration_ms)
                VALUES (\(claim.tenantID)::uuid, \(id)::uuid, \(number), \(attemptedAt), \(outcome.status), \(error), \(outcome.durationMs))
                """)
            if let delay {
                try connection.query(
                    """
                    UPDATE webhook_deliveries SET state = \(stateValue), next_attempt_at = now() + make_interval(secs => \(delay))
                    WHERE id = \(id)::uuid
                    """)
                try connection.query(
                    """
                    UPDATE webhook_queue SET due_at = now() + make_interval(secs => \(delay)), claim_token = NULL
                    WHERE tenant_id = \(claim.tenantID)::uuid AND delivery_id = \(id)::uuid
                    """)
            } else {
                try connection.query(
                    """
                    UPDATE webhook_deliveries SET state = \(stateValue), next_attempt_at = NULL, completed_at = now()
                    WHERE id = \(id)::uuid
                    """)
                try connection.query(
                    "DELETE FROM webhook_queue WHERE tenant_id = \(claim.tenantID)::uuid AND delivery_id = \(id)::uuid")
            }
            return state
        }
    }

    /// At most this much of an answer's body is read (and thrown away).
    static let answerLimit = 64 * 1024

    /// One attempt: the address check, then the POST, within `timeout` together. Nil when the
    /// task was cancelled before an answer (the process is stopping): no outcome to record.
    func send(_ delivery: Delivery, deliveryID: String, client clients: WebhookClients) async -> Outcome? {
        let started = ContinuousClock.now
        func elapsed() -> Int64 {
            let duration = ContinuousClock.now - started
            return duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        }
        let target: WebhookAddressPolicy.Target
        do {
            target = try settings.addressPolicy.target(delivery.url)
        } catch {
            return Outcome(kind: .final, status: 0, error: "refused: \(error.message)", durationMs: elapsed())
        }
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        let timestamp = Int64(Date().timeIntervalSince1970)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Tandem-Webhooks/1")
        request.headers.add(name: "Tandem-Event-Id", value: delivery.eventID)
        request.headers.add(name: "Tandem-Event-Type", value: delivery.eventType)
        request.headers.add(name: "Tandem-Delivery-Id", value: deliveryID)
        request.headers.add(name: "Tandem-Signature", value: Self.signature(secret: delivery.secret, timestamp: timestamp, body: delivery.body))
        request.body = .bytes(ByteBuffer(string: delivery.body))
        let timeout = settings.timeout
        let prepared = request
        let policy = settings.addressPolicy
        let resolve = self.resolve
        let logger = self.logger
        enum Answer: Sendable {
            case status(Int, retryAfter: Double?)
            case refused(String)
            case unresolved(String)
        }
        do {
            let answer = try await withThrowingTaskGroup(of: Answer.self) { group in
                group.addTask {
                    let connectTo: String?
                    switch await policy.check(target, resolve: resolve) {
                    case .refused(let detail):
                        // The resolved addresses stay in the server's log: a tenant learns only
                        // that the host is not allowed, not what internal names resolve to.
                        logger.notice("webhook address refused", metadata: ["delivery": "\(deliveryID)", "detail": "\(detail)"])
                        return .refused("refused: \(target.host) is not a public address (or its name resolves to one)")
                    case .unresolved(let reason):
                        return .unresolved(reason)
                    case .allowed(let address):
                        connectTo = address
                    }
                    // To the address just checked, not to whatever the name resolves to next.
                    let client = clients.client(host: target.host, address: connectTo)
                    let response = try await client.execute(
                        prepared, deadline: .now() + TimeAmount(timeout))
                    var read = 0
                    for try await chunk in response.body {
                        read += chunk.readableBytes
                        if read > Self.answerLimit { break }
                    }
                    return .status(Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After").flatMap(Double.init))
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw AttemptTimeout()
                }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
            switch answer {
            case .refused(let message):
                return Outcome(kind: .final, status: 0, error: message, durationMs: elapsed())
            case .unresolved(let reason):
                return Outcome(kind: .retry, status: 0, error: reason, durationMs: elapsed())
            case .status(let status, let retryAfter):
                switch status {
                case 200..<300:
                    return Outcome(kind: .delivered, status: status, error: "", durationMs: elapsed())
                case 408, 429, 500..<600:
                    return Outcome(kind: .retry, status: status, error: "HTTP \(status)", durationMs: elapsed(), retryAfter: retryAfter)
                default:
                    return Outcome(kind: .final, status: status, error: "HTTP \(status) (not retried)", durationMs: elapsed())
                }
            }
        } catch is AttemptTimeout {
            return Outcome(kind: .retry, status: 0, error: "timed out after \(timeout)", durationMs: elapsed())
        } catch {
            if Task.isCancelled || error is CancellationError { return nil }
            if let client = error as? HTTPClientError, client == .cancelled { return nil }
            return Outcome(kind: .retry, status: 0, error: "\(error)", durationMs: elapsed())
        }
    }

    struct AttemptTimeout: Error {}
}
