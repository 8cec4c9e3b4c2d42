import Foundation
import Logging
import TandemPostgres
public import TandemRPC
public import TandemSchema
public import TandemService

/// `tandem.tasks.v1.TaskService`: tasks, blockers, recurrence and workload for the caller's tenant.
public struct TaskService: RPCService {
    let store: TaskStore
    let pageTokens: PageTokenCodec
    let logger: Logger

    init(store: TaskStore, pageTokens: PageTokenCodec, logger: Logger) {
        self.store = store
        self.pageTokens = pageTokens
        self.logger = logger
    }

    /// Reads need the `read` scope, every other call `write`.
    public static func access(_ method: MethodInfo) -> Access {
        switch method.method {
        case "GetTask", "ListTasks", "GetWorkload": .tenant(.read)
        default: .tenant(.write)
        }
    }

    public var methods: [ServiceMethod] {
        [
            .unary(TasksV1.TaskService.createTask) { request, _ in
                var response = TasksV1.CreateTaskResponse()
                response.task = try await database { try await createTask(request) }
                return response
            },
            .unary(TasksV1.TaskService.getTask) { request, _ in
                let (context, pool) = try session()
                var response = TasksV1.GetTaskResponse()
                response.task = try await database { try await store.get(id: request.id, tenantID: context.tenantID, pool: pool) }
                return response
            },
            .unary(TasksV1.TaskService.updateTask) { request, _ in
                var response = TasksV1.UpdateTaskResponse()
                response.task = try await database { try await updateTask(request) }
                return response
            },
            .unary(TasksV1.TaskService.setTaskStatus) { request, _ in
                try await database { try await setStatus(request) }
            },
            .unary(TasksV1.TaskService.addBlocker) { request, _ in
                try await database { try await addBlocker(request) }
            },
            .unary(TasksV1.TaskService.resolveBlocker) { request, _ in
                var response = TasksV1.ResolveBlockerResponse()
                response.task = try await database { try await resolveBlocker(request) }
                return response
            },
            .unary(TasksV1.TaskService.listTasks) { request, _ in
                try await database { try await listTasks(request) }
            },
            .unary(TasksV1.TaskService.deleteTask) { request, _ in
                var response = TasksV1.DeleteTaskResponse()
                response.task = try await database { try await deleteTask(request) }
                return response
            },
            .unary(TasksV1.TaskService.getWorkload) { request, _ in
                try await database { try await workload(request) }
            },
        ]
    }

