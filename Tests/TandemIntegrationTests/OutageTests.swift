import Foundation
import Synchronization
import Testing
import TandemGRPC
import Logging
import TandemPostgres
import TandemRPC
import TandemRuntime
import TandemSchema
import TandemService
import TandemTestSupport

/// PostgreSQL taken away under a steady load of writes. It stops the shared test cluster, so
/// scripts/test runs it alone (suite `outage`), with the commands that stop and start it.
@Suite(
    "PostgreSQL outage under load",
    .enabled(if: TestPostgres.isAvailable && ProcessInfo.processInfo.environment["TANDEM_TEST_PG_STOP"] != nil,
             "scripts/test runs it alone"))
struct OutageTests {
    static func shell(_ variable: String) async {
        let command = ProcessInfo.processInfo.environment[variable]!
        let status = await Shell.offExecutor { Shell.run(command) }
        #expect(status == 0, "\(variable) failed with status \(status)")
    }

    typealias HealthStatus = GRPCHealthV1.HealthCheckResponse.ServingStatus?

    struct Outcome: Sendable {
        var requestID: String
        var at: ContinuousClock.Instant
        var keyID: String?
        var code: Status.Code?
    }

    @Test("Writes answer UNAVAILABLE while PostgreSQL is down, resume within 5 s of its return, and none acknowledged is lost")
    func outage() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let tenant = try await deployment.createTenant("outage")
        let (client, metadata) = try deployment.admin()
        let outcomes = Recorder<Outcome>()
        let running = Flag()

        let writer = Task {
            var index = 0
            while running.isSet {
                index += 1
                var request = AdminV1.CreateApiKeyRequest()
                request.tenantID = tenant.id
                request.name = "write \(index)"
                request.scopes = [.read]
                request.requestID = "outage-\(index)"
                var outcome = Outcome(requestID: request.requestID, at: .now)
                do {
                    outcome.keyID = try await client.unary(
                        AdminV1.TenantAdmin.createApiKey, request, metadata: metadata, timeout: .seconds(10)
                    ).apiKey?.id
                } catch {
                    outcome.code = (error as? RPCError)?.code ?? .unknown
                }
                outcome.at = .now
                outcomes.append(outcome)
                try? await Task.sleep(for: .milliseconds(20))
            }
        }

        // The tandem-tasks executable itself on the tasks database of cluster "a", watched through
        // grpc.health.v1.Health: it must stay up through the outage.
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-tasks-outage-\(UUID().uuidString).log").path
        let executable = try Shell.start(
            Shell.product("tandem-tasks"),
            environment: [
                "TANDEM_TASKS_LISTEN": "127.0.0.1:17091", "TANDEM_TASKS_METRICS_LISTEN": "127.0.0.1:17191",
                "TANDEM_TASKS_CLUSTERS": "main=\(deployment.databases[.tasks]!["a"]!.appURL)",
                "TANDEM_SERVICE_TOKEN": Deployment.serviceToken,
                "TANDEM_PROJECTS_ADDRESS": "127.0.0.1:\(deployment.port(of: .projects))", "TANDEM_LOG_FORMAT": "text",
            ],
            log: logFile)
        var reaped = false
        defer {
            if !reaped {
                kill(executable, SIGKILL)
                _ = Shell.waitSynchronously(executable)
            }
            try? FileManager.default.removeItem(atPath: logFile)
        }
        let logger = Logger(label: "tandem.test", factory: { _ in SwiftLogNoOpLogHandler() })
        let healthClient = try GRPCClient(
            configuration: .init(
                host: "127.0.0.1", port: 17_091,
                backoff: .init(initial: .milliseconds(50), multiplier: 1.5, jitter: 0.1, maximum: .milliseconds(500))),
            logger: logger)
        let statuses = Recorder<(ContinuousClock.Instant, HealthStatus)>()
        let watcher = Task {
            while running.isSet {
                let status = try? await healthClient.unary(
                    GRPCHealthV1.Health.check, GRPCHealthV1.HealthCheckRequest(), timeout: .seconds(2)
                ).status
                statuses.append((.now, status))
                try? await Task.sleep(for: .milliseconds(250))
            }
        }

