import Foundation
import Testing
import TandemGRPC
import TandemPostgres
import TandemRPC
import TandemRuntime
import TandemSchema
import TandemService
import TandemTasks
import TandemTestSupport

/// A tenant's view of tandem-tasks through the real gRPC stack.
struct TaskAPI {
    let client: GRPCClient
    let metadata: Metadata
    let tenant: AdminV1.Tenant

    static func make(_ deployment: Deployment, slug: String, timeZone: String = "UTC", scopes: [AdminV1.Scope] = [.read, .write])
        async throws -> TaskAPI
    {
        let (admin, adminMetadata) = try deployment.admin()
        var request = AdminV1.CreateTenantRequest()
        request.slug = slug
        request.displayName = slug
        request.timeZone = timeZone
        let tenant = try await admin.unary(AdminV1.TenantAdmin.createTenant, request, metadata: adminMetadata).tenant!
        let key = try await deployment.createKey(tenant.id, scopes: scopes)
        var metadata = Deployment.bearer(key.secret)
        try metadata.add("x-tandem-actor", .string("alice"))
        return TaskAPI(client: try deployment.client(.tasks), metadata: metadata, tenant: tenant)
    }

    func create(_ title: String, _ configure: (inout TasksV1.Task) -> Void = { _ in }, requestID: String = "") async throws
        -> TasksV1.Task
    {
        var request = TasksV1.CreateTaskRequest()
        var task = TasksV1.Task()
        task.title = title
        configure(&task)
        request.task = task
        request.requestID = requestID
        return try await client.unary(TasksV1.TaskService.createTask, request, metadata: metadata).task!
    }

    func get(_ id: String) async throws -> TasksV1.Task {
        var request = TasksV1.GetTaskRequest()
        request.id = id
        return try await client.unary(TasksV1.TaskService.getTask, request, metadata: metadata).task!
    }

    func update(_ task: TasksV1.Task, _ paths: [String], expectedVersion: Int64 = 0) async throws -> TasksV1.Task {
        var request = TasksV1.UpdateTaskRequest()
        request.task = task
        request.updateMask = GoogleProtobuf.FieldMask(paths: paths)
        request.expectedVersion = expectedVersion
        return try await client.unary(TasksV1.TaskService.updateTask, request, metadata: metadata).task!
    }

    func setStatus(_ id: String, _ status: TasksV1.TaskStatus, expectedVersion: Int64 = 0) async throws
        -> TasksV1.SetTaskStatusResponse
    {
        var request = TasksV1.SetTaskStatusRequest()
        request.taskID = id
        request.status = status
        request.expectedVersion = expectedVersion
        return try await client.unary(TasksV1.TaskService.setTaskStatus, request, metadata: metadata)
    }

    func addBlocker(_ id: String, _ description: String = "", blockingTaskID: String = "", requestID: String = "") async throws
        -> TasksV1.AddBlockerResponse
    {
        var request = TasksV1.AddBlockerRequest()
        request.taskID = id
        request.description = description
        request.blockingTaskID = blockingTaskID
        request.requestID = requestID
        return try await client.unary(TasksV1.TaskService.addBlocker, request, metadata: metadata)
    }

    func resolve(_ id: String, blocker: String) async throws -> TasksV1.Task {
        var request = TasksV1.ResolveBlockerRequest()
        request.taskID = id
        request.blockerID = blocker
        return try await client.unary(TasksV1.TaskService.resolveBlocker, request, metadata: metadata).task!
    }

    func list(_ configure: (inout TasksV1.ListTasksRequest) -> Void = { _ in }) async throws -> TasksV1.ListTasksResponse {
        var request = TasksV1.ListTasksRequest()
        configure(&request)
        return try await client.unary(TasksV1.TaskService.listTasks, request, metadata: metadata)
    }

    /// Every page of a list, following next_page_token.
    func listAll(_ configure: (inout TasksV1.ListTasksRequest) -> Void) async throws -> [TasksV1.Task] {
        var tasks: [TasksV1.Task] = []
        var token = ""
        repeat {
            let page = try await list {
                configure(&$0)
                $0.pageToken = token
            }
            tasks += page.tasks
            token = page.nextPageToken
        } while !token.isEmpty
        return tasks
    }

