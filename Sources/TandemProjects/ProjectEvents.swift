import Foundation
public import Logging
import TandemPostgres
public import TandemRPC
import TandemSchema
import TandemService

/// The events tandem-projects emits.
enum ProjectEvents {
    static func event(
        _ type: String, subjectType: String, subjectID: String, projectID: String, tenantID: String, actor: String,
        recipients: [String], payload: CommonV1.Event.Payload
    ) -> CommonV1.Event {
        CommonV1.Event(
            type: type, tenantID: tenantID, actor: actor, source: "tandem-projects", subjectType: subjectType, subjectID: subjectID,
            projectID: projectID, recipients: recipients, payload: payload)
    }

    static func approvalRequested(_ approval: ProjectsV1.Approval, milestone: String, tenantID: String, actor: String) -> CommonV1.Event {
        var payload = CommonV1.ApprovalRequested()
        payload.projectID = approval.projectID
        payload.approvalID = approval.id
        payload.milestoneID = approval.milestoneID
        payload.milestoneName = milestone
        payload.approver = approval.approver
        payload.requester = approval.requester
        payload.comment = approval.comment
        return event(
            "project.approval_requested", subjectType: "approval", subjectID: approval.id, projectID: approval.projectID,
            tenantID: tenantID, actor: actor, recipients: [approval.approver], payload: .approvalRequested(payload))
    }

    static func approvalDecided(_ approval: ProjectsV1.Approval, milestone: String, tenantID: String, actor: String) -> CommonV1.Event {
        var payload = CommonV1.ApprovalDecided()
        payload.projectID = approval.projectID
        payload.approvalID = approval.id
        payload.milestoneID = approval.milestoneID
        payload.milestoneName = milestone
        payload.approver = approval.approver
        payload.requester = approval.requester
        payload.approved = approval.state.rawValue == 2
        payload.comment = approval.decisionComment
        payload.decidedBy = approval.decidedBy
        return event(
            "project.approval_decided", subjectType: "approval", subjectID: approval.id, projectID: approval.projectID,
            tenantID: tenantID, actor: actor, recipients: [approval.requester], payload: .approvalDecided(payload))
    }
}

/// `tandem.common.v1.EventSink` on tandem-projects: task events from tandem-tasks' relay.
///
/// Each event id is recorded in the transaction that writes its effects, so a redelivery counts
/// as a duplicate and does nothing. A task that becomes DONE makes each successor whose
/// predecessors are now all satisfied ready (`project.dependency_ready` to the successor's
/// owner, or the project's owner for a milestone). Any task event of a project re-forecasts its
/// milestones: one that moves past its target, or slips further, sends
/// `project.milestone_at_risk` once for that slip to the project's owners, leads and
/// stakeholders.
public struct ProjectEventSink: RPCService {
    let service: ProjectService
    let logger: Logger