        let listening = ContinuousClock.now
        while !statuses.items.contains(where: { $0.1 == .serving }) {
            try #require(ContinuousClock.now - listening < .seconds(10), "the server never reported SERVING")
            try await Task.sleep(for: .milliseconds(50))
        }
        let servingSince = statuses.items.first { $0.1 == .serving }!.0
        try await Task.sleep(for: .seconds(1))
        let stopping = ContinuousClock.now
        await Self.shell("TANDEM_TEST_PG_STOP")
        try await Task.sleep(for: .seconds(3))
        await Self.shell("TANDEM_TEST_PG_START")
        let restarted = ContinuousClock.now
        try await Task.sleep(for: .seconds(7))
        running.clear()
        _ = await writer.result
        _ = await watcher.result
        await healthClient.close()
        // The process lived through it, and stops cleanly.
        #expect(kill(executable, 0) == 0, "tandem-tasks exited during the outage: \((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "")")
        kill(executable, SIGTERM)
        #expect(await Shell.wait(executable) == 0, "tandem-tasks did not exit 0 after SIGTERM")
        reaped = true

        // Health: SERVING before, NOT_SERVING within 5 s of the outage, SERVING within 5 s of the return.
        let seen = statuses.items
        #expect(seen.filter { $0.0 >= servingSince && $0.0 < stopping }.allSatisfy { $0.1 == .serving }, "SERVING before the outage")
        let down = seen.first { $0.0 > stopping && $0.1 == .notServing }
        #expect(down != nil && down!.0 - stopping < .seconds(5), "NOT_SERVING during the outage")
        let up = seen.first { $0.0 > restarted && $0.1 == .serving }
        #expect(up != nil && up!.0 - restarted < .seconds(5), "SERVING again after it")

        let all = outcomes.items
        let failures = all.filter { $0.code != nil }
        #expect(all.filter { $0.at < stopping }.allSatisfy { $0.code == nil }, "writes before the outage succeed")
        #expect(failures.contains { $0.code == .unavailable }, "the outage is seen as UNAVAILABLE")
        #expect(failures.allSatisfy { $0.code == .unavailable }, "only UNAVAILABLE: \(Set(failures.compactMap(\.code)))")
        let firstSuccessAfter = all.first { $0.at > restarted && $0.code == nil }
        let recovery = firstSuccessAfter.map { $0.at - restarted }
        #expect(recovery != nil && recovery! < .seconds(5), "service resumed \(String(describing: recovery)) after PostgreSQL returned")
        #expect(all.suffix(20).allSatisfy { $0.code == nil }, "steady again at the end")

        // Every acknowledged write is there.
        var list = AdminV1.ListApiKeysRequest()
        list.tenantID = tenant.id
        list.pageSize = 500
        var stored = Set<String>()
        while true {
            let page = try await client.unary(AdminV1.TenantAdmin.listApiKeys, list, metadata: metadata)
            stored.formUnion(page.apiKeys.map(\.id))
            if page.nextPageToken.isEmpty { break }
            list.pageToken = page.nextPageToken
        }
        let acknowledged = Set(all.compactMap(\.keyID))
        #expect(acknowledged.isSubset(of: stored), "\(acknowledged.subtracting(stored).count) acknowledged writes missing")
        print(
            "outage: \(all.count) writes, \(acknowledged.count) acknowledged, \(failures.count) UNAVAILABLE, recovered \(recovery.map { "\($0)" } ?? "never") after restart"
        )
    }
}

final class Flag: Sendable {
    private let value = Atomic(true)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func clear() { value.store(false, ordering: .relaxed) }
}

final class Recorder<Item: Sendable>: Sendable {
    private let storage = Mutex([Item]())
    func append(_ item: Item) { storage.withLock { $0.append(item) } }
    var items: [Item] { storage.withLock { $0 } }
}
