import TandemRPC
import TandemSchema
import Testing

@testable import TandemGRPC

@Suite("grpc.health.v1.Health")
struct HealthServiceTests {
    typealias ServingStatus = GRPCHealthV1.HealthCheckResponse.ServingStatus
    static let tasks = "tandem.tasks.v1.TaskService"

    static func check(_ service: String, on health: HealthService) async throws -> (ServingStatus?, Status) {
        let call = try InMemoryCall(GRPCHealthV1.Health.check, on: [health])
        try call.send(GRPCHealthV1.HealthCheckRequest { $0.service = service })
        call.finishSending()
        let first = try await call.next()
        let (status, rest) = try await call.finalStatus()
        #expect(rest.isEmpty, "Check answers at most one message")
        return (first?.status, status)
    }

    static func watch(_ service: String, on health: HealthService) throws -> InMemoryCall<
        GRPCHealthV1.HealthCheckRequest, GRPCHealthV1.HealthCheckResponse
    > {
        let call = try InMemoryCall(GRPCHealthV1.Health.watch, on: [health])
        try call.send(GRPCHealthV1.HealthCheckRequest { $0.service = service })
        call.finishSending()
        return call
    }

    @Test("Check answers SERVING for the server overall and for each registered service")
    func checkRegistered() async throws {
        let health = HealthService(services: [Self.tasks, GRPCHealthV1.Health.name])
        for service in ["", Self.tasks, GRPCHealthV1.Health.name] {
            let (answer, status) = try await Self.check(service, on: health)
            #expect(status.code == .ok, "\(service)")
            #expect(answer == .serving, "\(service)")
        }
    }

    @Test("Check answers what setStatus last set, for a service and for the server overall")
    func checkAfterSetStatus() async throws {
        let health = HealthService(services: [Self.tasks])
        health.setStatus(.notServing, forService: Self.tasks)
        #expect(try await Self.check(Self.tasks, on: health).0 == .notServing)
        #expect(try await Self.check("", on: health).0 == .serving, "one service does not change the overall status")
        health.setStatus(.notServing, forService: "")
        #expect(try await Self.check("", on: health).0 == .notServing)
        health.setStatus(.serving, forService: Self.tasks)
        #expect(try await Self.check(Self.tasks, on: health).0 == .serving)
    }

    @Test("Check of a service the server does not know fails with NOT_FOUND")
    func checkUnknown() async throws {
        let health = HealthService(services: [Self.tasks])
        let (answer, status) = try await Self.check("tandem.nope.v1.Nothing", on: health)
        #expect(answer == nil)
        #expect(status.code == .notFound)
        #expect(status.message == "unknown service tandem.nope.v1.Nothing")
    }

    @Test("Watch sends the current status at once, then each change, until the client cancels")
    func watchSendsChanges() async throws {
        let health = HealthService(services: [Self.tasks])
        let call = try Self.watch(Self.tasks, on: health)
        #expect(try await call.next()?.status == .serving)
        health.setStatus(.notServing, forService: Self.tasks)
        #expect(try await call.next()?.status == .notServing)
        health.setStatus(.notServing, forService: "")  // another name: not this watcher's business
        health.setStatus(.serving, forService: Self.tasks)
        #expect(try await call.next()?.status == .serving)
        call.cancel()
        let (status, rest) = try await call.finalStatus()
        #expect(rest.isEmpty)
        #expect(status.code == .cancelled)
    }

    @Test("Watch of an unknown service answers SERVICE_UNKNOWN and keeps watching until it is registered")
    func watchUnknownThenRegistered() async throws {
        let health = HealthService(services: [])
        let call = try Self.watch(Self.tasks, on: health)
        #expect(try await call.next()?.status == .serviceUnknown)
        health.setStatus(.serving, forService: Self.tasks)
        #expect(try await call.next()?.status == .serving)
        #expect(try await Self.check(Self.tasks, on: health).0 == .serving, "setStatus registers the service")
        call.cancel()
        #expect(try await call.finalStatus().status.code == .cancelled)
    }