    func delete(_ id: String) async throws -> TasksV1.Task {
        var request = TasksV1.DeleteTaskRequest()
        request.id = id
        return try await client.unary(TasksV1.TaskService.deleteTask, request, metadata: metadata).task!
    }

    func workload(_ owners: [String] = []) async throws -> TasksV1.GetWorkloadResponse {
        var request = TasksV1.GetWorkloadRequest()
        request.owners = owners
        return try await client.unary(TasksV1.TaskService.getWorkload, request, metadata: metadata)
    }
}

/// The error a call fails with, or nil when it succeeds.
func failure(_ call: () async throws -> some Any) async -> RPCError? {
    do {
        _ = try await call()
        return nil
    } catch let error as RPCError {
        return error
    } catch {
        return RPCError(code: .unknown, message: "\(error)")
    }
}

func date(_ day: CalendarDay) -> CommonV1.Date { day.message }

func date(_ year: Int32, _ month: Int32, _ day: Int32) -> CommonV1.Date {
    var date = CommonV1.Date()
    date.year = year
    date.month = month
    date.day = day
    return date
}

@Suite("TaskService through gRPC", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"), .serialized)
struct TaskServiceTests {
    @Test("CreateTask fills defaults, GetTask reads it back, and invalid input names its field")
    func createAndValidate() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "create-tasks")
        let created = try await api.create("Write the plan") {
            $0.owner = "bob"
            $0.dueDate = date(2030, 2, 28)
            $0.labels = ["plan", "q1", "plan"]
            $0.estimateDays = 2.5
        }
        #expect(created.status == .todo && created.priority == .medium && created.version == 1)
        #expect(created.labels == ["plan", "q1"], "duplicates dropped, order kept")
        #expect(created.createdBy == "alice" && created.updatedBy == "alice")
        #expect(created.createdAt != nil && created.completedAt == nil && !created.archived)
        let read = try await api.get(created.id)
        #expect(read == created)

        let cases: [(String, (inout TasksV1.Task) -> Void)] = [
            ("task.title", { $0.title = "" }),
            ("task.title", { $0.title = String(repeating: "x", count: 501) }),
            ("task.labels", { $0.labels = (0..<21).map { "l\($0)" } }),
            ("task.labels[0]", { $0.labels = [String(repeating: "y", count: 51)] }),
            ("task.due_date", { $0.dueDate = date(2030, 2, 30) }),
            ("task.priority", { $0.priority = .init(rawValue: 9) }),
            ("task.status", { $0.status = .done }),
            ("task.status", { $0.status = .init(rawValue: 42) }),
            ("task.estimate_days", { $0.estimateDays = -1 }),
            ("task.phase_id", { $0.phaseID = "0190a0a0-0000-7000-8000-000000000001" }),
            ("task.project_id", { $0.projectID = "not-an-id" }),
            ("task.due_date", { $0.recurrence = .init() }),
        ]
        for (field, configure) in cases {
            let error = await failure {
                try await api.create("t") {
                    $0.title = "valid"
                    configure(&$0)
                }
            }
            #expect(error?.code == .invalidArgument, "\(field): \(String(describing: error))")
            #expect(error?.message.hasPrefix(field + ":") == true, "\(field): \(String(describing: error))")
        }
        let pageError = await failure { try await api.list { $0.pageSize = -1 } }
        #expect(pageError?.code == .invalidArgument && pageError?.message.hasPrefix("page_size") == true)
        let missing = await failure { try await api.get("0190a0a0-0000-7000-8000-000000000001") }
        #expect(missing?.code == .notFound)
        let malformed = await failure { try await api.get("nope") }
        #expect(malformed?.code == .notFound)
    }

    @Test("A retried CreateTask with the same request_id returns the first task and stores one")
    func idempotentCreate() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "idem-tasks")
        async let first = api.create("Once", requestID: "req-1")
        async let second = api.create("Once", requestID: "req-1")
        let (a, b) = try await (first, second)
        #expect(a.id == b.id)
        // A blocker added since: the retry answers the task as stored now, blockers included.
        _ = try await api.addBlocker(a.id, "waiting for legal")
        let again = try await api.create("Once", requestID: "req-1")
        #expect(again.id == a.id && again.blockers.count == 1)
        #expect(again == (try await api.get(a.id)), "the retry answers the stored task itself")
        #expect(try await api.list().tasks.count == 1)
        let other = try await api.create("Once", requestID: "req-2")
        #expect(other.id != a.id)
    }

    @Test("UpdateTask changes the masked fields, checks the version, and two conflicting updates give one ABORTED")
    func updates() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "update-tasks")
        let task = try await api.create("Draft") { $0.owner = "bob" }
        var change = TasksV1.Task()
        change.id = task.id
        change.title = "Final"
        change.owner = "carol"
        change.description = "ignored: not in the mask"
        let updated = try await api.update(change, ["title", "owner"], expectedVersion: 1)
        #expect(updated.title == "Final" && updated.owner == "carol" && updated.description == "" && updated.version == 2)

        let stale = await failure { try await api.update(change, ["title"], expectedVersion: 1) }
        #expect(stale?.code == .aborted, "\(String(describing: stale))")
        let badPath = await failure { try await api.update(change, ["status"]) }
        #expect(badPath?.code == .invalidArgument && badPath?.message.hasPrefix("update_mask.paths[0]") == true)
        let empty = await failure { try await api.update(change, []) }
        #expect(empty?.code == .invalidArgument)

        // Two clients update from the same version at once: one wins, the other is ABORTED.
        var one = change, two = change
        one.title = "One"
        two.title = "Two"
        async let first = failure { try await api.update(one, ["title"], expectedVersion: 2) }
        async let second = failure { try await api.update(two, ["title"], expectedVersion: 2) }
        let outcomes = await [first, second]
        #expect(outcomes.filter { $0 == nil }.count == 1, "\(outcomes)")
        #expect(outcomes.compactMap { $0?.code } == [.aborted], "\(outcomes)")
        #expect(try await api.get(task.id).version == 3)

        // Clearing the due date of a recurring task would break its rule.
        var recurring = TasksV1.Task()
        recurring.recurrence = TasksV1.Recurrence()
        recurring.recurrence!.frequency = .daily
        let daily = try await api.create("Daily") {
            $0.dueDate = date(2030, 1, 1)
            $0.recurrence = recurring.recurrence
        }
        var cleared = TasksV1.Task()
        cleared.id = daily.id
        let broken = await failure { try await api.update(cleared, ["due_date"]) }
        #expect(broken?.code == .invalidArgument, "\(String(describing: broken))")
    }

    @Test("Status transitions follow the table; illegal ones answer FAILED_PRECONDITION")
    func transitions() async throws {
        let all: [TasksV1.TaskStatus] = [.todo, .inProgress, .blocked, .done, .cancelled]
        let allowed: Set<String> = [
            "todo>inProgress", "inProgress>todo", "todo>done", "inProgress>done", "todo>cancelled", "inProgress>cancelled",
            "blocked>cancelled", "done>todo", "done>inProgress", "cancelled>todo", "cancelled>inProgress",
        ]
        let names: [TasksV1.TaskStatus: String] = [
            .todo: "todo", .inProgress: "inProgress", .blocked: "blocked", .done: "done", .cancelled: "cancelled",
        ]
        for from in all {
            for to in all where from != to {
                #expect(TaskRules.isAllowed(from: from, to: to) == allowed.contains("\(names[from]!)>\(names[to]!)"))
            }
        }

        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "status-tasks")
        let task = try await api.create("Ship it")
        #expect(try await api.setStatus(task.id, .inProgress).task?.status == .inProgress)
        let done = try await api.setStatus(task.id, .done).task!
        #expect(done.status == .done && done.completedAt != nil)
        let illegal = await failure { try await api.setStatus(task.id, .cancelled) }
        #expect(illegal?.code == .failedPrecondition, "\(String(describing: illegal))")
        let same = try await api.setStatus(task.id, .done).task!
        #expect(same.version == done.version, "setting the current status is a no-op")
        let reopened = try await api.setStatus(task.id, .todo).task!
        #expect(reopened.status == .todo && reopened.completedAt == nil)
        for status in [TasksV1.TaskStatus.blocked, .unspecified, .init(rawValue: 9)] {
            let error = await failure { try await api.setStatus(task.id, status) }
            #expect(error?.code == .invalidArgument && error?.message.hasPrefix("status") == true)
        }
        let stale = await failure { try await api.setStatus(task.id, .inProgress, expectedVersion: 1) }
        #expect(stale?.code == .aborted)
    }

    @Test("Blockers: BLOCKED while one is open, DONE refused, the earlier status restored, and a blocking task's completion resolves it")
    func blockers() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "block-tasks")
        let task = try await api.create("Integrate") { $0.status = .inProgress }
        let first = try await api.addBlocker(task.id, "waiting for the API key", requestID: "b-1")
        #expect(first.task?.status == .blocked && first.blocker?.resolved == false)
        let retry = try await api.addBlocker(task.id, "waiting for the API key", requestID: "b-1")
        #expect(retry.blocker?.id == first.blocker?.id && retry.task?.blockers.count == 1)
        let dependency = try await api.create("Provide the API key")
        let second = try await api.addBlocker(task.id, blockingTaskID: dependency.id)
        #expect(second.task?.blockers.count == 2)

        let doneRefused = await failure { try await api.setStatus(task.id, .done) }
        #expect(doneRefused?.code == .failedPrecondition && doneRefused?.message.contains("2 open blocker") == true)
        let toTodo = await failure { try await api.setStatus(task.id, .todo) }
        #expect(toTodo?.code == .failedPrecondition)

        let afterFirst = try await api.resolve(task.id, blocker: first.blocker!.id)
        #expect(afterFirst.status == .blocked, "one blocker is still open")
        // Completing the blocking task resolves the last blocker by itself.
        _ = try await api.setStatus(dependency.id, .done)
        let unblocked = try await api.get(task.id)
        #expect(unblocked.status == .inProgress, "restored to the status it had")
        #expect(unblocked.blockers.allSatisfy { $0.resolved })
        #expect(unblocked.blockers.first { $0.blockingTaskID == dependency.id }?.resolvedBy == "")

        let selfBlock = await failure { try await api.addBlocker(task.id, blockingTaskID: task.id) }
        #expect(selfBlock?.code == .invalidArgument)
        let emptyBlocker = await failure { try await api.addBlocker(task.id) }
        #expect(emptyBlocker?.code == .invalidArgument && emptyBlocker?.message.hasPrefix("description") == true)
        let onDone = await failure { try await api.addBlocker(task.id, blockingTaskID: dependency.id) }
        #expect(onDone?.code == .failedPrecondition, "the blocking task is already done")
        let unknown = await failure { try await api.resolve(task.id, blocker: "0190a0a0-0000-7000-8000-000000000001") }
        #expect(unknown?.code == .notFound)
        _ = try await api.setStatus(task.id, .done)
        let onClosed = await failure { try await api.addBlocker(task.id, "too late") }
        #expect(onClosed?.code == .failedPrecondition)
    }

    @Test("Completing a recurring task keeps it and creates the next occurrence exactly once, also when two clients complete it at once")
    func recurrence() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "recur-tasks")
        var weekly = TasksV1.Recurrence()
        weekly.frequency = .weekly
        weekly.weekdays = [.monday, .thursday]
        weekly.end = .count(3)
        // 2030-01-07 is a Monday.
        let first = try await api.create("Stand-up notes") {
            $0.dueDate = date(2030, 1, 7)
            $0.recurrence = weekly
            $0.owner = "bob"
            $0.labels = ["team"]
        }
        #expect(first.recurrence?.occurrence == 1 && first.recurrence?.seriesID.isEmpty == false)

        // Two clients complete the same occurrence at the same moment.
        let other = TaskAPI(client: try deployment.client(.tasks), metadata: api.metadata, tenant: api.tenant)
        async let a = api.setStatus(first.id, .done)
        async let b = other.setStatus(first.id, .done)
        let (ra, rb) = try await (a, b)
        let nextIDs = Set([ra.nextOccurrence?.id, rb.nextOccurrence?.id].compactMap { $0 })
        #expect(nextIDs.count == 1, "one next occurrence: \(nextIDs)")
        let second = try await api.get(nextIDs.first!)
        #expect(second.dueDate == date(2030, 1, 10), "the Thursday after")
        #expect(second.status == .todo && second.owner == "bob" && second.labels == ["team"])
        #expect(second.recurrence?.occurrence == 2 && second.recurrence?.seriesID == first.recurrence?.seriesID)
        // A retried completion answers the same next occurrence and creates none.
        let retried = try await api.setStatus(first.id, .done)
        #expect(retried.nextOccurrence?.id == second.id)
        #expect(try await api.get(first.id).status == .done, "the completed occurrence stays as a record")

        let third = try await api.setStatus(second.id, .done).nextOccurrence!
        #expect(third.dueDate == date(2030, 1, 14) && third.recurrence?.occurrence == 3)
        let last = try await api.setStatus(third.id, .done)
        #expect(last.nextOccurrence == nil, "the series ends after 3 occurrences")
        let series = try await api.listAll { $0.pageSize = 2 }
        #expect(series.count == 3)

        // Unit checks of the date rules.
        var monthly = TasksV1.Recurrence()
        monthly.frequency = .monthly
        monthly.dayOfMonth = 31
        let jan31 = CalendarDay(year: 2030, month: 1, day: 31)!
        #expect(TaskRules.nextDueDate(monthly, dueDate: jan31, completedOn: jan31, occurrence: 1) == CalendarDay(year: 2030, month: 2, day: 28))
        var fromCompletion = TasksV1.Recurrence()
        fromCompletion.frequency = .daily
        fromCompletion.interval = 14
        fromCompletion.anchor = .completionDate
        let completed = CalendarDay(year: 2030, month: 3, day: 5)!
        #expect(
            TaskRules.nextDueDate(fromCompletion, dueDate: jan31, completedOn: completed, occurrence: 1)
                == CalendarDay(year: 2030, month: 3, day: 19))
        fromCompletion.end = .until(date(2030, 3, 18))
        #expect(TaskRules.nextDueDate(fromCompletion, dueDate: jan31, completedOn: completed, occurrence: 1) == nil)
    }

    @Test("DeleteTask archives: the task stays readable, leaves lists and workloads, and refuses changes")
    func archive() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "archive-tasks")
        let keep = try await api.create("Keep") { $0.owner = "bob" }
        let drop = try await api.create("Drop") { $0.owner = "bob" }
        let archived = try await api.delete(drop.id)
        #expect(archived.archived && archived.archivedAt != nil)
        #expect(try await api.delete(drop.id).version == archived.version, "deleting again answers it unchanged")
        #expect(try await api.get(drop.id).archived)
        #expect(try await api.list().tasks.map(\.id) == [keep.id])
        #expect(try await api.list { $0.includeArchived = true }.tasks.count == 2)
        #expect(try await api.workload(["bob"]).owners.first?.todo == 1)
        var change = TasksV1.Task()
        change.id = drop.id
        change.title = "Back"
        let refused = await failure { try await api.update(change, ["title"]) }
        #expect(refused?.code == .failedPrecondition)
        let statusRefused = await failure { try await api.setStatus(drop.id, .done) }
        #expect(statusRefused?.code == .failedPrecondition)
    }

    @Test("ListTasks filters, orders and pages with tokens bound to tenant and filter; GetWorkload counts per owner")
    func listing() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "list-tasks")
        let today = TenantCalendar.today(timeZone: "UTC")
        let project = "0190a0a0-0000-7000-8000-0000000000aa"
        let phase = "0190a0a0-0000-7000-8000-0000000000bb"
        var made: [TasksV1.Task] = []
        for index in 0..<12 {
            made.append(
                try await api.create("Task \(index) \(index % 3 == 0 ? "Needle" : "hay")") {
                    $0.owner = index % 2 == 0 ? "bob" : "carol"
                    $0.priority = .init(rawValue: Int32(index % 4) + 1)
                    if index % 4 != 3 { $0.dueDate = date(today.adding(days: index - 5)) }
                    if index < 4 { $0.projectID = project }
                    if index < 2 { $0.phaseID = phase }
                    $0.labels = index % 5 == 0 ? ["five"] : []
                })
        }
        _ = try await api.setStatus(made[0].id, .done)
        _ = try await api.setStatus(made[1].id, .inProgress)

        let byOwner = try await api.listAll {
            $0.owner = "bob"
            $0.pageSize = 4
        }
        #expect(byOwner.map(\.id) == made.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.id), "created order")
        #expect(try await api.list { $0.statuses = [.done, .inProgress] }.tasks.count == 2)
        #expect(try await api.list { $0.projectID = project }.tasks.count == 4)
        #expect(try await api.list { $0.phaseID = phase }.tasks.count == 2)
        #expect(try await api.list { $0.label = "five" }.tasks.map(\.id) == [made[0].id, made[5].id, made[10].id])
        #expect(try await api.list { $0.text = "needle" }.tasks.count == 4, "case-insensitive substring")
        #expect(try await api.list { $0.text = "%" }.tasks.isEmpty, "LIKE wildcards are literal")
        let overdue = try await api.list { $0.overdue = true }.tasks
        #expect(Set(overdue.map(\.id)) == Set([1, 2, 4].map { made[$0].id }), "open and due before today: \(overdue.map(\.title))")
        #expect(try await api.list { $0.overdue = false }.tasks.count == 12 - 3)
        let window = try await api.list {
            $0.dueAfter = date(today.adding(days: -2))
            $0.dueBefore = date(today.adding(days: 2))
        }
        #expect(Set(window.tasks.map(\.id)) == Set([4, 5, 6].map { made[$0].id }))

        // Due-date order, both ways, tasks without a due date last; paged by 5.
        let ascending = try await api.listAll {
            $0.orderBy = .dueDate
            $0.pageSize = 5
        }
        let descending = try await api.listAll {
            $0.orderBy = .dueDate
            $0.descending = true
            $0.pageSize = 5
        }
        let dated = made.filter { $0.dueDate != nil }
        #expect(ascending.count == 12 && descending.count == 12)
        #expect(Array(ascending.prefix(dated.count)).map(\.id) == dated.sorted { CalendarDay($0.dueDate!)! < CalendarDay($1.dueDate!)! }.map(\.id))
        #expect(Array(descending.prefix(dated.count)).map(\.id) == dated.sorted { CalendarDay($0.dueDate!)! > CalendarDay($1.dueDate!)! }.map(\.id))
        #expect(ascending.suffix(3).allSatisfy { $0.dueDate == nil } && descending.suffix(3).allSatisfy { $0.dueDate == nil })
        let byPriority = try await api.listAll {
            $0.orderBy = .priority
            $0.descending = true
            $0.pageSize = 5
        }
        #expect(byPriority.map(\.priority.rawValue) == byPriority.map(\.priority.rawValue).sorted(by: >))

        // A token used with another filter, or by another tenant, or altered, is refused.
        let page = try await api.list {
            $0.owner = "bob"
            $0.pageSize = 2
        }
        let misuse = await failure {
            try await api.list {
                $0.owner = "carol"
                $0.pageSize = 2
                $0.pageToken = page.nextPageToken
            }
        }
        #expect(misuse?.code == .invalidArgument && misuse?.message.hasPrefix("page_token") == true)
        let otherTenant = try await TaskAPI.make(deployment, slug: "list-other")
        let foreign = await failure {
            try await otherTenant.list {
                $0.owner = "bob"
                $0.pageSize = 2
                $0.pageToken = page.nextPageToken
            }
        }
        #expect(foreign?.code == .invalidArgument)
        let badRange = await failure {
            try await api.list {
                $0.dueAfter = date(2030, 1, 2)
                $0.dueBefore = date(2030, 1, 1)
            }
        }
        #expect(badRange?.code == .invalidArgument)

        let workload = try await api.workload()
        #expect(workload.owners.map(\.owner) == ["bob", "carol"])
        let bob = workload.owners[0]
        #expect(bob.done == 1 && bob.todo == 5, "\(bob)")
        #expect(bob.overdue == 2 && bob.dueNext7Days == 3, "bob: \(bob)")
        #expect(workload.asOf == date(today))
        let nobody = try await api.workload(["nobody"])
        #expect(nobody.owners.count == 1 && nobody.owners[0].todo == 0)
    }

    @Test("Overdue follows the tenant's time zone: a task due today in Pago Pago is overdue in Kiritimati")
    func timeZones() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let west = try await TaskAPI.make(deployment, slug: "tz-west", timeZone: "Pacific/Pago_Pago")
        let east = try await TaskAPI.make(deployment, slug: "tz-east", timeZone: "Pacific/Kiritimati")
        let due = TenantCalendar.today(timeZone: "Pacific/Pago_Pago")
        #expect(TenantCalendar.today(timeZone: "Pacific/Kiritimati") > due)
        _ = try await west.create("West") { $0.dueDate = date(due) }
        _ = try await east.create("East") { $0.dueDate = date(due) }
        #expect(try await west.list { $0.overdue = true }.tasks.isEmpty)
        #expect(try await east.list { $0.overdue = true }.tasks.count == 1)
        #expect(try await east.workload().asOf == date(TenantCalendar.today(timeZone: "Pacific/Kiritimati")))
    }

    @Test("Another tenant's task does not exist; a read-only key cannot write")
    func isolation() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let a = try await TaskAPI.make(deployment, slug: "iso-a")
        let b = try await TaskAPI.make(deployment, slug: "iso-b")
        let secret = try await a.create("Secret") { $0.owner = "bob" }
        let read = await failure { try await b.get(secret.id) }
        #expect(read?.code == .notFound)
        let status = await failure { try await b.setStatus(secret.id, .done) }
        #expect(status?.code == .notFound)
        let block = await failure { try await b.addBlocker(b.create("Mine").id, blockingTaskID: secret.id) }
        #expect(block?.code == .notFound)
        #expect(try await b.list().tasks.map(\.title) == ["Mine"])
        #expect(try await b.workload(["bob"]).owners.first?.todo == 0)

        let key = try await deployment.createKey(a.tenant.id, scopes: [.read])
        let reader = TaskAPI(client: a.client, metadata: Deployment.bearer(key.secret), tenant: a.tenant)
        #expect(try await reader.get(secret.id).id == secret.id)
        let write = await failure { try await reader.create("No") }
        #expect(write?.code == .permissionDenied)
    }
}

