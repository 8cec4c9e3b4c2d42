import Foundation
import TandemScheduling
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService

/// GetStatusReport: task execution rolled up into delivery.
extension ProjectService {
    /// How close (in working days) a milestone with a pending approval, or a rough phase about to
    /// start, counts as "soon".
    static let soonDays = 5

    func getStatusReport(_ request: ProjectsV1.GetStatusReportRequest) async throws -> ProjectsV1.GetStatusReportResponse {
        let session = try session()
        let (plan, members, risks, approvals) = try await read { _, connection in
            let found = try Self.plan(request.projectID, on: connection)
            return (
                found,
                try connection.query(
                    "SELECT \(sql: ProjectRows.memberColumns) FROM project_members WHERE project_id = \(found.project.id)::uuid ORDER BY user_name"
                ).rows.map { row throws(PostgresError) in try ProjectRows.member(row) },
                try connection.query(
                    "SELECT \(sql: Self.riskColumns) FROM project_risks WHERE project_id = \(found.project.id)::uuid AND status IN (1, 2, 4)"
                ).rows.map { row throws(PostgresError) in try Self.risk(row) },
                try connection.query(
                    "SELECT \(sql: Self.approvalColumns) FROM project_approvals WHERE project_id = \(found.project.id)::uuid ORDER BY requested_at"
                ).rows.map { row throws(PostgresError) in try Self.approval(row) }
            )
        }
        let tasks = try await tasks.listTasks(projectID: plan.project.id, tenantID: session.tenantID, actor: session.actor)
        let today = TenantCalendar.today(timeZone: session.timeZone)
        var response = ProjectsV1.GetStatusReportResponse()
        response.report = try Self.report(
            plan, tasks: tasks, members: members, risks: risks, approvals: approvals, today: today, timeZone: session.timeZone)
        return response
    }

    static func progress(_ tasks: [TasksV1.Task], rough: Double = 0) -> ProjectsV1.Progress {
        var progress = ProjectsV1.Progress()
        for task in tasks where task.status != .cancelled {
            let days = task.estimateDays > 0 ? task.estimateDays : 1
            progress.totalEstimateDays += days
            progress.totalTasks += 1
            if task.status == .done {
                progress.doneEstimateDays += days
                progress.doneTasks += 1
            }
        }
        progress.totalEstimateDays += rough
        progress.fraction = progress.totalEstimateDays > 0 ? progress.doneEstimateDays / progress.totalEstimateDays : 0
        return progress
    }

    static func summary(_ task: TasksV1.Task) -> ProjectsV1.WorkItemSummary {
        var summary = ProjectsV1.WorkItemSummary()
        summary.taskID = task.id
        summary.title = task.title
        summary.owner = task.owner
        summary.status = task.status
        summary.priority = task.priority
        summary.dueDate = task.dueDate
        summary.phaseID = task.phaseID
        summary.estimateDays = task.estimateDays
        return summary
    }

    static func ref(task id: String) -> ProjectsV1.ItemRef {
        var ref = ProjectsV1.ItemRef()
        ref.item = .taskID(id)
        return ref
    }

    static func ref(milestone id: String) -> ProjectsV1.ItemRef {
        var ref = ProjectsV1.ItemRef()
        ref.item = .milestoneID(id)
        return ref
    }

    static func ref(phase id: String) -> ProjectsV1.ItemRef {
        var ref = ProjectsV1.ItemRef()
        ref.item = .phaseID(id)
        return ref
    }

    static func detected(
        _ kind: Int32, _ description: String, items: [ProjectsV1.ItemRef] = [], users: [String] = []
    ) -> ProjectsV1.DetectedRisk {
        var risk = ProjectsV1.DetectedRisk()
        risk.kind = .init(rawValue: kind)
        risk.description = description
        risk.items = items
        risk.users = users
        return risk
    }

