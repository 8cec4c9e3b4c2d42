import Foundation
import Synchronization
public import Logging
import TandemPostgres
public import TandemRPC
public import TandemSchema
public import TandemService

/// `tandem.notify.v1.NotificationService`: the inbox, live subscriptions, preferences and
/// webhooks (Webhooks.swift; the dispatcher delivers what Publish queues).
public struct NotificationService: RPCService {
    let clusters: ClusterSet
    let listener: InboxListener
    let cursors: PageTokenCodec
    /// A live subscription that falls this many notifications behind ends with RESOURCE_EXHAUSTED.
    let subscriberLag: Int
    /// A subscription whose client takes longer than this to accept one notification (its
    /// HTTP/2 window stays closed) ends with RESOURCE_EXHAUSTED.
    let writeTimeout: Duration
    /// Which URLs CreateWebhook accepts.
    let addressPolicy: WebhookAddressPolicy
    let logger: Logger

    public init(
        clusters: ClusterSet, listener: InboxListener, pageTokenKey: [UInt8], subscriberLag: Int = 1000,
        writeTimeout: Duration = .seconds(10), addressPolicy: WebhookAddressPolicy = WebhookAddressPolicy(), logger: Logger
    ) {
        self.clusters = clusters
        self.listener = listener
        self.cursors = PageTokenCodec(key: pageTokenKey)
        self.subscriberLag = subscriberLag
        self.writeTimeout = writeTimeout
        self.addressPolicy = addressPolicy
        self.logger = logger
    }

    /// Publish takes a service credential naming the tenant; reads need `read`, the rest `write`.
    public static func access(_ method: MethodInfo) -> Access {
        switch method.method {
        case "Publish": .serviceForTenant
        case "ListNotifications", "GetPreferences", "Subscribe", "ListWebhooks", "ListDeliveries": .tenant(.read)
        default: .tenant(.write)
        }
    }

    public var methods: [ServiceMethod] {
        typealias N = NotifyV1.NotificationService
        return [
            .unary(N.publish) { request, _ in try await run { try await publish(request) } },
            .unary(N.listNotifications) { request, _ in try await run { try await listNotifications(request) } },
            .unary(N.markRead) { request, _ in try await run { try await markRead(request) } },
            .serverStreaming(N.subscribe) { request, writer, _ in try await run { try await subscribe(request, writer) } },
            .unary(N.getPreferences) { request, _ in try await run { try await getPreferences(request) } },
            .unary(N.setPreferences) { request, _ in try await run { try await setPreferences(request) } },
            .unary(N.createWebhook) { request, _ in try await run { try await createWebhook(request) } },
            .unary(N.listWebhooks) { request, _ in try await run { try await listWebhooks(request) } },
            .unary(N.deleteWebhook) { request, _ in try await run { try await deleteWebhook(request) } },
            .unary(N.listDeliveries) { request, _ in try await run { try await listDeliveries(request) } },
        ]
    }

