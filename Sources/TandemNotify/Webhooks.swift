import Foundation
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService

/// CreateWebhook, ListWebhooks, DeleteWebhook and ListDeliveries, and the deliveries Publish
/// queues for every matching webhook in the same transaction as the event's notifications.
extension NotificationService {
    /// At most this many webhooks per tenant.
    static let webhookLimit = 100

    static let webhookColumns: StaticString = "id::text, url, event_types, description, created_at, created_by"

    static func webhook(_ row: PostgresRow) throws(PostgresError) -> NotifyV1.Webhook {
        var webhook = NotifyV1.Webhook()
        webhook.id = try row.decode(String.self, at: 0)
        webhook.url = try row.decode(String.self, at: 1)
        webhook.eventTypes = try row.decode([String].self, at: 2)
        webhook.description = try row.decode(String.self, at: 3)
        webhook.createdAt = try row.decode(PostgresTimestamp.self, at: 4).protobuf
        webhook.createdBy = try row.decode(String.self, at: 5)
        return webhook
    }

    func createWebhook(_ request: NotifyV1.CreateWebhookRequest) async throws -> NotifyV1.CreateWebhookResponse {
        let session = try session()
        let target = try addressPolicy.target(request.url)
        guard request.eventTypes.count <= 100 else { throw RPCError.invalidArgument(field: "event_types", "at most 100 types") }
        for (index, type) in request.eventTypes.enumerated() where !Self.eventTypes.contains(type) {
            throw RPCError.invalidArgument(field: "event_types[\(index)]", "unknown event type \"\(type.prefix(64))\"")
        }
        guard request.description.unicodeScalars.count <= 1000 else {
            throw RPCError.invalidArgument(field: "description", "at most 1000 characters")
        }
        let requestID = try Validation.requestID(request.requestID)
        let types = Array(Set(request.eventTypes)).sorted()
        let secret = "whsec_" + Crypto.hex(Crypto.randomBytes(32))
        let id = Identifiers.uuidV7()
        let limit = Self.webhookLimit
        let (webhook, storedSecret) = try await session.pool.transaction(tenant: TenantScope(session.tenantID)) { connection in
            // One creation at a time per tenant, so the limit holds under concurrent calls.
            try connection.query("SELECT pg_advisory_xact_lock(hashtext('tandem.webhooks:' || \(session.tenantID)))")
            if let requestID,
                let row = try connection.query(
                    "SELECT \(sql: Self.webhookColumns), secret FROM webhooks WHERE request_id = \(requestID)"
                ).first
            {
                return (try Self.webhook(row), try row.decode(String.self, at: 6))
            }
            let count = try connection.query("SELECT count(*) FROM webhooks").first!.decode(Int.self, at: 0)
            guard count < limit else {
                throw RPCError(code: .resourceExhausted, message: "the tenant has \(limit) webhooks, the most it may have")
            }
            let row = try connection.query(
                """
                INSERT INTO webhooks (tenant_id, id, url, event_types, description, secret, request_id, created_by)
                VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(target.url), \(types)::text[], \(request.description),
                        \(secret), \(requestID), \(session.actor))
                RETURNING \(sql: Self.webhookColumns)
                """
            ).first!
            return (try Self.webhook(row), secret)
        }
        var response = NotifyV1.CreateWebhookResponse()
        response.webhook = webhook
        response.secret = storedSecret
        return response
    }

    func listWebhooks(_ request: NotifyV1.ListWebhooksRequest) async throws -> NotifyV1.ListWebhooksResponse {
        let session = try session()
        let size = try pageSize(request.pageSize)
        let binding = "webhooks|\(session.tenantID)"
        var after: String?
        if !request.pageToken.isEmpty {
            after = try cursors.decode(request.pageToken, binding: binding, fields: 1)[0]
        }
        var query: PostgresQuery = "SELECT \(sql: Self.webhookColumns) FROM webhooks"
        if let after { query.append(" WHERE id > \(after)::uuid") }
        query.append(" ORDER BY id LIMIT \(size + 1)")
        let statement = query
        let webhooks = try await session.pool.transaction(tenant: TenantScope(session.tenantID), readOnly: true) { connection in
            try connection.query(statement).rows.map(Self.webhook)
        }
        var response = NotifyV1.ListWebhooksResponse()
        response.webhooks = Array(webhooks.prefix(size))
        if webhooks.count > size { response.nextPageToken = cursors.encode(position: [webhooks[size - 1].id], binding: binding) }
        return response
    }

    static func webhookID(_ id: String, field: String) throws(RPCError) -> String {
        guard !id.isEmpty else { throw .invalidArgument(field: field, "required") }
        guard Identifiers.isUUID(id) else { throw .invalidArgument(field: field, "not a webhook id (a UUID)") }
        return id
    }

    static func webhookNotFound(_ id: String) -> RPCError {
        RPCError(code: .notFound, message: "webhook \(id) not found")
    }

    func deleteWebhook(_ request: NotifyV1.DeleteWebhookRequest) async throws -> NotifyV1.DeleteWebhookResponse {
        let session = try session()
        let id = try Self.webhookID(request.id, field: "id")
        let deleted = try await session.pool.transaction(tenant: TenantScope(session.tenantID)) { connection in
            try connection.query(
                """
                DELETE FROM webhook_queue q USING webhook_deliveries d
                WHERE q.tenant_id = \(session.tenantID)::uuid AND d.tenant_id = q.tenant_id AND d.id = q.delivery_id
                  AND d.webhook_id = \(id)::uuid
                """)
            return try connection.query("DELETE FROM webhooks WHERE id = \(id)::uuid").affectedRows
        }
        guard deleted == 1 else { throw Self.webhookNotFound(id) }
        return NotifyV1.DeleteWebhookResponse()
    }

