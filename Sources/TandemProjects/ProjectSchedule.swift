import Foundation
import TandemPostgres
import TandemRPC
import TandemScheduling
import TandemSchema
import TandemService

/// GetSchedule: the project's plan from its own tables and its tasks from the task service,
/// through the scheduling engine.
extension ProjectService {
    struct Plan: Sendable {
        var project: ProjectsV1.Project
        var phases: [ProjectsV1.Phase]
        var milestones: [ProjectsV1.Milestone]
        var dependencies: [ProjectsV1.Dependency]
    }

    func plan(_ projectID: String) async throws -> Plan {
        try await read { try Self.plan(projectID, on: $1) }
    }

    /// The plan, or nil when there is no such project.
    func planIfFound(_ projectID: String) async throws -> Plan? {
        do {
            return try await plan(projectID)
        } catch let error as RPCError where error.code == .notFound {
            return nil
        }
    }

    /// The plan as read in the caller's transaction.
    static func plan(_ projectID: String, on connection: PostgresConnection) throws -> Plan {
        let project = try Self.project(projectID, on: connection)
        let phases = try connection.query(
            "SELECT \(sql: ProjectRows.phaseColumns) FROM project_phases WHERE project_id = \(project.id)::uuid ORDER BY position, id"
        ).rows.map { row throws(PostgresError) in try ProjectRows.phase(row) }
        let milestones = try connection.query(
            "SELECT \(sql: ProjectRows.milestoneColumns) FROM project_milestones WHERE project_id = \(project.id)::uuid ORDER BY id"
        ).rows.map { row throws(PostgresError) in try ProjectRows.milestone(row) }
        let dependencies = try connection.query(
            "SELECT \(sql: ProjectRows.dependencyColumns) FROM project_dependencies WHERE project_id = \(project.id)::uuid ORDER BY created_at, id"
        ).rows.map { row throws(PostgresError) in try ProjectRows.dependency(row) }
        return Plan(project: project, phases: phases, milestones: milestones, dependencies: dependencies)
    }

    func getSchedule(_ request: ProjectsV1.GetScheduleRequest) async throws -> ProjectsV1.GetScheduleResponse {
        let session = try session()
        let plan = try await plan(request.projectID)
        let tasks = try await tasks.listTasks(projectID: plan.project.id, tenantID: session.tenantID, actor: session.actor)
        var response = ProjectsV1.GetScheduleResponse()
        response.schedule = try Self.schedule(
            plan, tasks: tasks, today: TenantCalendar.today(timeZone: session.timeZone), timeZone: session.timeZone)
        return response
    }

