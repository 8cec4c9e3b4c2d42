import Foundation
public import Logging
public import TandemPostgres
public import TandemRPC
import TandemSchema
public import TandemService

/// tandem-tasks as one process serves it: the task API, provisioning, the outbox relay and the
/// reminder scanner. The executable and the integration tests assemble it the same way.
public struct TasksAssembly: Sendable {
    /// Everything the server serves besides health and reflection, behind the authenticator.
    public let services: [any RPCService]
    public let relay: EventRelay
    public let scanner: ReminderScanner

    /// - Parameters:
    ///   - subscribers: Where the relay delivers every event; their names go into the queue.
    ///   - reminderLead: How long before a task becomes overdue `task.due_soon` goes out.
    public init(
        clusters: ClusterSet, authenticator: Authenticator, subscribers: [any EventSubscriber], reminderLead: Duration,
        pageTokenKey: [UInt8], logger: Logger, relayPollInterval: Duration = .seconds(1),
        scanInterval: Duration = .seconds(5)
    ) {
        let store = TaskStore(
            clusters: clusters, outbox: Outbox(subscribers: subscribers.map(\.name)), reminderLead: reminderLead)
        let tasks = TaskService(store: store, pageTokens: PageTokenCodec(key: pageTokenKey), logger: logger)
        let provisioning = TenantProvisioningService(
            clusters: clusters, source: "tandem-tasks", exporters: [Self.exportTasks], logger: logger)
        self.services = [
            authenticator.protect(tasks, policy: TaskService.access),
            authenticator.protect(provisioning) { _ in .service },
        ]
        self.relay = EventRelay(clusters: clusters, subscribers: subscribers, pollInterval: relayPollInterval, logger: logger)
        self.scanner = ReminderScanner(clusters: clusters, store: store, interval: scanInterval, logger: logger)
    }

    /// Every task of the tenant with its blockers, oldest first (for ExportTenant).
    @Sendable static func exportTasks(_ connection: PostgresConnection) throws -> [AdminV1.ExportRecord] {
        var tasks: [TasksV1.Task] = []
        for row in try connection.query("SELECT \(sql: TaskRows.columns) FROM tasks ORDER BY created_at, id").rows {
            tasks.append(try TaskRows.task(row).task)
        }
        try TaskRows.attach(
            try connection.query("SELECT \(sql: TaskRows.blockerColumns) FROM task_blockers ORDER BY created_at, id"), to: &tasks)
        return tasks.map { task in
            var record = AdminV1.ExportRecord()
            record.source = "tandem-tasks"
            record.record = .task(task)
            return record
        }
    }
}

/// The statements TaskService's handlers send, for benchmarks that run the very same SQL with
/// another client (pgbench). Each list starts after the tenant setting,
/// `SELECT set_config('tandem.tenant_id', $1, true)`, which goes in the same round trip.
public enum TaskStatements {
    /// CreateTask of a task titled `title`, with the outbox written for `subscribers`; also
    /// returns the ids drawn for the task and its event.
    public static func create(title: String, tenantID: String, subscribers: [String]) throws
        -> (statements: [PostgresQuery], taskID: String, eventID: String)
    {
        var input = TasksV1.Task()
        input.title = title
        let context = ChangeContext(tenantID: tenantID, actor: "bench", timeZone: "UTC", now: Date())
        let task = try TaskService.validatedNewTask(input, now: context.now)
        let statements = TaskStore.createStatements(
            task, requestID: nil, context: context, outbox: Outbox(subscribers: subscribers), reminderLead: .seconds(86_400))
        return (statements, task.id, TaskEvents.created(task, context).id)
    }

    /// GetTask of `id`.
    public static func get(id: String) -> [PostgresQuery] { TaskStore.getStatements(id: id) }

    /// The blockers ListTasks reads for a page of tasks.
    public static func blockers(of ids: [String]) -> PostgresQuery { TaskRows.blockersQuery(ids) }
}
