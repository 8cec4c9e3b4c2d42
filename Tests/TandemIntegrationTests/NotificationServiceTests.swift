import Foundation
import Synchronization
import Testing
import TandemGRPC
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService
import TandemTestSupport

/// tandem-notify for one tenant: a tenant key for the inbox, the service token for Publish.
struct NotifyAPI {
    let client: GRPCClient
    let metadata: Metadata
    let service: Metadata
    let tenant: AdminV1.Tenant
    typealias N = NotifyV1.NotificationService

    static func make(_ deployment: Deployment, slug: String) async throws -> NotifyAPI {
        let tasks = try await TaskAPI.make(deployment, slug: slug)
        var service = Deployment.bearer(Deployment.serviceToken)
        try service.add("x-tandem-tenant", .string(tasks.tenant.id))
        return NotifyAPI(client: try deployment.client(.notify), metadata: tasks.metadata, service: service, tenant: tasks.tenant)
    }

    func event(_ type: String = "task.created", to recipients: [String], title: String = "Write the plan") -> CommonV1.Event {
        var event = CommonV1.Event()
        event.id = Identifiers.uuidV7()
        event.type = type
        event.tenantID = tenant.id
        event.recipients = recipients
        event.subjectType = "task"
        event.subjectID = Identifiers.uuidV7()
        if type == "task.created" {
            var payload = CommonV1.TaskCreated()
            payload.taskID = event.subjectID
            payload.title = title
            event.payload = .taskCreated(payload)
        }
        return event
    }

    @discardableResult
    func publish(_ events: [CommonV1.Event]) async throws -> NotifyV1.PublishResponse {
        var request = NotifyV1.PublishRequest()
        request.events = events
        return try await client.unary(N.publish, request, metadata: service)
    }

    func list(_ user: String, unreadOnly: Bool = false, pageSize: Int32 = 0, token: String = "") async throws
        -> NotifyV1.ListNotificationsResponse
    {
        var request = NotifyV1.ListNotificationsRequest()
        request.user = user
        request.unreadOnly = unreadOnly
        request.pageSize = pageSize
        request.pageToken = token
        return try await client.unary(N.listNotifications, request, metadata: metadata)
    }
}

