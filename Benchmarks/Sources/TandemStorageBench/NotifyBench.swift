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

    /// Migrates tandem_notify, serves NotificationService and prints "listening on PORT key SECRET pid PID".
    static func serve(appURL: String, ownerURL: String) async throws {
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
            clusters: ClusterSet([("main", pool)]), authenticator: authenticator, pageTokenKey: Array("bench".utf8), logger: logger)
        let server = try GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)), services: assembly.services,
            logger: logger)
        let port = try await server.start()
        let listener = Task { await assembly.listener.run() }
        print("listening on \(port) key \(secret) pid \(getpid())")
        fflush(nil)
        // The number of open subscriptions, for the script.
        while true {
            try await Task.sleep(for: .seconds(1))
            print("subscriptions \(assembly.listener.subscriptions)")
            fflush(nil)
        }
        _ = listener
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
    }

    /// Publishes `rate` events a second for `seconds`, each to one of `users` live subscribers,
    /// and prints the latency from the Publish call to the subscriber's receipt.
    static func latency(port: Int, key: String, rate: Int, users: Int, seconds: Int) async throws {
        let logger = Logger(label: "bench.notify", factory: { _ in SwiftLogNoOpLogHandler() })
        var userMetadata = Metadata()
        try userMetadata.add("authorization", .string("Bearer \(key)"))
        var serviceMetadata = Metadata()
        try serviceMetadata.add("authorization", .string("Bearer \(serviceToken)"))
        try serviceMetadata.add("x-tandem-tenant", .string(tenantID))
        let (subscriberMetadata, publishMetadata) = (userMetadata, serviceMetadata)
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
        var headers = Metadata()
        try headers.add("authorization", .string("Bearer \(key)"))
        let metadata = headers
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