    public init(service: ProjectService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    public var methods: [ServiceMethod] {
        [
            .unary(CommonV1.EventSink.deliverEvents) { request, _ in
                try await withDatabaseErrors(logger: logger) { try await deliver(request) }
            }
        ]
    }

    func deliver(_ request: CommonV1.DeliverEventsRequest) async throws -> CommonV1.DeliverEventsResponse {
        let session = try service.session()
        try CommonV1.Event.checkBatch(request.events, tenantID: session.tenantID)
        // Each project's plan is read once per batch: recording the events changes no plan.
        var plans: [String: ProjectService.Plan?] = [:]
        func cachedPlan(_ projectID: String) async throws -> ProjectService.Plan? {
            if let known = plans[projectID] { return known }
            let found = try await service.planIfFound(projectID)
            plans.updateValue(found, forKey: projectID)
            return found
        }
        var response = CommonV1.DeliverEventsResponse()
        var projects: [String] = []
        for event in request.events {
            let fresh = try await event.handled(by: "tandem-projects", logger: logger) {
                try await record(event, session: session, planOf: cachedPlan)
            }
            if fresh {
                response.accepted += 1
                if event.type.hasPrefix("task."), Identifiers.isUUID(event.projectID), !projects.contains(event.projectID) {
                    projects.append(event.projectID)
                }
            } else {
                response.duplicates += 1
            }
        }
        for project in projects {
            if let plan = try await cachedPlan(project) { try await service.checkMilestones(of: plan, session: session) }
        }
        return response
    }

    /// Records `event` once by id, with the events it causes in the same transaction; false when
    /// it was recorded before. `planOf` gives a project's plan (nil when there is none).
    func record(
        _ event: CommonV1.Event, session: ProjectService.Session, planOf: (String) async throws -> ProjectService.Plan?
    ) async throws -> Bool {
        let effects = try await readiness(after: event, session: session, planOf: planOf)
        return try await service.change { session, connection in
            let recorded = try connection.query(
                """
                INSERT INTO received_events (tenant_id, event_id, type) VALUES (\(session.tenantID)::uuid, \(event.id)::uuid, \(event.type))
                ON CONFLICT DO NOTHING RETURNING event_id
                """)
            guard !recorded.isEmpty else { return false }
            try service.outbox.write(effects, tenantID: session.tenantID, on: connection)
            return true
        }
    }

    /// The dependency_ready events a task's completion causes.
    func readiness(
        after event: CommonV1.Event, session: ProjectService.Session, planOf: (String) async throws -> ProjectService.Plan?
    ) async throws -> [CommonV1.Event] {
        guard event.type == "task.status_changed", case .taskStatusChanged(let change)? = event.payload,
            change.toStatus == "TASK_STATUS_DONE", Identifiers.isUUID(change.projectID),
            let plan = try await planOf(change.projectID)
        else { return [] }
        return try await service.readiness(completing: change.taskID, plan: plan, session: session, actor: event.actor)
    }
}

extension ProjectService {
    /// The `project.dependency_ready` events that `completed` (a task become DONE, or a milestone
    /// about to be marked reached) causes in `plan`: one for each of its successors whose
    /// predecessors are then all done (a cancelled or archived task holds nothing up).
    func readiness(completing completed: String, plan: Plan, session: Session, actor: String) async throws
        -> [CommonV1.Event]
    {
        let projectID = plan.project.id
        let successors = plan.dependencies.filter { Self.itemID($0.predecessor ?? .init()) == completed }
        guard !successors.isEmpty else { return [] }
        let tasks = try await tasks.listTasks(projectID: projectID, tenantID: session.tenantID, actor: "")
        let taskByID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        let milestoneByID = Dictionary(uniqueKeysWithValues: plan.milestones.map { ($0.id, $0) })
        func satisfied(_ id: String) -> Bool {
            if id == completed { return true }
            if let task = taskByID[id] { return task.status == .done || task.status == .cancelled }
            if let milestone = milestoneByID[id] { return milestone.reached }
            return true
        }
        var events: [CommonV1.Event] = []
        for successorID in Set(successors.compactMap { Self.itemID($0.successor ?? .init()) }).sorted() {
            let incoming = plan.dependencies.filter { Self.itemID($0.successor ?? .init()) == successorID }
            guard incoming.allSatisfy({ satisfied(Self.itemID($0.predecessor ?? .init()) ?? "") }) else { continue }
            var payload = CommonV1.DependencyReady()
            payload.projectID = projectID
            payload.dependencyIDs = incoming.map(\.id)
            let recipient: String
            if let task = taskByID[successorID] {
                guard task.status != .done, task.status != .cancelled else { continue }
                payload.successor = .taskID(task.id)
                payload.successorName = task.title
                payload.owner = task.owner
                recipient = task.owner
            } else if let milestone = milestoneByID[successorID] {
                guard !milestone.reached else { continue }
                payload.successor = .milestoneID(milestone.id)
                payload.successorName = milestone.name
                recipient = plan.project.owner
            } else {
                continue
            }
            events.append(
                ProjectEvents.event(
                    "project.dependency_ready", subjectType: "dependency", subjectID: successorID, projectID: projectID,
                    tenantID: session.tenantID, actor: actor, recipients: [recipient], payload: .dependencyReady(payload)))
        }
        return events
    }
}

extension ProjectService {
    /// After a change of the plan itself: re-forecasts the milestones, as a task event would. The
    /// change is already committed, so a failure here (the task service unreachable) is logged
    /// and the next event of the project checks again.
    func reforecast(_ projectID: String) async {
        do {
            try await checkMilestones(projectID, session: try session())
        } catch {
            logger.warning("milestone forecast not checked", metadata: ["project": "\(projectID)", "error": "\(error)"])
        }
    }

