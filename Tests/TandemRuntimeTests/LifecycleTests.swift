import Foundation
import Testing

@testable import TandemRuntime

@Suite("Process lifecycle")
struct LifecycleTests {
    @Test("an idle server logs its configuration, reports ready, and exits 0 after a graceful shutdown")
    func idleServerLifecycle() async throws {
        let capture = LogCapture()
        let logger = capture.logger(label: "tandem.tasks")
        let configuration = try ServerConfiguration(
            server: .tasks,
            environment: Environment([
                "TANDEM_TASKS_LISTEN": "127.0.0.1:17001",
                "DATABASE_URL": "postgresql://tandem_app:hunter2@127.0.0.1:5432/tandem_tasks",
            ]))
        let runner = ServiceRunner(
            services: [IdleServer(configuration: configuration, logger: logger)], shutdownGracePeriod: .seconds(5),
            logger: logger)

        let running = Task { await runner.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while !capture.lines.contains(where: { $0.contains(#""message":"ready""#) }) {
            try #require(ContinuousClock.now < deadline, "the server never reported ready")
            try await Task.sleep(for: .milliseconds(10))
        }
        await runner.shutDownGracefully()
        #expect(await running.value == 0)

        let messages = try capture.lines.indices.map { try capture.jsonObject(line: $0)["message"] as? String }
        #expect(messages == ["configuration", "ready", "shutting down", "stopped"])
        let ready = try capture.jsonObject(line: 1)
        #expect(ready["listen"] as? String == "127.0.0.1:17001")
        let logged = try capture.jsonObject(line: 0)
        #expect(logged["config.listen"] as? String == "127.0.0.1:17001")
        #expect(logged["version"] as? String == TandemVersion.current)
        #expect(!capture.lines.joined().contains("hunter2"))
    }
}