@Suite("NotificationService through gRPC", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"), .serialized)
struct NotificationServiceTests {
    typealias N = NotifyV1.NotificationService

    @Test("Publish records each event once, creates a notification per recipient that has not muted its type, and checks the caller")
    func publish() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await NotifyAPI.make(deployment, slug: "notify-publish")
        // bob mutes task.created; carol keeps everything.
        var preferences = NotifyV1.SetPreferencesRequest()
        preferences.preferences = NotifyV1.Preferences()
        preferences.preferences!.user = "bob"
        preferences.preferences!.mutedEventTypes = ["task.created"]
        let set = try await api.client.unary(N.setPreferences, preferences, metadata: api.metadata).preferences!
        #expect(set.version == 1 && set.mutedEventTypes == ["task.created"])
        preferences.preferences!.mutedEventTypes = ["task.nonsense"]
        let unknown = await failure { try await api.client.unary(N.setPreferences, preferences, metadata: api.metadata) }
        #expect(unknown?.code == .invalidArgument && unknown?.message.hasPrefix("preferences.muted_event_types[0]") == true)

        let first = api.event(to: ["bob", "carol"])
        let second = api.event("task.overdue", to: ["bob", "carol"])
        let response = try await api.publish([first, second])
        #expect(response.accepted == 2 && response.duplicates == 0)
        let again = try await api.publish([first, second])
        #expect(again.accepted == 0 && again.duplicates == 2, "a redelivery has no second effect")
        #expect(try await api.list("carol").notifications.map(\.eventID) == [second.id, first.id], "newest first")
        #expect(try await api.list("bob").notifications.map(\.eventID) == [second.id], "muted: not stored")
        #expect(try await api.list("carol").notifications.last?.title == "New task: Write the plan")
        // Pages: newest first, each with the user's unread count in total.
        let page = try await api.list("carol", pageSize: 1)
        #expect(page.notifications.map(\.eventID) == [second.id] && page.unreadCount == 2 && !page.nextPageToken.isEmpty)
        let older = try await api.list("carol", pageSize: 1, token: page.nextPageToken)
        #expect(older.notifications.map(\.eventID) == [first.id] && older.unreadCount == 2 && older.nextPageToken.isEmpty)

        // Only a service credential publishes, only for its own tenant, with payloads that match.
        var request = NotifyV1.PublishRequest()
        request.events = [api.event(to: ["carol"])]
        let withKey = await failure { try await api.client.unary(N.publish, request, metadata: api.metadata) }
        #expect(withKey?.code == .permissionDenied)
        var foreign = api.event(to: ["carol"])
        foreign.tenantID = Identifiers.uuidV7()
        let wrongTenant = await failure { try await api.publish([foreign]) }
        #expect(wrongTenant?.code == .invalidArgument && wrongTenant?.message.hasPrefix("events[0].tenant_id") == true)
        var mismatched = api.event("task.overdue", to: ["carol"])
        mismatched.payload = .taskCreated(.init())
        let mismatch = await failure { try await api.publish([mismatched]) }
        #expect(mismatch?.code == .invalidArgument && mismatch?.message.hasPrefix("events[0].payload") == true)

        // Mark read: by id, then everything up to a cursor; an id of another user marks nothing.
        let carol = try await api.list("carol").notifications
        var mark = NotifyV1.MarkReadRequest()
        mark.user = "carol"
        mark.notificationIDs = [carol[1].id]
        let marked = try await api.client.unary(N.markRead, mark, metadata: api.metadata)
        #expect(marked.marked == 1 && marked.unreadCount == 1)
        let bobs = try await api.list("bob").notifications
        mark.notificationIDs = [bobs[0].id, carol[0].id]
        let notHers = await failure { try await api.client.unary(N.markRead, mark, metadata: api.metadata) }
        #expect(notHers?.code == .notFound)
        #expect(try await api.list("carol", unreadOnly: true).notifications.map(\.id) == [carol[0].id], "nothing was marked")
        mark.notificationIDs = []
        mark.upToCursor = carol[0].cursor
        #expect(try await api.client.unary(N.markRead, mark, metadata: api.metadata).unreadCount == 0)
        #expect(try await api.list("carol", unreadOnly: true).notifications.isEmpty)
        mark.upToCursor = bobs[0].cursor
        let otherCursor = await failure { try await api.client.unary(N.markRead, mark, metadata: api.metadata) }
        #expect(otherCursor?.code == .invalidArgument, "a cursor of another user")

        // Another tenant sees nothing of it.
        let other = try await NotifyAPI.make(deployment, slug: "notify-other")
        #expect(try await other.list("carol").notifications.isEmpty)
    }

    /// Reads a subscription into `received` until cancelled or ended.
    static func stream(_ api: NotifyAPI, user: String, cursor: String = "", into received: Received) -> Task<RPCError?, Never> {
        Task {
            var request = NotifyV1.SubscribeRequest()
            request.user = user
            request.cursor = cursor
            do {
                try await api.client.serverStreaming(N.subscribe, request, metadata: api.metadata, timeout: .seconds(120)) { responses in
                    for try await response in responses {
                        received.append(response.notification!)
                    }
                }
                return nil
            } catch let error as RPCError {
                return error
            } catch {
                return RPCError(code: .unknown, message: "\(error)")
            }
        }
    }

    static func waitFor(_ condition: @escaping @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("Subscribe streams live notifications, and resumes from a cursor after a burst of 1,000 with no gap and no repeat")
    func subscribe() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await NotifyAPI.make(deployment, slug: "notify-stream")
        let received = Received()
        let live = Self.stream(api, user: "dana", into: received)
        // Registered before anything is published: wait until the server holds the subscription.
        try await Self.waitFor { deployment.notify.listener.subscriptions == 1 }
        let event = api.event(to: ["dana"])
        try await api.publish([event])
        try await Self.waitFor { received.count > 0 }
        #expect(received.all.map(\.eventID) == [event.id])

        // A burst of 1,000 in batches; the subscriber leaves part way and resumes from its cursor.
        let burst = (0..<1000).map { api.event(to: ["dana"], title: "burst \($0)") }
        let publishing = Task {
            for batch in stride(from: 0, to: burst.count, by: 100) { try await api.publish(Array(burst[batch..<batch + 100])) }
        }
        try await Self.waitFor { received.count >= 300 }
        live.cancel()
        _ = await live.value
        let seen = received.all
        try await publishing.value
        let resumed = Received()
        let again = Self.stream(api, user: "dana", cursor: seen.last!.cursor, into: resumed)
        try await Self.waitFor { seen.count + resumed.count >= 1001 }
        again.cancel()
        _ = await again.value
        let all = (seen + resumed.all).map(\.eventID)
        #expect(all.count == 1001, "\(all.count)")
        #expect(all == [event.id] + burst.map(\.id), "every event once, in order")

        let malformed = await Self.stream(api, user: "dana", cursor: "nope", into: Received()).value
        #expect(malformed?.code == .invalidArgument)
    }

    @Test("A live subscriber that falls too far behind ends with RESOURCE_EXHAUSTED and resumes from its cursor")
    func laggingSubscriber() async throws {
        let deployment = try await Deployment.start(notifySubscriberLag: 200)
        defer { Task { await deployment.shutdown() } }
        let api = try await NotifyAPI.make(deployment, slug: "notify-slow")
        let received = Received()
        let stream = Self.stream(api, user: "erin", into: received)
        try await Self.waitFor { deployment.notify.listener.subscriptions == 1 }
        let first = api.event(to: ["erin"])
        try await api.publish([first])
        try await Self.waitFor { received.count == 1 }
        // 500 notifications commit at once: the subscription is 500 behind, more than its 200.
        let burst = (0..<500).map { api.event(to: ["erin"], title: "burst \($0)") }
        try await api.publish(burst)
        let outcome = await stream.value
        #expect(outcome?.code == .resourceExhausted, "\(String(describing: outcome))")
        #expect(received.all.map(\.eventID) == [first.id])
        // Resuming from the last cursor it had gets everything after it, once.
        let rest = Received()
        let resumed = Self.stream(api, user: "erin", cursor: received.all[0].cursor, into: rest)
        try await Self.waitFor { rest.count >= 500 }
        resumed.cancel()
        _ = await resumed.value
        #expect(rest.all.map(\.eventID) == burst.map(\.id))
    }

    @Test("A subscriber that stops reading gets a bounded buffer, then RESOURCE_EXHAUSTED after the write timeout, and resumes")
    func stalledSubscriber() async throws {
        // The lag rule is out of the way here: only the write timeout (2 s in the deployment) acts.
        let deployment = try await Deployment.start(notifySubscriberLag: 1_000_000)
        defer { Task { await deployment.shutdown() } }
        let api = try await NotifyAPI.make(deployment, slug: "notify-stalled")
        let received = Received()
        let stalled = Task<RPCError?, Never> {
            var request = NotifyV1.SubscribeRequest()
            request.user = "gil"
            do {
                try await api.client.serverStreaming(N.subscribe, request, metadata: api.metadata, timeout: .seconds(120)) {
                    responses in
                    for try await response in responses {
                        received.append(response.notification!)
                        // After the first, the client stops reading for 8 s: its HTTP/2 window
                        // closes and the server's writes wait.
                        if received.count == 1 { try await Task.sleep(for: .seconds(8)) }
                    }
                }
                return nil
            } catch let error as RPCError {
                return error
            } catch {
                return RPCError(code: .unknown, message: "\(error)")
            }
        }
        try await Self.waitFor { deployment.notify.listener.subscriptions == 1 }
        let first = api.event(to: ["gil"])
        try await api.publish([first])
        try await Self.waitFor { received.count == 1 }
        // About 5 MB of notifications, far more than the client's window and the server's 1 MiB
        // buffer per stream.
        let long = String(repeating: "x", count: 400)
        var published: [CommonV1.Event] = []
        for batch in 0..<10 {
            let events = (0..<500).map { api.event(to: ["gil"], title: "\(long) \(batch * 500 + $0)") }
            try await api.publish(events)
            published += events
        }
        let burst = published
        let outcome = await stalled.value
        #expect(outcome?.code == .resourceExhausted, "\(String(describing: outcome))")
        #expect(outcome?.message.contains("not reading") == true, "\(outcome?.message ?? "")")
        let got = received.all
        #expect(got.count > 1 && got.count < 1 + burst.count, "the server buffered a bounded part: \(got.count)")
        #expect(got.map(\.eventID) == ([first] + burst).prefix(got.count).map(\.id), "what arrived came in order")
        // Resuming from the last cursor it had gets the rest, once and in order.
        let rest = Received()
        let resumed = Self.stream(api, user: "gil", cursor: got.last!.cursor, into: rest)
        try await Self.waitFor { rest.count >= 1 + burst.count - got.count }
        resumed.cancel()
        _ = await resumed.value
        #expect(rest.all.map(\.eventID) == ([first] + burst).dropFirst(got.count).map(\.id))
    }

    @Test("DeleteWebhook takes its deliveries out of the dispatch queue at once; another webhook's stay queued")
    func deleteWebhookEmptiesItsQueue() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await NotifyAPI.make(deployment, slug: "notify-hook-queue")
        func create(_ url: String) async throws -> String {
            var request = NotifyV1.CreateWebhookRequest()
            request.url = url
            return try await api.client.unary(N.createWebhook, request, metadata: api.metadata).webhook!.id
        }
        let doomed = try await create("https://hooks.example.com/doomed")
        let kept = try await create("https://hooks.example.com/kept")
        try await api.publish([api.event(to: ["carol"]), api.event(to: ["carol"])])
        // The queue rows of the tenant (read as the owner, in both clusters), and how many of them
        // still belong to a delivery of each webhook. No dispatcher runs here: nothing leaves the
        // queue by being sent.
        func queue() async throws -> (rows: Int, byWebhook: [String: Int]) {
            var rows = 0
            var byWebhook: [String: Int] = [:]
            for cluster in Deployment.clusterNames {
                let pool = deployment.databases[.notify]![cluster]!.ownerPool(maximumConnections: 1)
                defer { pool.close() }
                let results = try await pool.pipelineTransaction(
                    tenant: TenantScope(api.tenant.id),
                    [
                        "SELECT count(*) FROM webhook_queue WHERE tenant_id = \(api.tenant.id)::uuid",
                        """
                        SELECT d.webhook_id::text, count(*) FROM webhook_queue q
                        JOIN webhook_deliveries d ON d.tenant_id = q.tenant_id AND d.id = q.delivery_id
                        WHERE q.tenant_id = \(api.tenant.id)::uuid GROUP BY d.webhook_id
                        """,
                    ])
                rows += try results[0].first!.decode(Int.self, at: 0)
                for row in results[1].rows { byWebhook[try row.decode(String.self, at: 0), default: 0] += try row.decode(Int.self, at: 1) }
            }
            return (rows, byWebhook)
        }
        let before = try await queue()
        #expect(before.rows == 4 && before.byWebhook == [doomed: 2, kept: 2], "\(before)")

        var request = NotifyV1.DeleteWebhookRequest()
        request.id = doomed
        _ = try await api.client.unary(N.deleteWebhook, request, metadata: api.metadata)
        let after = try await queue()
        #expect(after.rows == 2 && after.byWebhook == [kept: 2], "no queue row is left behind without its delivery: \(after)")
    }

    @Test("Task events reach the inbox through the outbox, the relay and Publish, each exactly once")
    func pipeline() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let tasks = try await TaskAPI.make(deployment, slug: "notify-pipeline")
        let api = NotifyAPI(
            client: try deployment.client(.notify), metadata: tasks.metadata,
            service: Deployment.bearer(Deployment.serviceToken), tenant: tasks.tenant)
        let task = try await tasks.create("Review the budget") { $0.owner = "fay" }
        var change = TasksV1.Task()
        change.id = task.id
        change.owner = "gus"
        _ = try await tasks.update(change, ["owner"])
        _ = try await tasks.setStatus(task.id, .inProgress)
        // The relay delivers; a redelivery (the same events again) changes nothing.
        try await TaskEventTests.drain(deployment)
        let fay = try await api.list("fay").notifications.map(\.eventType)
        let gus = try await api.list("gus").notifications.map(\.eventType)
        // task.updated goes to the owner after the change; task.assigned to both.
        #expect(fay.sorted() == ["task.assigned", "task.created"], "\(fay)")
        #expect(gus.sorted() == ["task.assigned", "task.status_changed", "task.updated"], "\(gus)")
        let events = deployment.events.received(tenantID: tasks.tenant.id)
        var request = NotifyV1.PublishRequest()
        request.events = events
        var service = Deployment.bearer(Deployment.serviceToken)
        try service.add("x-tandem-tenant", .string(tasks.tenant.id))
        let redelivered = try await api.client.unary(N.publish, request, metadata: service)
        #expect(redelivered.accepted == 0 && redelivered.duplicates == Int32(events.count))
        #expect(try await api.list("gus").notifications.count == 3)
    }
}

/// Notifications a test subscription received.
final class Received: Sendable {
    private let items = Mutex<[NotifyV1.Notification]>([])
    func append(_ notification: NotifyV1.Notification) { items.withLock { $0.append(notification) } }
    var all: [NotifyV1.Notification] { items.withLock { $0 } }
    var count: Int { items.withLock(\.count) }
}