    private func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withDatabaseErrors(logger: logger, body)
    }

    struct Session: Sendable {
        var tenantID: String
        var actor: String
        var pool: PostgresPool
    }

    func session() throws(RPCError) -> Session {
        let tenant = try Caller.tenant()
        return Session(tenantID: tenant.tenantID, actor: Caller.current?.actor ?? "", pool: try clusters.pool(tenant.cluster))
    }

    /// The user a request names, or the actor.
    static func user(_ named: String, session: Session, field: String = "user") throws(RPCError) -> String {
        let user = named.isEmpty ? session.actor : named
        guard !user.isEmpty else { throw .invalidArgument(field: field, "name a user, or call with x-tandem-actor") }
        guard user.unicodeScalars.count <= 200 else { throw .invalidArgument(field: field, "at most 200 characters") }
        return user
    }

    // MARK: - Event types

    /// The event types of the contract.
    static let eventTypes: Set<String> = [
        "task.created", "task.assigned", "task.status_changed", "task.blocked", "task.unblocked", "task.due_soon",
        "task.overdue", "task.updated", "task.deleted", "project.dependency_ready", "project.milestone_at_risk",
        "project.approval_requested", "project.approval_decided",
    ]

    /// The event type whose payload `payload` is.
    static func eventType(of payload: CommonV1.Event.Payload) -> String {
        switch payload {
        case .taskCreated: "task.created"
        case .taskAssigned: "task.assigned"
        case .taskStatusChanged: "task.status_changed"
        case .taskBlocked: "task.blocked"
        case .taskUnblocked: "task.unblocked"
        case .taskDueSoon: "task.due_soon"
        case .taskOverdue: "task.overdue"
        case .taskUpdated: "task.updated"
        case .taskDeleted: "task.deleted"
        case .dependencyReady: "project.dependency_ready"
        case .milestoneAtRisk: "project.milestone_at_risk"
        case .approvalRequested: "project.approval_requested"
        case .approvalDecided: "project.approval_decided"
        }
    }

    /// A one-line title and a body for an inbox entry.
    static func text(_ event: CommonV1.Event) -> (title: String, body: String) {
        switch event.payload {
        case .taskCreated(let p)?: ("New task: \(p.title)", p.owner.isEmpty ? "" : "Owner: \(p.owner)")
        case .taskAssigned(let p)?: ("Assigned to \(p.owner): \(p.title)", p.previousOwner.isEmpty ? "" : "Previously \(p.previousOwner)")
        case .taskStatusChanged(let p)?: ("\(p.title): \(p.fromStatus) → \(p.toStatus)", p.reason)
        case .taskBlocked(let p)?: ("Blocked: \(p.title)", p.description)
        case .taskUnblocked(let p)?: ("Unblocked: \(p.title)", "Back to \(p.restoredStatus)")
        case .taskDueSoon(let p)?: ("Due soon: \(p.title)", p.dueDate.flatMap(CalendarDay.init).map { "Due \($0)" } ?? "")
        case .taskOverdue(let p)?: ("Overdue: \(p.title)", "\(p.daysOverdue) day(s) overdue")
        case .taskUpdated(let p)?: ("Updated: \(p.title)", p.changedFields.joined(separator: ", "))
        case .taskDeleted(let p)?: ("Archived: \(p.title)", "")
        case .dependencyReady(let p)?: ("Ready to start: \(p.successorName)", "Its predecessors are done")
        case .milestoneAtRisk(let p)?: ("Milestone at risk: \(p.name)", p.reason)
        case .approvalRequested(let p)?: ("Approval requested: \(p.milestoneName)", p.comment)
        case .approvalDecided(let p)?: ("\(p.approved ? "Approved" : "Rejected"): \(p.milestoneName)", p.comment)
        case nil: (event.type, event.subjectID)
        }
    }

    // MARK: - Publish

    func publish(_ request: NotifyV1.PublishRequest) async throws -> NotifyV1.PublishResponse {
        let session = try session()
        try CommonV1.Event.checkBatch(request.events, tenantID: session.tenantID)
        for (index, event) in request.events.enumerated() {
            if let payload = event.payload, Self.eventTypes.contains(event.type), Self.eventType(of: payload) != event.type {
                throw RPCError.invalidArgument(field: "events[\(index)].payload", "does not match type \(event.type)")
            }
        }
        let events = request.events
        for event in events { event.logReceipt(by: "tandem-notify", logger: logger) }
        let tenantID = session.tenantID
        // Each event's whole effect in one statement, and every event's statement in one round
        // trip with BEGIN and the tenant setting (see `record`).
        let statements = events.map { Self.record($0, tenantID: tenantID) }
        let (accepted, duplicates) = try await session.pool.transaction(tenant: TenantScope(tenantID)) { connection in
            var accepted: Int32 = 0
            var duplicates: Int32 = 0
            var woken = Set<String>()
            var queued = 0
            for (event, result) in zip(events, try connection.pipeline(statements)) {
                guard let row = result.first, try row.decode(Bool.self, at: 0) else {
                    duplicates += 1
                    continue
                }
                accepted += 1
                for user in try row.decode([String].self, at: 1) { woken.insert(InboxListener.key(tenant: tenantID, user: user)) }
                let webhooks = try row.decode([String].self, at: 2)
                if !webhooks.isEmpty { try Self.queueDeliveries(of: event, to: webhooks, tenantID: tenantID, on: connection) }
                queued += webhooks.count
            }
            // Every wake-up in one statement, sent with the COMMIT.
            var channels = woken.sorted().map { (InboxListener.channel, $0) }
            if queued > 0 { channels.append((WebhookDispatcher.channel, "")) }
            if !channels.isEmpty {
                try connection.sendWithCommit(
                    """
                    SELECT pg_notify(c, k) FROM unnest(\(channels.map(\.0))::text[], \(channels.map(\.1))::text[]) AS n(c, k)
                    """)
            }
            return (accepted, duplicates)
        }
        var response = NotifyV1.PublishResponse()
        response.accepted = accepted
        response.duplicates = duplicates
        return response
    }

    /// One event's whole effect, as one statement: the event id recorded, and when it is new,
    /// each recipient's next number and notification, unless the user muted the type (a muted
    /// notification is not stored). Answers one row: whether the event was new, the users who got
    /// a notification, and the webhooks that take the type when it was new (their deliveries are
    /// queued apart, since their body is made here).
    static func record(_ event: CommonV1.Event, tenantID: String) -> PostgresQuery {
        let recipients = Array(Set(event.recipients.filter { !$0.isEmpty && $0.unicodeScalars.count <= 200 })).sorted()
        let ids = recipients.map { _ in Identifiers.uuidV7() }
        let (title, body) = Self.text(event)
        let bytes = PostgresBytes(event.serializedBytes())
        return """
            WITH fresh AS (
                INSERT INTO received_events (tenant_id, event_id, type) VALUES (\(tenantID)::uuid, \(event.id)::uuid, \(event.type))
                ON CONFLICT DO NOTHING RETURNING event_id),
            numbered AS (
                INSERT INTO inbox_users (tenant_id, user_name, last_seq)
                SELECT \(tenantID)::uuid, r.user_name, 1
                FROM fresh, unnest(\(recipients)::text[]) AS r(user_name)
                WHERE NOT EXISTS (
                    SELECT 1 FROM preferences p WHERE p.user_name = r.user_name AND \(event.type) = ANY(p.muted_event_types))
                ON CONFLICT (tenant_id, user_name) DO UPDATE SET last_seq = inbox_users.last_seq + 1
                RETURNING user_name, last_seq),
            stored AS (
                INSERT INTO notifications (tenant_id, id, user_name, seq, event_id, event_type, title, body, subject_type,
                                           subject_id, project_id, event)
                SELECT \(tenantID)::uuid, r.id, n.user_name, n.last_seq, \(event.id)::uuid, \(event.type),
                       \(String(title.prefix(500))), \(String(body.prefix(2000))), \(event.subjectType), \(event.subjectID),
                       \(event.projectID), \(bytes)::bytea
                FROM numbered n JOIN unnest(\(recipients)::text[], \(ids)::uuid[]) AS r(user_name, id) USING (user_name)
                RETURNING user_name)
            SELECT EXISTS (SELECT 1 FROM fresh),
                   ARRAY(SELECT user_name FROM stored ORDER BY user_name),
                   ARRAY(SELECT w.id::text FROM webhooks w, fresh
                         WHERE cardinality(w.event_types) = 0 OR \(event.type) = ANY(w.event_types) ORDER BY w.id)
            """
    }

    // MARK: - The inbox

    static let columns: StaticString = """
        id::text, user_name, seq, event_id::text, event_type, title, body, subject_type, subject_id, project_id, event, \
        read_at, created_at
        """

    func cursor(_ seq: Int64, tenant: String, user: String) -> String {
        cursors.encode(position: [String(seq)], binding: "cursor|\(tenant)|\(user)")
    }

    func seq(ofCursor cursor: String, session: Session, user: String, field: String) throws(RPCError) -> Int64 {
        let position: [String]
        do {
            position = try cursors.decode(cursor, binding: "cursor|\(session.tenantID)|\(user)", fields: 1)
        } catch {
            throw .invalidArgument(field: field, "not a cursor of this user's notifications")
        }
        guard let seq = Int64(position[0]), seq >= 0 else { throw .invalidArgument(field: field, "malformed cursor") }
        return seq
    }

    func notification(_ row: PostgresRow, session: Session) throws(PostgresError) -> NotifyV1.Notification {
        var notification = NotifyV1.Notification()
        notification.id = try row.decode(String.self, at: 0)
        notification.user = try row.decode(String.self, at: 1)
        let seq = try row.decode(Int64.self, at: 2)
        notification.eventID = try row.decode(String.self, at: 3)
        notification.eventType = try row.decode(String.self, at: 4)
        notification.title = try row.decode(String.self, at: 5)
        notification.body = try row.decode(String.self, at: 6)
        notification.subjectType = try row.decode(String.self, at: 7)
        notification.subjectID = try row.decode(String.self, at: 8)
        notification.projectID = try row.decode(String.self, at: 9)
        notification.event = try? CommonV1.Event(serializedBytes: try row.decode(PostgresBytes.self, at: 10).bytes)
        if let read = try row.decode(PostgresTimestamp?.self, at: 11) {
            notification.read = true
            notification.readAt = read.protobuf
        }
        notification.createdAt = try row.decode(PostgresTimestamp.self, at: 12).protobuf
        notification.cursor = cursor(seq, tenant: session.tenantID, user: notification.user)
        return notification
    }

    func listNotifications(_ request: NotifyV1.ListNotificationsRequest) async throws -> NotifyV1.ListNotificationsResponse {
        let session = try session()
        let user = try Self.user(request.user, session: session)
        let size = try pageSize(request.pageSize)
        let types = Array(Set(request.eventTypes)).sorted()
        let binding = "notifications|\(session.tenantID)|\(user)|\(request.unreadOnly ? 1 : 0)|\(types.joined(separator: ","))"
        var before: Int64?
        if !request.pageToken.isEmpty {
            let position = try cursors.decode(request.pageToken, binding: binding, fields: 1)
            guard let seq = Int64(position[0]) else { throw RPCError.invalidArgument(field: "page_token", "malformed") }
            before = seq
        }
        var query: PostgresQuery = "SELECT \(sql: Self.columns) FROM notifications WHERE user_name = \(user)"
        if request.unreadOnly { query.append(" AND read_at IS NULL") }
        if !types.isEmpty { query.append(" AND event_type = ANY(\(types)::text[])") }
        if let before { query.append(" AND seq < \(before)") }
        query.append(" ORDER BY seq DESC LIMIT \(size + 1)")
        let statement = query
        let (rows, unread) = try await session.pool.transaction(tenant: TenantScope(session.tenantID), readOnly: true) { connection in
            var rows: [(NotifyV1.Notification, Int64)] = []
            for row in try connection.query(statement).rows {
                rows.append((try notification(row, session: session), try row.decode(Int64.self, at: 2)))
            }
            let unread = try connection.query(
                "SELECT count(*) FROM notifications WHERE user_name = \(user) AND read_at IS NULL"
            ).first!.decode(Int.self, at: 0)
            return (rows, unread)
        }
        var response = NotifyV1.ListNotificationsResponse()
        response.notifications = rows.prefix(size).map(\.0)
        if rows.count > size { response.nextPageToken = cursors.encode(position: [String(rows[size - 1].1)], binding: binding) }
        response.unreadCount = Int32(clamping: unread)
        return response
    }

    func markRead(_ request: NotifyV1.MarkReadRequest) async throws -> NotifyV1.MarkReadResponse {
        let session = try session()
        let user = try Self.user(request.user, session: session)
        guard !request.notificationIDs.isEmpty || !request.upToCursor.isEmpty else {
            throw RPCError.invalidArgument(field: "notification_ids", "name notifications or give up_to_cursor")
        }
        guard request.notificationIDs.count <= 500 else {
            throw RPCError.invalidArgument(field: "notification_ids", "at most 500")
        }
        for (index, id) in request.notificationIDs.enumerated() where !Identifiers.isUUID(id) {
            throw RPCError(code: .notFound, message: "notification \(id.prefix(64)) (notification_ids[\(index)]) not found")
        }
        let upTo = request.upToCursor.isEmpty ? nil : try seq(ofCursor: request.upToCursor, session: session, user: user, field: "up_to_cursor")
        let ids = Array(Set(request.notificationIDs.map { $0.lowercased() }))
        let (marked, unread) = try await session.pool.transaction(tenant: TenantScope(session.tenantID)) { connection in
            var marked = 0
            if !ids.isEmpty {
                let found = try connection.query(
                    "SELECT count(*) FROM notifications WHERE user_name = \(user) AND id = ANY(\(ids)::uuid[])"
                ).first!.decode(Int.self, at: 0)
                guard found == ids.count else {
                    throw RPCError(code: .notFound, message: "a notification named is not one of \(user)'s; nothing was marked")
                }
                marked += try connection.query(
                    "UPDATE notifications SET read_at = now() WHERE user_name = \(user) AND id = ANY(\(ids)::uuid[]) AND read_at IS NULL"
                ).affectedRows
            }
            if let upTo {
                marked += try connection.query(
                    "UPDATE notifications SET read_at = now() WHERE user_name = \(user) AND seq <= \(upTo) AND read_at IS NULL"
                ).affectedRows
            }
            let unread = try connection.query(
                "SELECT count(*) FROM notifications WHERE user_name = \(user) AND read_at IS NULL"
            ).first!.decode(Int.self, at: 0)
            return (marked, unread)
        }
        var response = NotifyV1.MarkReadResponse()
        response.marked = Int32(clamping: marked)
        response.unreadCount = Int32(clamping: unread)
        return response
    }

    // MARK: - Subscribe

    func subscribe(_ request: NotifyV1.SubscribeRequest, _ writer: ResponseWriter<NotifyV1.SubscribeResponse>) async throws {
        let session = try session()
        let user = try Self.user(request.user, session: session)
        // Registered before reading the position, so no commit in between goes unnoticed.
        let (id, wakes) = listener.register(tenant: session.tenantID, user: user)
        defer { listener.cancel(tenant: session.tenantID, user: user, id: id) }
        var last: Int64
        if request.cursor.isEmpty {
            last = try await session.pool.pipelineTransaction(
                tenant: TenantScope(session.tenantID), ["SELECT last_seq FROM inbox_users WHERE user_name = \(user)"]
            )[0].first?.decode(Int64.self, at: 0) ?? 0
        } else {
            last = try seq(ofCursor: request.cursor, session: session, user: user, field: "cursor")
        }
        var live = false
        var iterator = wakes.makeAsyncIterator()
        while !Task.isCancelled {
            let from = last
            // Both reads in one round trip with the tenant setting; the newest number is read
            // second, so it is never below the rows'.
            let results = try await session.pool.pipelineTransaction(
                tenant: TenantScope(session.tenantID),
                [
                    "SELECT \(sql: Self.columns) FROM notifications WHERE user_name = \(user) AND seq > \(from) ORDER BY seq LIMIT 100",
                    "SELECT last_seq FROM inbox_users WHERE user_name = \(user)",
                ])
            let rows = try results[0].rows.map { row throws(PostgresError) in
                (try notification(row, session: session), try row.decode(Int64.self, at: 2))
            }
            let newest = try results[1].first?.decode(Int64.self, at: 0) ?? 0
            if live, newest - last > Int64(subscriberLag) {
                throw RPCError(
                    code: .resourceExhausted,
                    message: "the subscription fell more than \(subscriberLag) notifications behind; resume from the cursor of the last one received")
            }
            for (notification, seq) in rows {
                var response = NotifyV1.SubscribeResponse()
                response.notification = notification
                try await Self.write(response, to: writer, within: writeTimeout)
                last = seq
            }
            if rows.count == 100 { continue }
            live = true
            guard await iterator.next() != nil else { return }
        }
    }

    /// Writes one message, or gives up with RESOURCE_EXHAUSTED when the client does not take it
    /// within `timeout`. The write itself is left to end when the call does.
    static func write(
        _ response: NotifyV1.SubscribeResponse, to writer: ResponseWriter<NotifyV1.SubscribeResponse>, within timeout: Duration
    ) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let done = Mutex(false)
            let finish: @Sendable (Result<Void, any Error>) -> Bool = { result in
                let first = done.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(with: result) }
                return first
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                _ = finish(
                    .failure(
                        RPCError(
                            code: .resourceExhausted,
                            message: "the subscriber is not reading (its buffer stayed full); resume from the cursor of the last notification received")))
            }
            Task {
                do {
                    try await writer.write(response)
                    if finish(.success(())) { timer.cancel() }
                } catch {
                    if finish(.failure(error)) { timer.cancel() }
                }
            }
        }
    }

    // MARK: - Preferences

    static let preferenceColumns: StaticString = "user_name, muted_event_types, version, updated_at, updated_by"

    func getPreferences(_ request: NotifyV1.GetPreferencesRequest) async throws -> NotifyV1.GetPreferencesResponse {
        let session = try session()
        let user = try Self.user(request.user, session: session)
        let found = try await session.pool.transaction(tenant: TenantScope(session.tenantID), readOnly: true) { connection in
            try connection.query("SELECT \(sql: Self.preferenceColumns) FROM preferences WHERE user_name = \(user)").first.map(Self.preferences)
        }
        var response = NotifyV1.GetPreferencesResponse()
        var defaults = NotifyV1.Preferences()
        defaults.user = user
        response.preferences = found ?? defaults
        return response
    }

    static func preferences(_ row: PostgresRow) throws(PostgresError) -> NotifyV1.Preferences {
        var preferences = NotifyV1.Preferences()
        preferences.user = try row.decode(String.self, at: 0)
        preferences.mutedEventTypes = try row.decode([String].self, at: 1)
        preferences.version = try row.decode(Int64.self, at: 2)
        preferences.updatedAt = try row.decode(PostgresTimestamp.self, at: 3).protobuf
        preferences.updatedBy = try row.decode(String.self, at: 4)
        return preferences
    }

    func setPreferences(_ request: NotifyV1.SetPreferencesRequest) async throws -> NotifyV1.SetPreferencesResponse {
        let session = try session()
        let input = request.preferences ?? NotifyV1.Preferences()
        let user = try Self.user(input.user, session: session, field: "preferences.user")
        guard input.mutedEventTypes.count <= 100 else {
            throw RPCError.invalidArgument(field: "preferences.muted_event_types", "at most 100 types")
        }
        for (index, type) in input.mutedEventTypes.enumerated() where !Self.eventTypes.contains(type) {
            throw RPCError.invalidArgument(field: "preferences.muted_event_types[\(index)]", "unknown event type \"\(type.prefix(64))\"")
        }
        let muted = Array(Set(input.mutedEventTypes)).sorted()
        let expected = request.expectedVersion
        let saved = try await session.pool.transaction(tenant: TenantScope(session.tenantID)) { connection in
            let current = try connection.query(
                "SELECT version FROM preferences WHERE user_name = \(user) FOR UPDATE"
            ).first.map { row throws(PostgresError) in try row.decode(Int64.self, at: 0) } ?? 0
            guard expected == 0 || expected == current else {
                throw RPCError(code: .aborted, message: "the preferences are at version \(current), not \(expected)")
            }
            return try Self.preferences(
                try connection.query(
                    """
                    INSERT INTO preferences (tenant_id, user_name, muted_event_types, updated_by)
                    VALUES (\(session.tenantID)::uuid, \(user), \(muted)::text[], \(session.actor))
                    ON CONFLICT (tenant_id, user_name) DO UPDATE SET muted_event_types = excluded.muted_event_types,
                        version = preferences.version + 1, updated_at = now(), updated_by = excluded.updated_by
                    RETURNING \(sql: Self.preferenceColumns)
                    """
                ).first!)
        }
        var response = NotifyV1.SetPreferencesResponse()
        response.preferences = saved
        return response
    }
}