    /// The schedule of `plan` with `tasks` (its work items) as of `today`.
    static func schedule(_ plan: Plan, tasks: [TasksV1.Task], today: CalendarDay, timeZone: String) throws -> ProjectsV1.Schedule {
        let project = plan.project
        let start = project.startDate.flatMap(CalendarDay.init) ?? today
        var calendar = Self.workingCalendar(project, start: start)

        struct Entry {
            var ref: ProjectsV1.ItemRef
            var name: String
            var phaseID: String
            var item: ScheduleEngine.Item
        }
        var entries: [Entry] = []
        for task in tasks where task.status != .cancelled && !task.archived {
            let duration = max(1, Int(task.estimateDays.rounded(.up)))
            let progress: ScheduleEngine.Progress
            switch task.status {
            case .done: progress = .done(on: task.completedAt.map { Self.day(of: $0, timeZone: timeZone) } ?? today)
            case .inProgress: progress = .started(remainingDays: duration)
            default: progress = .notStarted
            }
            entries.append(
                Entry(ref: Self.ref(task: task.id), name: task.title, phaseID: task.phaseID,
                      item: .init(id: task.id, duration: duration, progress: progress)))
        }
        for milestone in plan.milestones {
            let progress: ScheduleEngine.Progress =
                milestone.reached ? .done(on: milestone.reachedAt.map { Self.day(of: $0, timeZone: timeZone) } ?? today) : .notStarted
            entries.append(
                Entry(ref: Self.ref(milestone: milestone.id), name: milestone.name, phaseID: milestone.phaseID,
                      item: .init(id: milestone.id, duration: 0, progress: progress)))
        }
        for phase in plan.phases where phase.depth.rawValue == 2 && phase.roughEstimateDays > 0 {
            entries.append(
                Entry(ref: Self.ref(phase: phase.id), name: phase.name, phaseID: phase.id,
                      item: .init(id: phase.id, duration: Int(phase.roughEstimateDays.rounded(.up)))))
        }
        // Items in id order: the engine breaks ties by their order.
        entries.sort { $0.item.id < $1.item.id }
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() { index[entry.item.id] = position }
        var links: [ScheduleEngine.Link] = []
        for dependency in plan.dependencies {
            // A link to a cancelled or archived task no longer constrains anything.
            guard let from = dependency.predecessor.flatMap(Self.itemID).flatMap({ index[$0] }),
                let to = dependency.successor.flatMap(Self.itemID).flatMap({ index[$0] })
            else { continue }
            let type: ScheduleEngine.LinkType =
                switch dependency.type.rawValue {
                case 2: .startToStart
                case 3: .finishToFinish
                case 4: .startToFinish
                default: .finishToStart
                }
            links.append(.init(predecessor: from, successor: to, type: type, lag: Int(dependency.lagDays)))
        }
        let todayIndex = calendar.index(of: today)
        let result: ScheduleEngine.Result
        do {
            result = try ScheduleEngine.schedule(items: entries.map(\.item), links: links, today: todayIndex, calendar: &calendar)
        } catch {
            // AddDependency refuses cycles and lags past 3650 days; either here means the stored
            // plan is damaged.
            switch error {
            case .cycle: throw RPCError(code: .internalError, message: "the project's dependencies form a cycle")
            case .unknownItem, .lagOutOfRange: throw RPCError(code: .internalError, message: "the project's dependencies are damaged: \(error)")
            }
        }

        var schedule = ProjectsV1.Schedule()
        schedule.projectID = project.id
        schedule.startDate = start.message
        schedule.targetDate = project.targetDate
        var milestoneDates: [String: CalendarDay] = [:]
        for position in result.order {
            let entry = entries[position]
            let times = result.times[position]
            let duration = times.earliestFinish - times.earliestStart
            let dates = times.dates(duration: duration, calendar: &calendar)
            var item = ProjectsV1.ScheduledItem()
            item.ref = entry.ref
            item.name = entry.name
            item.phaseID = entry.phaseID
            item.durationDays = Int32(entry.item.duration)
            item.earliestStart = dates.earliestStart.message
            item.earliestFinish = dates.earliestFinish.message
            item.latestStart = dates.latestStart.message
            item.latestFinish = dates.latestFinish.message
            item.totalFloatDays = Int32(clamping: times.totalFloat)
            item.done = ScheduleEngine.isDone(entry.item)
            item.critical = !item.done && times.totalFloat == 0
            schedule.items.append(item)
            if entry.item.duration == 0, case .milestoneID(let id)? = entry.ref.item { milestoneDates[id] = dates.earliestFinish }
        }
        schedule.criticalPath = result.criticalPath.map { entries[$0].ref }
        if !entries.isEmpty {
            let finish = result.finish > 0 ? calendar.day(at: result.finish - 1) : start
            schedule.forecastFinish = finish.message
            if let target = project.targetDate.flatMap(CalendarDay.init) {
                schedule.slipDays = Int32(clamping: calendar.index(of: finish) - calendar.index(of: target))
            }
        }
        for milestone in plan.milestones {
            var forecast = ProjectsV1.MilestoneForecast()
            forecast.milestoneID = milestone.id
            forecast.name = milestone.name
            forecast.targetDate = milestone.targetDate
            forecast.reached = milestone.reached
            if let date = milestoneDates[milestone.id] {
                forecast.forecastDate = date.message
                if let target = milestone.targetDate.flatMap(CalendarDay.init) {
                    forecast.slipDays = Int32(clamping: calendar.index(of: date) - calendar.index(of: target))
                    forecast.atRisk = !milestone.reached && date > target
                }
            }
            schedule.milestones.append(forecast)
        }
        schedule.computedAt = PostgresTimestamp(Date()).protobuf
        return schedule
    }

    /// The project's working calendar, its indices counted from `start`.
    static func workingCalendar(_ project: ProjectsV1.Project, start: CalendarDay) -> WorkingCalendar {
        WorkingCalendar(
            start: start, workingWeekdays: Set((project.calendar?.workingDays ?? []).map { Int($0.rawValue) }),
            holidays: Set((project.calendar?.holidays ?? []).compactMap(CalendarDay.init)))
    }

    static func itemID(_ ref: ProjectsV1.ItemRef) -> String? {
        switch ref.item {
        case .taskID(let id)?, .milestoneID(let id)?, .phaseID(let id)?: id
        case nil: nil
        }
    }

    /// The day an instant falls on in the zone.
    static func day(of timestamp: GoogleProtobuf.Timestamp, timeZone: String) -> CalendarDay {
        TenantCalendar.today(timeZone: timeZone, at: Date(timeIntervalSince1970: Double(timestamp.seconds)))
    }
}