@Suite("Task events and reminders", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"), .serialized)
struct TaskEventTests {
    /// Runs the relay on every cluster until nothing is left to move.
    static func drain(_ deployment: Deployment) async throws {
        for cluster in Deployment.clusterNames {
            while try await deployment.tasks.relay.relayOnce(pool: deployment.tasksPool(cluster)) > 0 {}
        }
    }

    @Test("Each change writes its events in its transaction; the relay delivers them, retrying after a failed delivery")
    func outbox() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "event-tasks")
        let task = try await api.create("Evented") { $0.owner = "bob" }
        var change = TasksV1.Task()
        change.id = task.id
        change.owner = "carol"
        _ = try await api.update(change, ["owner"])
        let blocker = try await api.addBlocker(task.id, "wait").blocker!
        _ = try await api.resolve(task.id, blocker: blocker.id)
        _ = try await api.setStatus(task.id, .done)
        _ = try await api.delete(task.id)
        // A change that fails writes nothing.
        _ = await failure { try await api.setStatus(task.id, .cancelled) }

        deployment.events.fail(next: 1)
        let pool = deployment.tasksPool(api.tenant.cluster)
        _ = try await deployment.tasks.relay.relay(deployment.events, pool: pool)
        #expect(deployment.events.received().isEmpty, "the first delivery was refused")
        // The refused entries wait for their backoff; make them due now.
        let owner = deployment.databases[.tasks]![api.tenant.cluster]!.ownerPool(maximumConnections: 1)
        defer { owner.close() }
        _ = try await owner.transaction(tenant: nil) { try $0.query("UPDATE outbox_queue SET next_attempt_at = now()") }
        try await Self.drain(deployment)
        let events = deployment.events.received(tenantID: api.tenant.id)
        #expect(
            events.map(\.type) == [
                "task.created", "task.updated", "task.assigned", "task.blocked", "task.status_changed", "task.unblocked",
                "task.status_changed", "task.status_changed", "task.deleted",
            ], "\(events.map(\.type))")
        #expect(Set(events.map(\.id)).count == events.count)
        #expect(events.allSatisfy { $0.subjectID == task.id && $0.source == "tandem-tasks" && $0.actor == "alice" })
        if case .taskUpdated(let updated)? = events[1].payload {
            #expect(updated.changedFields == ["owner"] && updated.version == 2, "\(updated)")
        } else {
            Issue.record("task.updated has no TaskUpdated payload")
        }
        if case .taskAssigned(let assigned)? = events[2].payload {
            #expect(assigned.owner == "carol" && assigned.previousOwner == "bob")
            #expect(Set(events[2].recipients) == ["carol", "bob"])
        } else {
            Issue.record("task.assigned has no TaskAssigned payload")
        }
        if case .taskUnblocked(let unblocked)? = events[5].payload {
            #expect(unblocked.restoredStatus == "TASK_STATUS_TODO" && !unblocked.autoResolved)
        } else {
            Issue.record("task.unblocked has no TaskUnblocked payload")
        }
        let left = try await owner.transaction(tenant: TenantScope(api.tenant.id)) { connection in
            (
                try connection.query("SELECT count(*) FROM outbox").first!.decode(Int.self, at: 0),
                try connection.query("SELECT count(*) FROM outbox_queue").first!.decode(Int.self, at: 0)
            )
        }
        #expect(left == (0, 0), "delivered events leave the outbox")
    }

    @Test("The running relay is woken by the commit (it polls only every 60 s here)")
    func wakeUp() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "wake-tasks")
        let relay = Task { await deployment.tasks.relay.run() }
        defer { relay.cancel() }
        // Let the relay make its first pass and settle into waiting: from then on only a
        // notification (or the 60 s poll, longer than the deadline below) brings it back.
        try await Task.sleep(for: .seconds(1))
        let task = try await api.create("Now")
        let deadline = ContinuousClock.now + .seconds(20)
        while deployment.events.received(tenantID: api.tenant.id).isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(deployment.events.received(tenantID: api.tenant.id).map(\.subjectID) == [task.id])
    }

    @Test("Two scanners send due_soon and overdue once per task, never for done or cancelled work")
    func reminders() async throws {
        // A lead of 30 days: everything due within a month is "due soon".
        let deployment = try await Deployment.start(reminderLead: .seconds(30 * 24 * 3600))
        defer { Task { await deployment.shutdown() } }
        let api = try await TaskAPI.make(deployment, slug: "remind-tasks")
        let today = TenantCalendar.today(timeZone: "UTC")
        var overdue: [String] = [], soon: [String] = []
        for index in 0..<20 {
            let task = try await api.create("Past \(index)") {
                $0.dueDate = date(today.adding(days: -1 - index % 3))
                $0.owner = "bob"
            }
            overdue.append(task.id)
        }
        for index in 0..<20 {
            soon.append(try await api.create("Soon \(index)") { $0.dueDate = date(today.adding(days: 3)) }.id)
        }
        let closed = try await api.create("Closed") { $0.dueDate = date(today.adding(days: -1)) }
        _ = try await api.setStatus(closed.id, .done)
        let cancelled = try await api.create("Cancelled") { $0.dueDate = date(today.adding(days: 1)) }
        _ = try await api.setStatus(cancelled.id, .cancelled)
        _ = try await api.create("Far") { $0.dueDate = date(today.adding(days: 90)) }

        let pool = deployment.tasksPool(api.tenant.cluster)
        let second = deployment.databases[.tasks]![api.tenant.cluster]!.appPool(maximumConnections: 2)
        defer { second.close() }
        // Two replicas' scanners over the same database at once, twice over.
        for _ in 0..<2 {
            async let one = deployment.tasks.scanner.scan(pool: pool)
            async let two = deployment.tasks.scanner.scan(pool: second)
            _ = try await (one, two)
        }
        try await TaskEventTests.drain(deployment)
        let events = deployment.events.received(tenantID: api.tenant.id).filter { $0.type.hasPrefix("task.due_soon") || $0.type == "task.overdue" }
        let overdueEvents = events.filter { $0.type == "task.overdue" }.map(\.subjectID)
        let soonEvents = events.filter { $0.type == "task.due_soon" }.map(\.subjectID)
        #expect(overdueEvents.sorted() == overdue.sorted(), "one overdue per past task")
        #expect(soonEvents.sorted() == soon.sorted(), "one due_soon per task due within the lead")
        #expect(events.allSatisfy { $0.subjectID != closed.id && $0.subjectID != cancelled.id })
        if case .taskOverdue(let payload)? = events.first(where: { $0.type == "task.overdue" })?.payload {
            #expect(payload.daysOverdue >= 1 && payload.owner == "bob")
        } else {
            Issue.record("task.overdue has no TaskOverdue payload")
        }
    }
}