    /// Re-forecasts the project's milestones and sends `project.milestone_at_risk` for each one
    /// whose slip past its target is new or larger than the last one reported; a milestone back on
    /// track is forgotten, so a later slip is reported again.
    func checkMilestones(_ projectID: String, session: Session) async throws {
        guard let plan = try await planIfFound(projectID) else { return }
        try await checkMilestones(of: plan, session: session)
    }

    /// `checkMilestones` for a plan already read.
    func checkMilestones(of plan: Plan, session: Session) async throws {
        guard !plan.project.archived else { return }
        let projectID = plan.project.id
        let tasks = try await tasks.listTasks(projectID: projectID, tenantID: session.tenantID, actor: "")
        let schedule = try Self.schedule(
            plan, tasks: tasks, today: TenantCalendar.today(timeZone: session.timeZone), timeZone: session.timeZone)
        let critical = schedule.items.filter { $0.critical && !$0.done && $0.durationDays > 0 }.map(\.name)
        let outbox = self.outbox
        try await change { session, connection in
            // The project's lock serialises concurrent checks, so each slip is reported once.
            _ = try Self.project(projectID, lock: true, on: connection)
            let watchers = try connection.query(
                "SELECT user_name FROM project_members WHERE project_id = \(projectID)::uuid AND role IN (1, 2, 4) ORDER BY user_name"
            ).rows.map { row throws(PostgresError) in try row.decode(String.self, at: 0) }
            // The slip each milestone was last reported at risk with.
            var alerts: [String: Int] = [:]
            let milestoneIDs = schedule.milestones.map(\.milestoneID)
            for row in try connection.query(
                "SELECT milestone_id::text, slip_days FROM milestone_alerts WHERE milestone_id = ANY(\(milestoneIDs)::uuid[]) FOR UPDATE"
            ).rows {
                let milestoneID = try row.decode(String.self, at: 0)
                alerts[milestoneID] = try row.decode(Int.self, at: 1)
            }
            var events: [CommonV1.Event] = []
            for forecast in schedule.milestones {
                let reported = alerts[forecast.milestoneID]
                guard forecast.atRisk else {
                    if reported != nil {
                        try connection.query("DELETE FROM milestone_alerts WHERE milestone_id = \(forecast.milestoneID)::uuid")
                    }
                    continue
                }
                guard Int(forecast.slipDays) > (reported ?? 0) else { continue }
                try connection.query(
                    """
                    INSERT INTO milestone_alerts (tenant_id, milestone_id, slip_days)
                    VALUES (\(session.tenantID)::uuid, \(forecast.milestoneID)::uuid, \(Int(forecast.slipDays)))
                    ON CONFLICT (tenant_id, milestone_id) DO UPDATE SET slip_days = excluded.slip_days, alerted_at = now()
                    """)
                var payload = CommonV1.MilestoneAtRisk()
                payload.projectID = projectID
                payload.milestoneID = forecast.milestoneID
                payload.name = forecast.name
                payload.targetDate = forecast.targetDate
                payload.forecastDate = forecast.forecastDate
                payload.slipDays = forecast.slipDays
                payload.reason =
                    "forecast \(forecast.slipDays) working day(s) after its target"
                    + (critical.isEmpty ? "" : "; critical work: \(critical.prefix(5).joined(separator: ", "))")
                events.append(
                    ProjectEvents.event(
                        "project.milestone_at_risk", subjectType: "milestone", subjectID: forecast.milestoneID, projectID: projectID,
                        tenantID: session.tenantID, actor: "", recipients: watchers, payload: .milestoneAtRisk(payload)))
            }
            try outbox.write(events, tenantID: session.tenantID, on: connection)
        }
    }
}