    static func report(
        _ plan: Plan, tasks allTasks: [TasksV1.Task], members: [ProjectsV1.Member], risks: [ProjectsV1.Risk],
        approvals: [ProjectsV1.Approval], today: CalendarDay, timeZone: String
    ) throws -> ProjectsV1.StatusReport {
        let tasks = allTasks.filter { !$0.archived }
        let schedule = try schedule(plan, tasks: tasks, today: today, timeZone: timeZone)
        var report = ProjectsV1.StatusReport()
        report.projectID = plan.project.id
        report.projectName = plan.project.name
        report.asOf = today.message
        report.generatedAt = PostgresTimestamp(Date()).protobuf

        // Progress: the project, each phase, each milestone (the work it depends on).
        let roughPhases = plan.phases.filter { $0.depth.rawValue == 2 }
        report.progress = progress(tasks, rough: roughPhases.map(\.roughEstimateDays).reduce(0, +))
        report.phases = plan.phases.map { phase in
            var entry = ProjectsV1.PhaseProgress()
            entry.phaseID = phase.id
            entry.name = phase.name
            entry.depth = phase.depth
            entry.progress = progress(
                tasks.filter { $0.phaseID == phase.id }, rough: phase.depth.rawValue == 2 ? phase.roughEstimateDays : 0)
            return entry
        }
        var predecessors: [String: [String]] = [:]
        for dependency in plan.dependencies {
            guard let from = dependency.predecessor.flatMap(itemID), let to = dependency.successor.flatMap(itemID) else { continue }
            predecessors[to, default: []].append(from)
        }
        let taskByID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        let milestonesByTarget = plan.milestones.sorted {
            ($0.targetDate.flatMap(CalendarDay.init) ?? CalendarDay(daysSinceEpoch: .max), $0.id)
                < ($1.targetDate.flatMap(CalendarDay.init) ?? CalendarDay(daysSinceEpoch: .max), $1.id)
        }
        report.milestones = milestonesByTarget.map { milestone in
            var seen = Set<String>()
            var stack = predecessors[milestone.id] ?? []
            while let item = stack.popLast() {
                guard seen.insert(item).inserted else { continue }
                stack += predecessors[item] ?? []
            }
            var entry = ProjectsV1.MilestoneProgress()
            entry.milestoneID = milestone.id
            entry.name = milestone.name
            entry.reached = milestone.reached
            entry.progress = progress(seen.compactMap { taskByID[$0] })
            return entry
        }

        // The schedule's view.
        report.targetDate = plan.project.targetDate
        report.forecastFinish = schedule.forecastFinish
        report.slipDays = schedule.slipDays
        report.atRiskMilestones = schedule.milestones.filter(\.atRisk)
        report.criticalPath = schedule.criticalPath
        let critical = Set(schedule.criticalPath.compactMap(itemID))

        // Execution: overdue, blocked and unowned work.
        let open = tasks.filter { [.todo, .inProgress, .blocked].contains($0.status) }
        let overdue = open.filter { task in task.dueDate.flatMap(CalendarDay.init).map { $0 < today } ?? false }
        let blocked = open.filter { $0.status == .blocked }
        let unowned = open.filter { $0.owner.isEmpty }
        report.overdueTasks = overdue.map(summary)
        report.blockedTasks = blocked.map(summary)
        report.unownedTasks = unowned.map(summary)

        // Workload: every member, and every other owner of work items.
        var owners = members.map { ($0.user, $0.role) }
        for owner in Set(tasks.map(\.owner)).subtracting(members.map(\.user)).sorted() where !owner.isEmpty {
            owners.append((owner, .unspecified))
        }
        report.workload = owners.map { user, role in
            var entry = ProjectsV1.MemberWorkload()
            entry.user = user
            entry.role = role
            var load = TasksV1.OwnerWorkload()
            load.owner = user
            for task in tasks where task.owner == user {
                switch task.status {
                case .todo: load.todo += 1
                case .inProgress: load.inProgress += 1
                case .blocked: load.blocked += 1
                case .done: load.done += 1
                case .cancelled: load.cancelled += 1
                default: break
                }
                guard [.todo, .inProgress, .blocked].contains(task.status) else { continue }
                load.estimateDaysOpen += task.estimateDays
                if let due = task.dueDate.flatMap(CalendarDay.init) {
                    if due < today { load.overdue += 1 } else if due < today.adding(days: 7) { load.dueNext7Days += 1 }
                }
            }
            entry.workload = load
            return entry
        }
        report.risks = risks.sorted { ($0.score, $1.id) > ($1.score, $0.id) }

        // Detected risks.
        var detected: [ProjectsV1.DetectedRisk] = []
        for forecast in report.atRiskMilestones {
            detected.append(
                Self.detected(
                    1, "Milestone \"\(forecast.name)\" is forecast \(forecast.slipDays) working day(s) after its target.",
                    items: [ref(milestone: forecast.milestoneID)]))
        }
        if schedule.slipDays > 0, plan.project.targetDate != nil {
            detected.append(Self.detected(2, "The forecast finish is \(schedule.slipDays) working day(s) after the target date."))
        }
        for task in overdue {
            let where_ = critical.contains(task.id) ? " on the critical path" : ""
            detected.append(
                Self.detected(3, "\"\(task.title)\" is overdue\(where_).", items: [ref(task: task.id)], users: [task.owner].filter { !$0.isEmpty }))
        }
        for task in blocked {
            let where_ = critical.contains(task.id) ? " on the critical path" : ""
            detected.append(
                Self.detected(4, "\"\(task.title)\" is blocked\(where_).", items: [ref(task: task.id)], users: [task.owner].filter { !$0.isEmpty }))
        }
        for task in unowned {
            let where_ = critical.contains(task.id) ? "Critical work" : "Work"
            detected.append(Self.detected(5, "\(where_) \"\(task.title)\" has no owner.", items: [ref(task: task.id)]))
        }
        for task in open where task.estimateDays == 0 {
            detected.append(Self.detected(10, "\"\(task.title)\" has no estimate.", items: [ref(task: task.id)]))
        }
        let loads = report.workload.map { ($0.user, $0.workload?.estimateDaysOpen ?? 0) }.filter { $0.1 > 0 }
        if loads.count >= 2 {
            let average = loads.map(\.1).reduce(0, +) / Double(loads.count)
            for (user, load) in loads where load > 2 * average {
                detected.append(
                    Self.detected(6, "\(user) carries \(days(load)) days of open work, more than twice the average.", users: [user]))
            }
        }
        var calendar = workingCalendar(plan.project, start: today)
        let milestonesByID = Dictionary(uniqueKeysWithValues: plan.milestones.map { ($0.id, $0) })
        let forecastByID = Dictionary(uniqueKeysWithValues: schedule.milestones.map { ($0.milestoneID, $0) })
        for approval in approvals {
            guard let milestone = milestonesByID[approval.milestoneID], !milestone.reached else { continue }
            if approval.state.rawValue == 1 {
                let date = milestone.targetDate.flatMap(CalendarDay.init) ?? forecastByID[milestone.id]?.forecastDate.flatMap(CalendarDay.init)
                if let date, calendar.workingDays(from: today, to: date) <= soonDays {
                    detected.append(
                        Self.detected(
                            7, "The approval of \"\(milestone.name)\" by \(approval.approver) is still pending, and the milestone is due \(date).",
                            items: [ref(milestone: milestone.id)], users: [approval.approver]))
                }
            } else if approval.state.rawValue == 3,
                !approvals.contains(where: {
                    $0.milestoneID == approval.milestoneID && $0.approver == approval.approver && $0.state.rawValue == 2
                        && ($0.requestedAt?.seconds ?? 0, $0.requestedAt?.nanos ?? 0) > (approval.requestedAt?.seconds ?? 0, approval.requestedAt?.nanos ?? 0)
                })
            {
                detected.append(
                    Self.detected(8, "\(approval.approver) rejected \"\(milestone.name)\".", items: [ref(milestone: milestone.id)], users: [approval.approver]))
            }
        }
        for phase in roughPhases {
            guard let item = schedule.items.first(where: { itemID($0.ref ?? .init()) == phase.id }),
                let start = item.earliestStart.flatMap(CalendarDay.init), calendar.workingDays(from: today, to: start) <= soonDays
            else { continue }
            detected.append(
                Self.detected(9, "Phase \"\(phase.name)\" starts \(start) and is not broken into tasks yet.", items: [ref(phase: phase.id)]))
        }
        report.detectedRisks = detected

        // Health.
        var reasons: [String] = []
        var health: Int32 = 1
        if schedule.slipDays > 0, plan.project.targetDate != nil {
            health = 3
            reasons.append("The forecast finish is \(schedule.slipDays) working day(s) after the target date.")
        }
        if !report.atRiskMilestones.isEmpty {
            reasons.append("\(report.atRiskMilestones.count) milestone(s) forecast after their target.")
        }
        if !overdue.isEmpty { reasons.append("\(overdue.count) work item(s) overdue.") }
        if !blocked.isEmpty { reasons.append("\(blocked.count) work item(s) blocked.") }
        let severe = risks.filter { $0.score >= 15 }
        if !severe.isEmpty { reasons.append("\(severe.count) recorded risk(s) with a score of 15 or more.") }
        if health == 1, !reasons.isEmpty { health = 2 }
        if reasons.isEmpty { reasons.append("Every milestone is forecast by its target and no work is overdue or blocked.") }
        report.health = .init(rawValue: health)
        report.healthReasons = reasons
        return report
    }
}

extension TandemScheduling.WorkingCalendar {
    /// Working days from `from` (exclusive) until `to` (inclusive); negative when `to` is past.
    /// "Soon" in the status report is measured this way.
    mutating func workingDays(from: CalendarDay, to: CalendarDay) -> Int {
        index(of: to) - index(of: from)
    }
}