    private func database<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withDatabaseErrors(logger: logger, body)
    }

    /// The caller's tenant as a change context, and its cluster's pool.
    func session() throws(RPCError) -> (ChangeContext, PostgresPool) {
        let tenant = try Caller.tenant()
        let context = ChangeContext(
            tenantID: tenant.tenantID, actor: Caller.current?.actor ?? "", timeZone: tenant.timeZone, now: Date())
        return (context, try store.clusters.pool(tenant.cluster))
    }

    /// Runs `body` in one transaction for the caller's tenant.
    func change<T: Sendable>(
        _ body: @escaping @Sendable (ChangeContext, PostgresConnection) throws -> T
    ) async throws -> T {
        let (context, pool) = try session()
        return try await pool.transaction(tenant: TenantScope(context.tenantID)) { connection in
            try body(context, connection)
        }
    }

    // MARK: - CreateTask

    func createTask(_ request: TasksV1.CreateTaskRequest) async throws -> TasksV1.Task {
        let (context, pool) = try session()
        let requestID = try Validation.requestID(request.requestID)
        let task = try Self.validatedNewTask(request.task ?? TasksV1.Task(), now: context.now)
        return try await store.create(task, requestID: requestID, context: context, pool: pool)
    }

    /// The task a CreateTask request asks for, validated, with a new id (and series).
    static func validatedNewTask(_ input: TasksV1.Task, now: Date) throws(RPCError) -> TasksV1.Task {
        var task = TasksV1.Task()
        task.id = Identifiers.uuidV7(now: now)
        try TaskRules.title(input.title, field: "task.title")
        task.title = input.title
        try TaskRules.description(input.description, field: "task.description")
        task.description = input.description
        try TaskRules.owner(input.owner, field: "task.owner")
        task.owner = input.owner
        switch input.status {
        case .unspecified: task.status = .todo
        case .todo, .inProgress: task.status = input.status
        default:
            throw .invalidArgument(field: "task.status", "a task starts as TASK_STATUS_TODO or TASK_STATUS_IN_PROGRESS")
        }
        task.priority = try TaskRules.priority(input.priority, field: "task.priority")
        let due = try Validation.day(input.dueDate, field: "task.due_date")
        task.dueDate = due?.message
        try TaskRules.estimate(input.estimateDays, field: "task.estimate_days")
        task.estimateDays = input.estimateDays
        task.labels = try TaskRules.labels(input.labels, field: "task.labels")
        task.projectID = try TaskRules.reference(input.projectID, field: "task.project_id") ?? ""
        task.phaseID = try TaskRules.reference(input.phaseID, field: "task.phase_id") ?? ""
        if !task.phaseID.isEmpty, task.projectID.isEmpty {
            throw .invalidArgument(field: "task.phase_id", "a phase needs its project_id")
        }
        if var rule = try TaskRules.recurrence(input.recurrence, dueDate: due, field: "task.recurrence") {
            rule.seriesID = Identifiers.uuidV7(now: now)
            rule.occurrence = 1
            task.recurrence = rule
        }
        return task
    }

    // MARK: - UpdateTask

    static let updatablePaths: Set<String> = [
        "title", "description", "owner", "priority", "due_date", "estimate_days", "labels", "project_id", "phase_id",
        "recurrence",
    ]

    func updateTask(_ request: TasksV1.UpdateTaskRequest) async throws -> TasksV1.Task {
        let input = request.task ?? TasksV1.Task()
        let paths = request.updateMask?.paths ?? []
        guard !paths.isEmpty else { throw RPCError.invalidArgument(field: "update_mask", "name at least one field to change") }
        for (index, path) in paths.enumerated() where !Self.updatablePaths.contains(path) {
            throw RPCError.invalidArgument(
                field: "update_mask.paths[\(index)]",
                "\"\(path.prefix(64))\" is not an updatable field (\(Self.updatablePaths.sorted().joined(separator: ", ")))")
        }
        let mask = Set(paths)
        let store = self.store
        let expected = request.expectedVersion
        return try await change { context, connection in
            let stored = try store.lock(input.id, on: connection)
            let old = stored.task
            try TaskStore.checkVersion(old, expected: expected)
            try TaskStore.checkNotArchived(old)
            let new = try Self.applying(input, mask: mask, to: old, now: context.now)
            let changed = Self.changedFields(old, new)
            if changed.isEmpty { return old }
            let saved = try store.save(new, statusBeforeBlock: stored.statusBeforeBlock, context: context, on: connection)
            if old.labels != new.labels { try store.replaceLabels(saved, context: context, on: connection) }
            if old.dueDate != new.dueDate { try store.reschedule(saved, context: context, on: connection) }
            var events = [TaskEvents.updated(saved, changed: changed, previous: old, context)]
            if old.owner != saved.owner { events.append(TaskEvents.assigned(saved, previousOwner: old.owner, context)) }
            try store.outbox.write(events, tenantID: context.tenantID, on: connection)
            return saved
        }
    }

    static func applying(_ input: TasksV1.Task, mask: Set<String>, to old: TasksV1.Task, now: Date) throws(RPCError) -> TasksV1.Task {
        var task = old
        if mask.contains("title") {
            try TaskRules.title(input.title, field: "task.title")
            task.title = input.title
        }
        if mask.contains("description") {
            try TaskRules.description(input.description, field: "task.description")
            task.description = input.description
        }
        if mask.contains("owner") {
            try TaskRules.owner(input.owner, field: "task.owner")
            task.owner = input.owner
        }
        if mask.contains("priority") { task.priority = try TaskRules.priority(input.priority, field: "task.priority") }
        if mask.contains("due_date") { task.dueDate = try Validation.day(input.dueDate, field: "task.due_date")?.message }
        if mask.contains("estimate_days") {
            try TaskRules.estimate(input.estimateDays, field: "task.estimate_days")
            task.estimateDays = input.estimateDays
        }
        if mask.contains("labels") { task.labels = try TaskRules.labels(input.labels, field: "task.labels") }
        if mask.contains("project_id") { task.projectID = try TaskRules.reference(input.projectID, field: "task.project_id") ?? "" }
        if mask.contains("phase_id") { task.phaseID = try TaskRules.reference(input.phaseID, field: "task.phase_id") ?? "" }
        if !task.phaseID.isEmpty, task.projectID.isEmpty {
            throw .invalidArgument(field: "task.phase_id", "a phase needs its project_id")
        }
        let due = task.dueDate.flatMap(CalendarDay.init)
        if mask.contains("recurrence") {
            if var rule = try TaskRules.recurrence(input.recurrence, dueDate: due, field: "task.recurrence") {
                // A new rule on a series keeps its place in it; a first rule starts a series.
                rule.seriesID = old.recurrence?.seriesID ?? Identifiers.uuidV7(now: now)
                rule.occurrence = old.recurrence?.occurrence ?? 1
                task.recurrence = rule
            } else {
                task.recurrence = nil
            }
        } else if let rule = task.recurrence {
            // The rule must still hold against a changed due date.
            var checked = try TaskRules.recurrence(rule, dueDate: due, field: "task.recurrence")
            checked?.seriesID = rule.seriesID
            checked?.occurrence = rule.occurrence
            task.recurrence = checked
        }
        return task
    }

    static func changedFields(_ old: TasksV1.Task, _ new: TasksV1.Task) -> [String] {
        var changed: [String] = []
        if old.title != new.title { changed.append("title") }
        if old.description != new.description { changed.append("description") }
        if old.owner != new.owner { changed.append("owner") }
        if old.priority != new.priority { changed.append("priority") }
        if old.dueDate != new.dueDate { changed.append("due_date") }
        if old.estimateDays != new.estimateDays { changed.append("estimate_days") }
        if old.labels != new.labels { changed.append("labels") }
        if old.projectID != new.projectID { changed.append("project_id") }
        if old.phaseID != new.phaseID { changed.append("phase_id") }
        if old.recurrence != new.recurrence { changed.append("recurrence") }
        return changed
    }

    // MARK: - SetTaskStatus

    func setStatus(_ request: TasksV1.SetTaskStatusRequest) async throws -> TasksV1.SetTaskStatusResponse {
        let target = try TaskRules.status(request.status, field: "status")
        guard target != .blocked else {
            throw RPCError.invalidArgument(field: "status", "BLOCKED follows from open blockers; add a blocker instead")
        }
        guard request.reason.unicodeScalars.count <= TaskRules.reasonLimit else {
            throw RPCError.invalidArgument(field: "reason", "at most \(TaskRules.reasonLimit) characters")
        }
        let store = self.store
        return try await change { context, connection in
            try StatusChange(store: store, context: context, connection: connection)
                .set(request.taskID, to: target, reason: request.reason, expectedVersion: request.expectedVersion)
        }
    }

    // MARK: - Blockers

    func addBlocker(_ request: TasksV1.AddBlockerRequest) async throws -> TasksV1.AddBlockerResponse {
        guard request.description.unicodeScalars.count <= TaskRules.blockerDescriptionLimit else {
            throw RPCError.invalidArgument(field: "description", "at most \(TaskRules.blockerDescriptionLimit) characters")
        }
        let blockingID = try TaskRules.reference(request.blockingTaskID, field: "blocking_task_id")
        if blockingID == nil, request.description.allSatisfy(\.isWhitespace) {
            throw RPCError.invalidArgument(field: "description", "describe the blocker or name its blocking_task_id")
        }
        if let blockingID, blockingID == request.taskID.lowercased() {
            throw RPCError.invalidArgument(field: "blocking_task_id", "a task cannot block itself")
        }
        let requestID = try Validation.requestID(request.requestID)
        let store = self.store
        return try await change { context, connection in
            try StatusChange(store: store, context: context, connection: connection).addBlocker(
                to: request.taskID, description: request.description, blockingTaskID: blockingID, requestID: requestID,
                expectedVersion: request.expectedVersion)
        }
    }

    func resolveBlocker(_ request: TasksV1.ResolveBlockerRequest) async throws -> TasksV1.Task {
        let store = self.store
        return try await change { context, connection in
            try StatusChange(store: store, context: context, connection: connection).resolveBlocker(
                request.blockerID, of: request.taskID, expectedVersion: request.expectedVersion)
        }
    }

    // MARK: - DeleteTask

    func deleteTask(_ request: TasksV1.DeleteTaskRequest) async throws -> TasksV1.Task {
        let store = self.store
        return try await change { context, connection in
            let stored = try store.lock(request.id, on: connection)
            try TaskStore.checkVersion(stored.task, expected: request.expectedVersion)
            if stored.task.archived { return stored.task }
            let saved = try store.save(
                stored.task, statusBeforeBlock: stored.statusBeforeBlock, archive: true, context: context, on: connection)
            try store.reschedule(saved, context: context, on: connection)
            try store.outbox.write([TaskEvents.deleted(saved, context)], tenantID: context.tenantID, on: connection)
            return saved
        }
    }
}