    @Test("Watch of the server overall follows the overall status")
    func watchOverall() async throws {
        let health = HealthService(services: [Self.tasks])
        let call = try Self.watch("", on: health)
        #expect(try await call.next()?.status == .serving)
        health.setStatus(.notServing, forService: "")
        #expect(try await call.next()?.status == .notServing)
        call.cancel()
    }

    @Test("a slow watcher gets only the latest status, and never the same status twice in a row")
    func slowWatcherCoalesces() async throws {
        let health = HealthService(services: [Self.tasks])
        let call = try Self.watch(Self.tasks, on: health)
        call.sink.hold()
        await call.sink.waitUntilHolding()  // the initial SERVING is on its way, held by the client
        health.setStatus(.notServing, forService: Self.tasks)
        health.setStatus(.serving, forService: Self.tasks)
        health.setStatus(.notServing, forService: Self.tasks)
        call.sink.release()
        #expect(try await call.next()?.status == .serving)
        // Only the last of the three changes was kept.
        #expect(try await call.next()?.status == .notServing)
        // A status equal to the one last sent is not sent again.
        health.setStatus(.notServing, forService: Self.tasks)
        health.setStatus(.unknown, forService: Self.tasks)
        #expect(try await call.next()?.status == .unknown)
        call.cancel()
        let (status, rest) = try await call.finalStatus()
        #expect(rest.isEmpty)
        #expect(status.code == .cancelled)
    }

    @Test("many watchers of one service each get every change")
    func manyWatchers() async throws {
        let health = HealthService(services: [Self.tasks])
        let calls = try (0..<5).map { _ in try Self.watch(Self.tasks, on: health) }
        for call in calls {
            #expect(try await call.next()?.status == .serving)
        }
        health.setStatus(.notServing, forService: Self.tasks)
        for call in calls {
            #expect(try await call.next()?.status == .notServing)
            call.cancel()
        }
    }

    @Test("shutdown sets everything NOT_SERVING for good and ends each Watch with UNAVAILABLE")
    func shutdown() async throws {
        let health = HealthService(services: [Self.tasks])
        let call = try Self.watch(Self.tasks, on: health)
        let unknown = try Self.watch("tandem.nope.v1.Nothing", on: health)
        #expect(try await call.next()?.status == .serving)
        #expect(try await unknown.next()?.status == .serviceUnknown)

        health.shutdown()
        #expect(try await call.next()?.status == .notServing)
        let (status, rest) = try await call.finalStatus()
        #expect(rest.isEmpty)
        #expect(status.code == .unavailable)
        #expect(try await unknown.finalStatus().status.code == .unavailable)

        #expect(try await Self.check("", on: health).0 == .notServing)
        #expect(try await Self.check(Self.tasks, on: health).0 == .notServing)
        health.setStatus(.serving, forService: Self.tasks)
        health.setStatus(.serving, forService: "")
        #expect(try await Self.check(Self.tasks, on: health).0 == .notServing, "ignored after shutdown")
        #expect(try await Self.check("", on: health).0 == .notServing, "ignored after shutdown")

        let late = try Self.watch(Self.tasks, on: health)
        #expect(try await late.next()?.status == .notServing)
        #expect(try await late.finalStatus().status.code == .unavailable)
    }

    @Test("Watch frees its watcher when the client goes away")
    func watchCleansUp() async throws {
        let health = HealthService(services: [Self.tasks])
        let call = try Self.watch(Self.tasks, on: health)
        #expect(try await call.next()?.status == .serving)
        call.cancel()
        #expect(try await call.finalStatus().status.code == .cancelled)
        // Nothing is left to notify: a change after the call ended reaches no one and harms nothing.
        health.setStatus(.notServing, forService: Self.tasks)
        #expect(health.watcherCount(forService: Self.tasks) == 0)
    }
}
