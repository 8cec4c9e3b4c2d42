import Foundation
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService

/// Approvals, the risk register, ClassifyWork and PromoteTask.
extension ProjectService {
    static let approvalColumns: StaticString = """
        id::text, project_id::text, milestone_id::text, approver, requester, state, comment, decision_comment, decided_by, \
        requested_at, decided_at, version
        """
    static let riskColumns: StaticString = """
        id::text, project_id::text, title, description, likelihood, impact, owner, mitigation, status, version, created_at, \
        created_by, updated_at, updated_by
        """

    static func approval(_ row: PostgresRow) throws(PostgresError) -> ProjectsV1.Approval {
        var approval = ProjectsV1.Approval()
        approval.id = try row.decode(String.self, at: 0)
        approval.projectID = try row.decode(String.self, at: 1)
        approval.milestoneID = try row.decode(String.self, at: 2)
        approval.approver = try row.decode(String.self, at: 3)
        approval.requester = try row.decode(String.self, at: 4)
        approval.state = ProjectsV1.ApprovalState(rawValue: try row.decode(Int32.self, at: 5))
        approval.comment = try row.decode(String.self, at: 6)
        approval.decisionComment = try row.decode(String.self, at: 7)
        approval.decidedBy = try row.decode(String.self, at: 8)
        approval.requestedAt = try row.decode(PostgresTimestamp.self, at: 9).protobuf
        approval.decidedAt = try row.decode(PostgresTimestamp?.self, at: 10).map(\.protobuf)
        approval.version = try row.decode(Int64.self, at: 11)
        return approval
    }

    static func risk(_ row: PostgresRow) throws(PostgresError) -> ProjectsV1.Risk {
        var risk = ProjectsV1.Risk()
        risk.id = try row.decode(String.self, at: 0)
        risk.projectID = try row.decode(String.self, at: 1)
        risk.title = try row.decode(String.self, at: 2)
        risk.description = try row.decode(String.self, at: 3)
        risk.likelihood = try row.decode(Int32.self, at: 4)
        risk.impact = try row.decode(Int32.self, at: 5)
        risk.score = risk.likelihood * risk.impact
        risk.owner = try row.decode(String.self, at: 6)
        risk.mitigation = try row.decode(String.self, at: 7)
        risk.status = ProjectsV1.RiskStatus(rawValue: try row.decode(Int32.self, at: 8))
        risk.version = try row.decode(Int64.self, at: 9)
        risk.createdAt = try row.decode(PostgresTimestamp.self, at: 10).protobuf
        risk.createdBy = try row.decode(String.self, at: 11)
        risk.updatedAt = try row.decode(PostgresTimestamp.self, at: 12).protobuf
        risk.updatedBy = try row.decode(String.self, at: 13)
        return risk
    }

    // MARK: - Approvals

    /// Why `milestone` cannot be marked reached, or nil: a pending approval, or a rejection not
    /// followed by an approval from the same approver.
    static func reachBlocker(_ milestoneID: String, on connection: PostgresConnection) throws -> String? {
        if try connection.query("SELECT 1 FROM project_approvals WHERE milestone_id = \(milestoneID)::uuid AND state = 1").first != nil {
            return "an approval on milestone \(milestoneID) is pending"
        }
        let rejected = try connection.query(
            """
            SELECT r.approver FROM project_approvals r
            WHERE r.milestone_id = \(milestoneID)::uuid AND r.state = 3
              AND NOT EXISTS (SELECT 1 FROM project_approvals a WHERE a.milestone_id = r.milestone_id AND a.approver = r.approver
                              AND a.state = 2 AND a.requested_at > r.requested_at)
            LIMIT 1
            """)
        if let row = rejected.first {
            return "\(try row.decode(String.self, at: 0)) rejected the approval on milestone \(milestoneID)"
        }
        return nil
    }

