import Foundation
import Logging
import Synchronization
import TandemGRPC
import TandemMigrations
import TandemNotify
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService

/// tandem-notify under load: a server process, and a client process that publishes at a rate
/// and measures how long each notification takes to reach its live subscriber, or that holds
/// many idle subscriptions open (so the server's RSS can be read).
enum NotifyBench {
    static let tenantID = "01900000-0000-7000-8000-0000000be4c5"
    static let serviceToken = "bench-service-token"

    /// Migrates tandem_notify, serves NotificationService (with its inbox listener, and its webhook
    /// dispatcher allowed to reach loopback with the default 16 attempts in flight) and prints
    /// "listening on PORT key SECRET pid PID". The dispatcher runs while the file `dispatchFile`
    /// exists (always when it is nil), so a script can queue deliveries first and then time the
    /// dispatcher alone.
    static func serve(appURL: String, ownerURL: String, dispatchFile: String?) async throws {
        var logger = Logger(label: "bench.notify")
        logger.logLevel = .warning
        let owner = PostgresPool(configuration: .init(options: .init(url: ownerURL), maximumConnections: 1))
        _ = try await Migrator.apply(.notify, on: owner)
        _ = try await owner.pipelineTransaction(
            tenant: TenantScope(tenantID),
            ["INSERT INTO tenants (tenant_id, slug) VALUES (\(tenantID), 'bench-notify') ON CONFLICT DO NOTHING"])
        owner.close()
        let secret = "tdm_bench_" + Crypto.hex(Crypto.randomBytes(16))
        let placement = TenantPlacement(tenantID: tenantID, slug: "bench-notify", state: .active, cluster: "main", timeZone: "UTC")
        let directory = FixedDirectory(
            keyHash: Crypto.sha256(Array(secret.utf8)), key: ResolvedApiKey(apiKeyID: "bench", scopes: [.read, .write], tenant: placement))
        let authenticator = Authenticator(
            configuration: .init(serviceToken: .init(serviceToken), rateLimit: .init(ratePerSecond: 1e9, burst: 1e9)),
            directory: directory, logger: logger)
        let pool = PostgresPool(configuration: .init(options: .init(url: appURL), maximumConnections: 8))
        let assembly = NotifyAssembly(
            clusters: ClusterSet([("main", pool)]), authenticator: authenticator, pageTokenKey: Array("bench".utf8),
            webhooks: WebhookSettings(addressPolicy: WebhookAddressPolicy(allowed: [.loopback])), logger: logger)
        let server = try GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)), services: assembly.services,
            logger: logger)
        let port = try await server.start()
        let listener = Task { await assembly.listener.run() }
        let dispatcher = Task {
            var running: Task<Void, Never>?
            while !Task.isCancelled {
                let wanted = dispatchFile.map { FileManager.default.fileExists(atPath: $0) } ?? true
                if wanted, running == nil {
                    running = Task { await assembly.dispatcher.run() }
                } else if !wanted, let task = running {
                    task.cancel()
                    await task.value
                    running = nil
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        print("listening on \(port) key \(secret) pid \(getpid())")
        fflush(nil)
        // The number of open subscriptions, for the script.
        while true {
            try await Task.sleep(for: .seconds(1))
            print("subscriptions \(assembly.listener.subscriptions)")
            fflush(nil)
        }
        _ = (listener, dispatcher)
    }

    /// Registers a webhook for `url` and publishes `events` task.created events to it, 100 per
    /// Publish call, as fast as the server takes them; prints the time that took. The receiver
    /// (the script's nginx) logs each delivery.
    static func webhooks(port: Int, key: String, url: String, events: Int) async throws {
        let logger = Logger(label: "bench.notify", factory: { _ in SwiftLogNoOpLogHandler() })
        let (userMetadata, serviceMetadata) = try credentials(key: key)
        let client = try GRPCClient(configuration: .init(host: "127.0.0.1", port: port), logger: logger)
        var create = NotifyV1.CreateWebhookRequest()
        create.url = url
        create.requestID = "bench-webhook-\(url)"
        _ = try await client.unary(NotifyV1.NotificationService.createWebhook, create, metadata: userMetadata)
        let clock = ContinuousClock()
        let begin = clock.now
        var published = 0
        while published < events {
            var request = NotifyV1.PublishRequest()
            for index in published..<min(events, published + 100) {
                var event = CommonV1.Event()
                event.id = Identifiers.uuidV7()
                event.type = "task.created"
                event.tenantID = tenantID
                event.occurredAt = GoogleProtobuf.Timestamp(seconds: Int64(Date().timeIntervalSince1970))
                var payload = CommonV1.TaskCreated()
                payload.title = "webhook bench \(index)"
                payload.owner = "owner@example.com"
                event.payload = .taskCreated(payload)
                request.events.append(event)
            }
            _ = try await client.unary(NotifyV1.NotificationService.publish, request, metadata: serviceMetadata)
            published += request.events.count
        }
        print("published \(published) in \(milliseconds(clock.now - begin)) ms")
        await client.close()
    }

    /// The API key's metadata, and the service credential's naming the bench tenant.
    static func credentials(key: String) throws -> (user: Metadata, service: Metadata) {
        var user = Metadata()
        try user.add("authorization", .string("Bearer \(key)"))
        var service = Metadata()
        try service.add("authorization", .string("Bearer \(serviceToken)"))
        try service.add("x-tandem-tenant", .string(tenantID))
        return (user, service)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
    }

    /// Publishes `rate` events a second for `seconds`, each to one of `users` live subscribers,
    /// and prints the latency from the Publish call to the subscriber's receipt.
    static func latency(port: Int, key: String, rate: Int, users: Int, seconds: Int) async throws {
        let logger = Logger(label: "bench.notify", factory: { _ in SwiftLogNoOpLogHandler() })
        let (subscriberMetadata, publishMetadata) = try credentials(key: key)
        let subscriberClient = try GRPCClient(configuration: .init(host: "127.0.0.1", port: port), logger: logger)
        let publisher = try GRPCClient(configuration: .init(host: "127.0.0.1", port: port), logger: logger)
        let clock = ContinuousClock()
        let started = Shared<[String: ContinuousClock.Instant]>([:])
        let latencies = Shared<[Double]>([])
        let run = String(UUID().uuidString.prefix(8))
        var subscribers: [Task<Void, Never>] = []
        for user in 0..<users {
            subscribers.append(
                Task {
                    var request = NotifyV1.SubscribeRequest()
                    request.user = "u\(run)-\(user)"
                    _ = try? await subscriberClient.serverStreaming(
                        NotifyV1.NotificationService.subscribe, request, metadata: subscriberMetadata, timeout: .seconds(600)
                    ) { responses in
                        for try await response in responses {
                            let now = clock.now
                            if let begin = started.value.withLock({ $0[response.notification!.eventID] }) {
                                latencies.value.withLock { $0.append(milliseconds(now - begin)) }
                            }
                        }
                    }
                })
        }
        try await Task.sleep(for: .seconds(2))  // every subscription is open and live
        let interval = Duration.seconds(1) / rate
        let total = rate * seconds
        let begin = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<total {
                let due = begin + interval * index
                if due > clock.now { try await Task.sleep(until: due, clock: clock) }
                group.addTask {
                    var event = CommonV1.Event()
                    event.id = Identifiers.uuidV7()
                    event.type = "task.created"
                    event.tenantID = tenantID
                    event.recipients = ["u\(run)-\(index % users)"]
                    var payload = CommonV1.TaskCreated()
                    payload.title = "bench \(index)"
                    event.payload = .taskCreated(payload)
                    var request = NotifyV1.PublishRequest()
                    request.events = [event]
                    let id = event.id
                    started.value.withLock { $0[id] = clock.now }
                    _ = try await publisher.unary(NotifyV1.NotificationService.publish, request, metadata: publishMetadata)
                }
                if index % 200 == 199 { while try await group.nextResult() != nil {} }
            }
            try await group.waitForAll()
        }
        let sentIn = milliseconds(clock.now - begin) / 1000
        try await Task.sleep(for: .seconds(3))
        for subscriber in subscribers { subscriber.cancel() }
        let all = latencies.value.withLock { $0 }.sorted()
        print(
            String(
                format: "{\"rate\":%d,\"achieved_rate\":%.0f,\"published\":%d,\"received\":%d,\"p50_ms\":%.1f,\"p99_ms\":%.1f}", rate,
                Double(total) / sentIn, total, all.count, all.isEmpty ? 0 : all[all.count / 2],
                all.isEmpty ? 0 : all[min(all.count - 1, all.count * 99 / 100)]))
        await subscriberClient.close()
        await publisher.close()
    }

    /// Opens `count` idle subscriptions over `connections` connections, prints "open", and holds
    /// them until killed.
    static func idle(port: Int, key: String, count: Int, connections: Int) async throws {
        let logger = Logger(label: "bench.notify", factory: { _ in SwiftLogNoOpLogHandler() })
        let metadata = try credentials(key: key).user
        var clients: [GRPCClient] = []
        for _ in 0..<connections { clients.append(try GRPCClient(configuration: .init(host: "127.0.0.1", port: port), logger: logger)) }
        let opened = Shared(0)
        for index in 0..<count {
            let client = clients[index % connections]
            Task {
                var request = NotifyV1.SubscribeRequest()
                request.user = "idle-\(index)"
                _ = try? await client.serverStreaming(NotifyV1.NotificationService.subscribe, request, metadata: metadata) { responses in
                    opened.value.withLock { $0 += 1 }
                    for try await _ in responses {}
                }
            }
        }
        try await Task.sleep(for: .seconds(5))
        print("open")
        fflush(nil)
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

/// A lock-protected value that closures can share.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}
