import Foundation
import Logging
import Testing
import TandemMigrations
import TandemPostgres
import TandemSchema
import TandemService
import TandemTestSupport
@testable import TandemNotify

@Suite("Webhook attempts are recorded by the claim's holder only", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct WebhookRecordingTests {
    @Test("A claim whose token was replaced records nothing; the current holder records the attempt and settles the row")
    func claimToken() async throws {
        let database = try TestPostgres.makeDatabase()
        let owner = database.ownerPool(maximumConnections: 1)
        defer { owner.close() }
        _ = try await Migrator.apply(.notify, on: owner)
        let tenant = Identifiers.uuidV7(), webhook = Identifiers.uuidV7(), delivery = Identifiers.uuidV7()
        let current = UUID().uuidString.lowercased(), stale = UUID().uuidString.lowercased()
        _ = try await owner.pipelineTransaction(
            tenant: TenantScope(tenant),
            [
                "INSERT INTO tenants (tenant_id, slug) VALUES (\(tenant)::uuid, 'hooks')",
                """
                INSERT INTO webhooks (tenant_id, id, url, secret)
                VALUES (\(tenant)::uuid, \(webhook)::uuid, 'http://hook.example/', 'whsec_test')
                """,
                """
                INSERT INTO webhook_deliveries (tenant_id, id, webhook_id, event_id, event_type, body)
                VALUES (\(tenant)::uuid, \(delivery)::uuid, \(webhook)::uuid, \(Identifiers.uuidV7())::uuid, 'task.created', '{}')
                """,
                // Claimed again after the first holder's lease ran out: the token is the new holder's.
                "INSERT INTO webhook_queue (tenant_id, delivery_id, claim_token) VALUES (\(tenant)::uuid, \(delivery)::uuid, \(current)::uuid)",
            ])
        let app = database.appPool(maximumConnections: 2)
        defer { app.close() }
        let dispatcher = WebhookDispatcher(
            clusters: ClusterSet([("main", app)]), settings: WebhookSettings(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let delivered = WebhookDispatcher.Outcome(kind: .delivered, status: 204, error: "", durationMs: 3)
        func claim(_ token: String) -> WebhookDispatcher.Claim { .init(tenantID: tenant, deliveryID: delivery, token: token) }
        func counts() async throws -> (attempts: Int, attemptCount: Int, state: Int, queued: Int) {
            let results = try await owner.pipelineTransaction(
                tenant: TenantScope(tenant),
                [
                    "SELECT count(*) FROM webhook_attempts",
                    "SELECT attempt_count, state FROM webhook_deliveries WHERE id = \(delivery)::uuid",
                    "SELECT count(*) FROM webhook_queue",
                ])
            return (
                try results[0].first!.decode(Int.self, at: 0), try results[1].first!.decode(Int.self, at: 0),
                try results[1].first!.decode(Int.self, at: 1), try results[2].first!.decode(Int.self, at: 0)
            )
        }

        let late = try await dispatcher.record(delivered, error: "", of: claim(stale), attemptedAt: PostgresTimestamp(Date()), pool: app)
        #expect(late == nil, "the former holder records nothing")
        let untouched = try await counts()
        #expect(untouched.attempts == 0 && untouched.attemptCount == 0 && untouched.state == 1 && untouched.queued == 1)

        let state = try await dispatcher.record(delivered, error: "", of: claim(current), attemptedAt: PostgresTimestamp(Date()), pool: app)
        #expect(state == .delivered)
        let settled = try await counts()
        #expect(settled.attempts == 1 && settled.attemptCount == 1 && settled.state == Int(NotifyV1.DeliveryState.delivered.rawValue))
        #expect(settled.queued == 0, "a delivered row leaves the queue")
    }
}