    func requestApproval(_ request: ProjectsV1.RequestApprovalRequest) async throws -> ProjectsV1.RequestApprovalResponse {
        guard !request.approver.isEmpty else { throw RPCError.invalidArgument(field: "approver", "must not be empty") }
        try Self.text(request.comment, field: "comment", limit: 2000)
        let requestID = try Validation.requestID(request.requestID)
        let id = Identifiers.uuidV7()
        let outbox = self.outbox
        let approval = try await change { session, connection in
            guard Identifiers.isUUID(request.milestoneID),
                let row = try connection.query(
                    "SELECT \(sql: ProjectRows.milestoneColumns) FROM project_milestones WHERE id = \(request.milestoneID)::uuid FOR UPDATE"
                ).first
            else { throw Self.notFound("milestone", request.milestoneID) }
            let milestone = try ProjectRows.milestone(row)
            let project = try Self.openProject(milestone.projectID, on: connection)
            if let requestID,
                let row = try connection.query(
                    "SELECT \(sql: Self.approvalColumns) FROM project_approvals WHERE milestone_id = \(milestone.id)::uuid AND request_id = \(requestID)"
                ).first
            {
                return try Self.approval(row)
            }
            guard !milestone.reached else {
                throw RPCError(code: .failedPrecondition, message: "milestone \(milestone.id) is already reached")
            }
            guard
                try connection.query(
                    "SELECT 1 FROM project_members WHERE project_id = \(project.id)::uuid AND user_name = \(request.approver)"
                ).first != nil
            else {
                throw RPCError(code: .failedPrecondition, message: "\(request.approver) is not a member of project \(project.id)")
            }
            let inserted = try connection.query(
                """
                INSERT INTO project_approvals (tenant_id, id, project_id, milestone_id, approver, requester, state, comment, request_id)
                VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(project.id)::uuid, \(milestone.id)::uuid, \(request.approver),
                        \(session.actor), 1, \(request.comment), \(requestID))
                ON CONFLICT (tenant_id, milestone_id, approver) WHERE state = 1 DO NOTHING
                RETURNING \(sql: Self.approvalColumns)
                """)
            guard let row = inserted.first else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "\(request.approver) already has a pending approval on milestone \(milestone.id)")
            }
            let approval = try Self.approval(row)
            try outbox.write(
                [ProjectEvents.approvalRequested(approval, milestone: milestone.name, tenantID: session.tenantID, actor: session.actor)],
                tenantID: session.tenantID, on: connection)
            return approval
        }
        var response = ProjectsV1.RequestApprovalResponse()
        response.approval = approval
        return response
    }

    func decideApproval(_ request: ProjectsV1.DecideApprovalRequest) async throws -> ProjectsV1.DecideApprovalResponse {
        guard request.decision.rawValue == 2 || request.decision.rawValue == 3 else {
            throw RPCError.invalidArgument(field: "decision", "must be APPROVAL_STATE_APPROVED or APPROVAL_STATE_REJECTED")
        }
        try Self.text(request.comment, field: "comment", limit: 2000)
        let outbox = self.outbox
        let approval = try await change { session, connection in
            guard Identifiers.isUUID(request.approvalID),
                let row = try connection.query(
                    "SELECT \(sql: Self.approvalColumns) FROM project_approvals WHERE id = \(request.approvalID)::uuid FOR UPDATE"
                ).first
            else { throw Self.notFound("approval", request.approvalID) }
            let approval = try Self.approval(row)
            _ = try Self.openProject(approval.projectID, on: connection)
            try Self.checkVersion(approval.version, expected: request.expectedVersion, what: "approval \(approval.id)")
            guard approval.state.rawValue == 1 else {
                throw RPCError(code: .failedPrecondition, message: "approval \(approval.id) is already decided")
            }
            // Only the named approver decides.
            guard session.actor == approval.approver else {
                throw RPCError(
                    code: .permissionDenied,
                    message: "only \(approval.approver) can decide approval \(approval.id); call with x-tandem-actor set to them")
            }
            let decided = try connection.query(
                """
                UPDATE project_approvals SET state = \(Int(request.decision.rawValue)), decision_comment = \(request.comment),
                    decided_by = \(session.actor), decided_at = now(), version = version + 1
                WHERE id = \(approval.id)::uuid RETURNING \(sql: Self.approvalColumns)
                """
            ).first!
            let result = try Self.approval(decided)
            let milestone = try connection.query(
                "SELECT name FROM project_milestones WHERE id = \(result.milestoneID)::uuid"
            ).first!.decode(String.self, at: 0)
            try outbox.write(
                [ProjectEvents.approvalDecided(result, milestone: milestone, tenantID: session.tenantID, actor: session.actor)],
                tenantID: session.tenantID, on: connection)
            return result
        }
        var response = ProjectsV1.DecideApprovalResponse()
        response.approval = approval
        return response
    }

    func listApprovals(_ request: ProjectsV1.ListApprovalsRequest) async throws -> ProjectsV1.ListApprovalsResponse {
        let size = try pageSize(request.pageSize)
        let states = try Validation.enumValues(request.states.map(\.rawValue), known: 1...3, field: "states") { _ in "unknown state" }
        let session = try session()
        var query: PostgresQuery = "SELECT \(sql: Self.approvalColumns), (-extract(epoch FROM requested_at))::text FROM project_approvals WHERE true"
        if !request.projectID.isEmpty {
            guard Identifiers.isUUID(request.projectID) else { throw RPCError.invalidArgument(field: "project_id", "not an id") }
            query.append(" AND project_id = \(request.projectID)::uuid")
        }
        if !request.milestoneID.isEmpty {
            guard Identifiers.isUUID(request.milestoneID) else { throw RPCError.invalidArgument(field: "milestone_id", "not an id") }
            query.append(" AND milestone_id = \(request.milestoneID)::uuid")
        }
        if !request.approver.isEmpty { query.append(" AND approver = \(request.approver)") }
        if !states.isEmpty { query.append(" AND state = ANY(\(states)::smallint[])") }
        let binding = "approvals|\(session.tenantID)|\(request.projectID)|\(request.milestoneID)|\(request.approver)|\(states.joined(separator: ","))"
        // Newest first: ordered by the negated request time.
        let page = try await keysetPage(
            query, key: "(-extract(epoch FROM project_approvals.requested_at))", type: "numeric", tie: "project_approvals.id",
            tieType: "uuid", size: size, token: request.pageToken, binding: binding, keyColumn: 12, session: session,
            decode: Self.approval)
        var response = ProjectsV1.ListApprovalsResponse()
        response.approvals = page.rows
        response.nextPageToken = page.next
        return response
    }

    // MARK: - Risks

    static func score(_ value: Int32, field: String) throws(RPCError) -> Int {
        guard (1...5).contains(value) else { throw .invalidArgument(field: field, "must be 1 to 5") }
        return Int(value)
    }

    func addRisk(_ request: ProjectsV1.AddRiskRequest) async throws -> ProjectsV1.AddRiskResponse {
        try Self.name(request.title, field: "title")
        try Self.text(request.description, field: "description")
        try Self.text(request.mitigation, field: "mitigation")
        try Self.text(request.owner, field: "owner", limit: 200)
        let likelihood = try Self.score(request.likelihood, field: "likelihood")
        let impact = try Self.score(request.impact, field: "impact")
        let requestID = try Validation.requestID(request.requestID)
        let id = Identifiers.uuidV7()
        let risk = try await change { session, connection in
            let project = try Self.openProject(request.projectID, on: connection)
            let inserted = try connection.query(
                """
                INSERT INTO project_risks (tenant_id, id, project_id, title, description, likelihood, impact, owner, mitigation,
                                           status, created_by, updated_by, request_id)
                VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(project.id)::uuid, \(request.title), \(request.description),
                        \(likelihood), \(impact), \(request.owner), \(request.mitigation), 1, \(session.actor), \(session.actor),
                        \(requestID))
                ON CONFLICT (tenant_id, project_id, request_id) DO NOTHING
                RETURNING \(sql: Self.riskColumns)
                """)
            if let row = inserted.first { return try Self.risk(row) }
            return try Self.risk(
                try connection.query(
                    "SELECT \(sql: Self.riskColumns) FROM project_risks WHERE project_id = \(project.id)::uuid AND request_id = \(requestID)"
                ).first!)
        }
        var response = ProjectsV1.AddRiskResponse()
        response.risk = risk
        return response
    }

    static let riskPaths: Set<String> = ["title", "description", "likelihood", "impact", "owner", "mitigation", "status"]

    func updateRisk(_ request: ProjectsV1.UpdateRiskRequest) async throws -> ProjectsV1.UpdateRiskResponse {
        let input = request.risk ?? ProjectsV1.Risk()
        let paths = request.updateMask?.paths ?? []
        guard !paths.isEmpty else { throw RPCError.invalidArgument(field: "update_mask", "name at least one field to change") }
        for (index, path) in paths.enumerated() where !Self.riskPaths.contains(path) {
            throw RPCError.invalidArgument(field: "update_mask.paths[\(index)]", "\"\(path.prefix(64))\" is not an updatable field")
        }
        let mask = Set(paths)
        let risk = try await change { session, connection in
            guard Identifiers.isUUID(input.id),
                let row = try connection.query("SELECT \(sql: Self.riskColumns) FROM project_risks WHERE id = \(input.id)::uuid FOR UPDATE").first
            else { throw Self.notFound("risk", input.id) }
            var risk = try Self.risk(row)
            _ = try Self.openProject(risk.projectID, on: connection)
            try Self.checkVersion(risk.version, expected: request.expectedVersion, what: "risk \(risk.id)")
            if mask.contains("title") {
                try Self.name(input.title, field: "risk.title")
                risk.title = input.title
            }
            if mask.contains("description") {
                try Self.text(input.description, field: "risk.description")
                risk.description = input.description
            }
            if mask.contains("likelihood") { risk.likelihood = Int32(try Self.score(input.likelihood, field: "risk.likelihood")) }
            if mask.contains("impact") { risk.impact = Int32(try Self.score(input.impact, field: "risk.impact")) }
            if mask.contains("owner") {
                try Self.text(input.owner, field: "risk.owner", limit: 200)
                risk.owner = input.owner
            }
            if mask.contains("mitigation") {
                try Self.text(input.mitigation, field: "risk.mitigation")
                risk.mitigation = input.mitigation
            }
            if mask.contains("status") {
                guard (1...5).contains(input.status.rawValue) else {
                    throw RPCError.invalidArgument(field: "risk.status", "unknown status \(input.status.rawValue)")
                }
                risk.status = input.status
            }
            let updated = try connection.query(
                """
                UPDATE project_risks SET title = \(risk.title), description = \(risk.description), likelihood = \(Int(risk.likelihood)),
                    impact = \(Int(risk.impact)), owner = \(risk.owner), mitigation = \(risk.mitigation),
                    status = \(Int(risk.status.rawValue)), version = version + 1, updated_at = now(), updated_by = \(session.actor)
                WHERE id = \(risk.id)::uuid RETURNING \(sql: Self.riskColumns)
                """
            ).first!
            return try Self.risk(updated)
        }
        var response = ProjectsV1.UpdateRiskResponse()
        response.risk = risk
        return response
    }

    func listRisks(_ request: ProjectsV1.ListRisksRequest) async throws -> ProjectsV1.ListRisksResponse {
        let size = try pageSize(request.pageSize)
        let statuses = try Validation.enumValues(request.statuses.map(\.rawValue), known: 1...5, field: "statuses") { _ in "unknown status" }
        let session = try session()
        _ = try await read { try Self.project(request.projectID, on: $1) }
        var query: PostgresQuery = """
            SELECT \(sql: Self.riskColumns), lpad((100 - likelihood * impact)::text, 3, '0') FROM project_risks
            WHERE project_id = \(request.projectID)::uuid
            """
        if !statuses.isEmpty { query.append(" AND status = ANY(\(statuses)::smallint[])") }
        // Highest score first: ordered by 100 minus the score.
        let page = try await keysetPage(
            query, key: "lpad((100 - project_risks.likelihood * project_risks.impact)::text, 3, '0')", type: "text",
            tie: "project_risks.id", tieType: "uuid", size: size, token: request.pageToken,
            binding: "risks|\(session.tenantID)|\(request.projectID)|\(statuses.joined(separator: ","))", keyColumn: 14,
            session: session, decode: Self.risk)
        var response = ProjectsV1.ListRisksResponse()
        response.risks = page.rows
        response.nextPageToken = page.next
        return response
    }

    // MARK: - ClassifyWork

    func classifyWork(_ request: ProjectsV1.ClassifyWorkRequest) async throws -> ProjectsV1.ClassifyWorkResponse {
        var signals: ProjectsV1.WorkSignals
        switch request.subject {
        case .signals(let given)?:
            guard given.expectedDurationDays.isFinite, given.expectedDurationDays >= 0 else {
                throw RPCError.invalidArgument(field: "signals.expected_duration_days", "must not be negative")
            }
            guard given.peopleCount >= 0 else { throw RPCError.invalidArgument(field: "signals.people_count", "must not be negative") }
            signals = given
        case .taskID(let id)?:
            let session = try session()
            let task = try await tasks.getTask(id: id, tenantID: session.tenantID, actor: session.actor)
            signals = ProjectsV1.WorkSignals()
            signals.expectedDurationDays = task.estimateDays
            var people = Set([task.owner].filter { !$0.isEmpty })
            let open = task.blockers.filter { !$0.resolved }
            for blocker in open where !blocker.blockingTaskID.isEmpty {
                if let blocking = try? await tasks.getTask(id: blocker.blockingTaskID, tenantID: session.tenantID, actor: session.actor),
                    !blocking.owner.isEmpty
                {
                    people.insert(blocking.owner)
                }
            }
            signals.peopleCount = Int32(max(1, people.count))
            signals.hasDependencies = !open.isEmpty
        case nil:
            throw RPCError.invalidArgument(field: "task_id", "name a task_id or give signals")
        }
        var reasons: [String] = []
        if signals.peopleCount > 1 { reasons.append("It needs \(signals.peopleCount) people; a task has one owner.") }
        if signals.expectedDurationDays >= 10 {
            reasons.append("It is expected to take \(Self.days(signals.expectedDurationDays)) working days, 10 or more.")
        }
        if signals.needsApproval { reasons.append("Someone must approve it.") }
        if signals.hasDependencies { reasons.append("It depends on other work.") }
        if signals.outcomeJudged { reasons.append("It is judged by its outcome, not by being done.") }
        var response = ProjectsV1.ClassifyWorkResponse()
        response.signals = signals
        if reasons.isEmpty {
            response.kind = .init(rawValue: 1)
            response.reasons = [
                "One person, under 10 working days, no approval, no dependency and judged by being done: a task."
            ]
        } else {
            response.kind = .init(rawValue: 2)
            response.reasons = reasons
        }
        return response
    }

    static func days(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    // MARK: - PromoteTask

    func promoteTask(_ request: ProjectsV1.PromoteTaskRequest) async throws -> ProjectsV1.PromoteTaskResponse {
        let session = try session()
        guard Identifiers.isUUID(request.taskID) else { throw Self.notFound("task", request.taskID) }
        let start = try Validation.day(request.startDate, field: "start_date")
        let target = try Validation.day(request.targetDate, field: "target_date")
        if !request.name.isEmpty { try Self.name(request.name, field: "name") }
        try Self.text(request.outcome, field: "outcome")
        // One project per promoted task: a retry, with or without request_id, finds the first.
        let requestID = try Validation.requestID(request.requestID) ?? "promote:\(request.taskID.lowercased())"
        var task = try await tasks.getTask(id: request.taskID, tenantID: session.tenantID, actor: session.actor)
        let existing = try await read { _, connection in
            try connection.query(
                "SELECT \(sql: ProjectRows.projectColumns) FROM projects WHERE request_id = \(requestID)"
            ).first.map { row throws(PostgresError) in try ProjectRows.project(row) }
        }
        if let existing, task.projectID == existing.id {
            var response = ProjectsV1.PromoteTaskResponse()
            response.project = existing
            response.task = task
            return response
        }
        guard task.projectID.isEmpty else {
            throw RPCError(code: .failedPrecondition, message: "task \(task.id) already belongs to project \(task.projectID)")
        }
        guard !task.archived else { throw RPCError(code: .failedPrecondition, message: "task \(task.id) is archived") }
        var create = ProjectsV1.CreateProjectRequest()
        var project = ProjectsV1.Project()
        project.name = request.name.isEmpty ? String(task.title.prefix(200)) : request.name
        project.outcome = request.outcome
        project.owner = !request.owner.isEmpty ? request.owner : task.owner
        project.startDate = (start ?? TenantCalendar.today(timeZone: session.timeZone)).message
        project.targetDate = target?.message ?? task.dueDate
        if let due = project.targetDate.flatMap(CalendarDay.init), let first = project.startDate.flatMap(CalendarDay.init), due < first {
            project.targetDate = nil  // a task already overdue gives no target in the past
        }
        create.project = project
        create.requestID = requestID
        let made = try await createProject(create).project!
        var change = TasksV1.Task()
        change.id = task.id
        change.projectID = made.id
        task = try await tasks.updateTask(change, paths: ["project_id"], tenantID: session.tenantID, actor: session.actor)
        let taskID = task.id
        _ = try await self.change { session, connection in
            try connection.query(
                """
                INSERT INTO project_work_items (tenant_id, task_id, project_id)
                VALUES (\(session.tenantID)::uuid, \(taskID)::uuid, \(made.id)::uuid) ON CONFLICT DO NOTHING
                """)
        }
        var response = ProjectsV1.PromoteTaskResponse()
        response.project = made
        response.task = task
        return response
    }
}
