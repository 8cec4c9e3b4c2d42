import ArgumentParser
import Foundation
import TandemGRPC
import TandemRPC
import TandemRuntime
import TandemSchema

/// `tandemctl scenario`: one piece of work moved through all three services, as one trace.
struct ScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Run a short project through all three services with a tenant's API key, as one trace.",
        discussion: """
            Creates a project on tandem-projects with two work items (tasks on tandem-tasks) and a \
            finish-to-start dependency, completes the first task on tandem-tasks, and waits until \
            tandem-notify has the project.dependency_ready notification for the second task's owner. \
            Every call carries the same W3C traceparent (a new span each); the trace id is printed \
            first, so `grep <trace id>` finds the calls and the events in the three services' logs. \
            --address is tandem-projects; the key needs the write scope. --repeat runs it again, \
            for watching metrics move. \(ExitStatus.help)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "tandem-tasks, host:port (default: TANDEM_TASKS_ADDRESS, else 127.0.0.1:7001).")
    var tasksAddress: String?

    @Option(help: "tandem-notify, host:port (default: TANDEM_NOTIFY_ADDRESS, else 127.0.0.1:7003).")
    var notifyAddress: String?

    @Option(help: "How many times to run it.")
    var `repeat` = 1

    @Option(help: "Seconds to wait for the notification.")
    var wait = 30

    func run() async throws {
        let environment: Environment
        do {
            environment = try Environment.process()
        } catch {
            exitWithConfigurationError(error, program: "tandemctl")
        }
        var tasksConnection = connection
        tasksConnection.address = tasksAddress ?? environment["TANDEM_TASKS_ADDRESS"] ?? "127.0.0.1:7001"
        var notifyConnection = connection
        notifyConnection.address = notifyAddress ?? environment["TANDEM_NOTIFY_ADDRESS"] ?? "127.0.0.1:7003"
        for round in 1...max(1, self.repeat) {
            let trace = CallTrace.incoming(traceparent: nil, requestID: nil)
            print("trace_id \(trace.traceID)  (round \(round); traceparent \(trace.traceparent))")
            try await CallTrace.$current.withValue(trace) {
                try await runOnce(tasks: tasksConnection, notify: notifyConnection, round: round)
            }
        }
    }

    private func runOnce(tasks: ConnectionOptions, notify: ConnectionOptions, round: Int) async throws {
        let run = String(UUID().uuidString.prefix(8)).lowercased()
        let (first, second) = ("scenario-\(run)-writer", "scenario-\(run)-reviewer")
        let (project, draft, review) = try await withClient(connection) { client, metadata, timeout in
            var metadata = metadata
            try? metadata.add("x-tandem-actor", .string(first))
            typealias P = ProjectsV1.ProjectService
            var create = ProjectsV1.CreateProjectRequest()
            var project = ProjectsV1.Project()
            project.name = "Scenario \(run)"
            project.outcome = "A draft written and reviewed"  // starting today, in the tenant's time zone
            create.project = project
            create.requestID = "scenario-\(run)"
            let created = try await client.unary(P.createProject, create, metadata: metadata, timeout: timeout).project!
            func item(_ title: String, owner: String) async throws -> TasksV1.Task {
                var request = ProjectsV1.AddWorkItemRequest()
                request.projectID = created.id
                var task = TasksV1.Task()
                task.title = title
                task.owner = owner
                task.estimateDays = 2
                request.task = task
                return try await client.unary(P.addWorkItem, request, metadata: metadata, timeout: timeout).task!
            }
            let draft = try await item("Write the draft", owner: first)
            let review = try await item("Review the draft", owner: second)
            var link = ProjectsV1.AddDependencyRequest()
            link.projectID = created.id
            link.predecessor = ProjectsV1.ItemRef()
            link.predecessor!.item = .taskID(draft.id)
            link.successor = ProjectsV1.ItemRef()
            link.successor!.item = .taskID(review.id)
            _ = try await client.unary(P.addDependency, link, metadata: metadata, timeout: timeout)
            return (created, draft, review)
        }
        print("  project \(project.id): tasks \(draft.id) -> \(review.id)")
        try await withClient(tasks) { client, metadata, timeout in
            var metadata = metadata
            try? metadata.add("x-tandem-actor", .string(first))
            for status in [TasksV1.TaskStatus.inProgress, .done] {
                var request = TasksV1.SetTaskStatusRequest()
                request.taskID = draft.id
                request.status = status
                _ = try await client.unary(TasksV1.TaskService.setTaskStatus, request, metadata: metadata, timeout: timeout)
            }
        }
        print("  task \(draft.id) done; waiting for \(second)'s project.dependency_ready")
        let started = ContinuousClock.now
        let found: NotifyV1.Notification? = try await withClient(notify) { client, metadata, timeout in
            var request = NotifyV1.ListNotificationsRequest()
            request.user = second
            request.eventTypes = ["project.dependency_ready"]
            while ContinuousClock.now - started < .seconds(wait) {
                let page = try await client.unary(
                    NotifyV1.NotificationService.listNotifications, request, metadata: metadata, timeout: timeout)
                if let notification = page.notifications.first { return notification }
                try await Task.sleep(for: .milliseconds(100))
            }
            return nil
        }
        guard let found else {
            printError("tandemctl: no project.dependency_ready reached \(second) within \(wait) s")
            throw ExitCode(ExitStatus.callFailed)
        }
        let elapsed = ContinuousClock.now - started
        print("  notified \(second): \"\(found.title)\" after \(elapsed.formatted(.units(allowed: [.milliseconds])))")
    }
}