    static let deliveryColumns: StaticString = """
        id::text, webhook_id::text, event_id::text, event_type, state, attempt_count, next_attempt_at, created_at, \
        completed_at
        """

    func listDeliveries(_ request: NotifyV1.ListDeliveriesRequest) async throws -> NotifyV1.ListDeliveriesResponse {
        let session = try session()
        let webhookID = try Self.webhookID(request.webhookID, field: "webhook_id")
        let size = try pageSize(request.pageSize)
        if !request.eventID.isEmpty, !Identifiers.isUUID(request.eventID) {
            throw RPCError.invalidArgument(field: "event_id", "not an event id (a UUID)")
        }
        let states = try Validation.enumValues(request.states.map(\.rawValue), known: 1...4, field: "states") {
            "unknown delivery state \($0)"
        }
        let binding = "deliveries|\(session.tenantID)|\(webhookID)|\(states.joined(separator: ","))|\(request.eventID)"
        var before: String?
        if !request.pageToken.isEmpty {
            before = try cursors.decode(request.pageToken, binding: binding, fields: 1)[0]
        }
        var query: PostgresQuery = "SELECT \(sql: Self.deliveryColumns) FROM webhook_deliveries WHERE webhook_id = \(webhookID)::uuid"
        if !states.isEmpty { query.append(" AND state = ANY(\(states)::smallint[])") }
        if !request.eventID.isEmpty { query.append(" AND event_id = \(request.eventID)::uuid") }
        if let before { query.append(" AND id < \(before)::uuid") }
        query.append(" ORDER BY id DESC LIMIT \(size + 1)")
        let statement = query
        let deliveries = try await session.pool.transaction(tenant: TenantScope(session.tenantID), readOnly: true) { connection in
            guard !(try connection.query("SELECT 1 FROM webhooks WHERE id = \(webhookID)::uuid").isEmpty) else {
                throw Self.webhookNotFound(webhookID)
            }
            var deliveries = try connection.query(statement).rows.map(Self.delivery)
            let ids = deliveries.prefix(size).map(\.id)
            var attempts: [String: [NotifyV1.DeliveryAttempt]] = [:]
            if !ids.isEmpty {
                for row in try connection.query(
                    """
                    SELECT delivery_id::text, number, attempted_at, http_status, error, duration_ms FROM webhook_attempts
                    WHERE delivery_id = ANY(\(ids)::uuid[]) ORDER BY delivery_id, number
                    """
                ).rows {
                    var attempt = NotifyV1.DeliveryAttempt()
                    attempt.number = try row.decode(Int32.self, at: 1)
                    attempt.attemptedAt = try row.decode(PostgresTimestamp.self, at: 2).protobuf
                    attempt.httpStatus = try row.decode(Int32.self, at: 3)
                    attempt.error = try row.decode(String.self, at: 4)
                    attempt.durationMs = try row.decode(Int64.self, at: 5)
                    attempts[try row.decode(String.self, at: 0), default: []].append(attempt)
                }
            }
            for index in deliveries.indices { deliveries[index].attempts = attempts[deliveries[index].id] ?? [] }
            return deliveries
        }
        var response = NotifyV1.ListDeliveriesResponse()
        response.deliveries = Array(deliveries.prefix(size))
        if deliveries.count > size { response.nextPageToken = cursors.encode(position: [deliveries[size - 1].id], binding: binding) }
        return response
    }

    static func delivery(_ row: PostgresRow) throws(PostgresError) -> NotifyV1.Delivery {
        var delivery = NotifyV1.Delivery()
        delivery.id = try row.decode(String.self, at: 0)
        delivery.webhookID = try row.decode(String.self, at: 1)
        delivery.eventID = try row.decode(String.self, at: 2)
        delivery.eventType = try row.decode(String.self, at: 3)
        delivery.state = NotifyV1.DeliveryState(rawValue: try row.decode(Int32.self, at: 4))
        delivery.attemptCount = try row.decode(Int32.self, at: 5)
        // NULL once the delivery is done (the dispatcher clears it with the last attempt).
        delivery.nextAttemptAt = try row.decode(PostgresTimestamp?.self, at: 6)?.protobuf
        delivery.createdAt = try row.decode(PostgresTimestamp.self, at: 7).protobuf
        delivery.completedAt = try row.decode(PostgresTimestamp?.self, at: 8)?.protobuf
        return delivery
    }
}

extension NotificationService {
    /// Queues a delivery of `event` to each of `webhooks` (the ones that take its type), sent
    /// with the publishing transaction's COMMIT: nothing waits for its answer.
    static func queueDeliveries(
        of event: CommonV1.Event, to webhooks: [String], tenantID: String, on connection: PostgresConnection
    ) throws(PostgresError) {
        // The trace context is Tandem's own: it does not go to third parties.
        var outgoing = event
        outgoing.traceParent = ""
        let body = ProtoJSON.encode(outgoing)
        // Every delivery and its queue row in one statement.
        let ids = webhooks.map { _ in Identifiers.uuidV7() }
        try connection.sendWithCommit(
            """
            WITH made AS (
                INSERT INTO webhook_deliveries (tenant_id, id, webhook_id, event_id, event_type, body)
                SELECT \(tenantID)::uuid, m.id, m.webhook_id, \(event.id)::uuid, \(event.type), \(body)
                FROM unnest(\(ids)::uuid[], \(webhooks)::uuid[]) AS m(id, webhook_id)
                RETURNING id)
            INSERT INTO webhook_queue (tenant_id, delivery_id) SELECT \(tenantID)::uuid, id FROM made
            """)
    }
}
