import Foundation
import TandemPostgres
import TandemRPC
import TandemScheduling
import TandemSchema
import TandemService

/// Phases, milestones, members, work items and dependencies.
extension ProjectService {
    // MARK: - Phases

    func addPhase(_ request: ProjectsV1.AddPhaseRequest) async throws -> ProjectsV1.AddPhaseResponse {
        try Self.name(request.name, field: "name")
        try Self.text(request.description, field: "description")
        let depth = request.depth == .unspecified ? ProjectsV1.PhaseDepth(rawValue: 1) : request.depth
        guard (1...2).contains(depth.rawValue) else { throw RPCError.invalidArgument(field: "depth", "unknown depth") }
        guard request.roughEstimateDays.isFinite, request.roughEstimateDays >= 0, request.roughEstimateDays <= 100_000 else {
            throw RPCError.invalidArgument(field: "rough_estimate_days", "must be 0 to 100000")
        }
        if depth.rawValue == 1, request.roughEstimateDays != 0 {
            throw RPCError.invalidArgument(field: "rough_estimate_days", "only a ROUGH phase has a rough estimate")
        }
        guard request.order >= 0 else { throw RPCError.invalidArgument(field: "order", "must not be negative") }
        let start = try Validation.day(request.startDate, field: "start_date")
        let end = try Validation.day(request.endDate, field: "end_date")
        if let start, let end, end < start { throw RPCError.invalidArgument(field: "end_date", "before start_date") }
        let requestID = try Validation.requestID(request.requestID)
        let id = Identifiers.uuidV7()
        let phase = try await change { session, connection in
            let project = try Self.openProject(request.projectID, on: connection)
            if let requestID,
                let row = try connection.query(
                    "SELECT \(sql: ProjectRows.phaseColumns) FROM project_phases WHERE project_id = \(project.id)::uuid AND request_id = \(requestID)"
                ).first
            {
                return try ProjectRows.phase(row)
            }
            var position = Int(request.order)
            if position == 0 {
                position = try connection.query(
                    "SELECT coalesce(max(position), 0) + 1 FROM project_phases WHERE project_id = \(project.id)::uuid"
                ).first!.decode(Int.self, at: 0)
            }
            let row = try connection.query(
                """
                INSERT INTO project_phases (tenant_id, id, project_id, name, position, depth, rough_estimate_days, description,
                                            start_date, end_date, created_by, updated_by, request_id)
                VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(project.id)::uuid, \(request.name), \(position),
                        \(Int(depth.rawValue)), \(request.roughEstimateDays), \(request.description), \(start?.description)::date,
                        \(end?.description)::date, \(session.actor), \(session.actor), \(requestID))
                RETURNING \(sql: ProjectRows.phaseColumns)
                """
            ).first!
            return try ProjectRows.phase(row)
        }
        var response = ProjectsV1.AddPhaseResponse()
        response.phase = phase
        return response
    }

    func listPhases(_ request: ProjectsV1.ListPhasesRequest) async throws -> ProjectsV1.ListPhasesResponse {
        let size = try pageSize(request.pageSize)
        let session = try session()
        _ = try await read { try Self.project(request.projectID, on: $1) }
        let query: PostgresQuery = """
            SELECT \(sql: ProjectRows.phaseColumns), lpad(position::text, 10, '0') FROM project_phases
            WHERE project_id = \(request.projectID)::uuid
            """
        let page = try await keysetPage(
            query, key: "lpad(position::text, 10, '0')", type: "text", tie: "id", tieType: "uuid", size: size,
            token: request.pageToken, binding: "phases|\(session.tenantID)|\(request.projectID)", keyColumn: 14, session: session,
            decode: ProjectRows.phase)
        var response = ProjectsV1.ListPhasesResponse()
        response.phases = page.rows
        response.nextPageToken = page.next
        return response
    }

    // MARK: - Milestones

    func addMilestone(_ request: ProjectsV1.AddMilestoneRequest) async throws -> ProjectsV1.AddMilestoneResponse {
        try Self.name(request.name, field: "name")
        try Self.text(request.description, field: "description")
        let target = try Validation.day(request.targetDate, field: "target_date")
        let requestID = try Validation.requestID(request.requestID)
        let id = Identifiers.uuidV7()
        let milestone = try await change { session, connection in
            let project = try Self.openProject(request.projectID, on: connection)
            if !request.phaseID.isEmpty { try Self.checkPhase(request.phaseID, project: project.id, on: connection) }
            if let requestID,
                let row = try connection.query(
                    "SELECT \(sql: ProjectRows.milestoneColumns) FROM project_milestones WHERE project_id = \(project.id)::uuid AND request_id = \(requestID)"
                ).first
            {
                return try ProjectRows.milestone(row)
            }
            let row = try connection.query(
                """
                INSERT INTO project_milestones (tenant_id, id, project_id, phase_id, name, description, target_date, created_by,
                                                updated_by, request_id)
                VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(project.id)::uuid, \(request.phaseID.isEmpty ? nil : request.phaseID)::uuid,
                        \(request.name), \(request.description), \(target?.description)::date, \(session.actor), \(session.actor),
                        \(requestID))
                RETURNING \(sql: ProjectRows.milestoneColumns)
                """
            ).first!
            return try ProjectRows.milestone(row)
        }
        var response = ProjectsV1.AddMilestoneResponse()
        response.milestone = milestone
        return response
    }

    static func checkPhase(_ phaseID: String, project: String, on connection: PostgresConnection) throws {
        guard Identifiers.isUUID(phaseID),
            try connection.query(
                "SELECT 1 FROM project_phases WHERE id = \(phaseID)::uuid AND project_id = \(project)::uuid"
            ).first != nil
        else { throw notFound("phase", phaseID) }
    }

    static let milestonePaths: Set<String> = ["name", "description", "phase_id", "target_date", "reached"]

    func updateMilestone(_ request: ProjectsV1.UpdateMilestoneRequest) async throws -> ProjectsV1.UpdateMilestoneResponse {
        let input = request.milestone ?? ProjectsV1.Milestone()
        let paths = request.updateMask?.paths ?? []
        guard !paths.isEmpty else { throw RPCError.invalidArgument(field: "update_mask", "name at least one field to change") }
        for (index, path) in paths.enumerated() where !Self.milestonePaths.contains(path) {
            throw RPCError.invalidArgument(field: "update_mask.paths[\(index)]", "\"\(path.prefix(64))\" is not an updatable field")
        }
        let mask = Set(paths)
        let expected = request.expectedVersion
        // Marking it reached may make its successors ready: worked out before (it reads the task
        // service), written with the change.
        var ready: [CommonV1.Event] = []
        if mask.contains("reached"), input.reached, Identifiers.isUUID(input.id) {
            let session = try session()
            let plan = try await read { _, connection -> Plan? in
                guard
                    let row = try connection.query("SELECT project_id::text FROM project_milestones WHERE id = \(input.id)::uuid").first
                else { return nil }
                return try Self.plan(try row.decode(String.self, at: 0), on: connection)
            }
            if let plan {
                ready = try await readiness(completing: input.id.lowercased(), plan: plan, session: session, actor: session.actor)
            }
        }
        let readyEvents = ready
        let outbox = self.outbox
        let milestone = try await change { session, connection in
            guard Identifiers.isUUID(input.id),
                let row = try connection.query(
                    "SELECT \(sql: ProjectRows.milestoneColumns) FROM project_milestones WHERE id = \(input.id)::uuid FOR UPDATE"
                ).first
            else { throw Self.notFound("milestone", input.id) }
            var milestone = try ProjectRows.milestone(row)
            _ = try Self.openProject(milestone.projectID, on: connection)
            try Self.checkVersion(milestone.version, expected: expected, what: "milestone \(milestone.id)")
            if mask.contains("name") {
                try Self.name(input.name, field: "milestone.name")
                milestone.name = input.name
            }
            if mask.contains("description") {
                try Self.text(input.description, field: "milestone.description")
                milestone.description = input.description
            }
            if mask.contains("phase_id") {
                if !input.phaseID.isEmpty { try Self.checkPhase(input.phaseID, project: milestone.projectID, on: connection) }
                milestone.phaseID = input.phaseID
            }
            if mask.contains("target_date") { milestone.targetDate = try Validation.day(input.targetDate, field: "milestone.target_date")?.message }
            var reached: PostgresQuery = "reached_at"
            if mask.contains("reached"), input.reached != milestone.reached {
                if input.reached, let blocker = try Self.reachBlocker(milestone.id, on: connection) {
                    throw RPCError(code: .failedPrecondition, message: "milestone \(milestone.id) cannot be reached: \(blocker)")
                }
                reached = input.reached ? "now()" : "NULL"
                if input.reached { try outbox.write(readyEvents, tenantID: session.tenantID, on: connection) }
            }
            var query: PostgresQuery = """
                UPDATE project_milestones SET name = \(milestone.name), description = \(milestone.description),
                    phase_id = \(milestone.phaseID.isEmpty ? nil : milestone.phaseID)::uuid,
                    target_date = \(milestone.targetDate.flatMap(CalendarDay.init)?.description)::date, reached_at =
                """
            query.append(reached)
            query.append(
                """
                , version = version + 1, updated_at = now(), updated_by = \(session.actor)
                WHERE id = \(milestone.id)::uuid RETURNING \(sql: ProjectRows.milestoneColumns)
                """)
            return try ProjectRows.milestone(try connection.query(query).first!)
        }
        if mask.contains("target_date") || mask.contains("reached") { await reforecast(milestone.projectID) }
        var response = ProjectsV1.UpdateMilestoneResponse()
        response.milestone = milestone
        return response
    }

    func listMilestones(_ request: ProjectsV1.ListMilestonesRequest) async throws -> ProjectsV1.ListMilestonesResponse {
        let size = try pageSize(request.pageSize)
        let session = try session()
        _ = try await read { try Self.project(request.projectID, on: $1) }
        var query: PostgresQuery = """
            SELECT \(sql: ProjectRows.milestoneColumns), coalesce(target_date, 'infinity'::date)::text FROM project_milestones
            WHERE project_id = \(request.projectID)::uuid
            """
        if !request.phaseID.isEmpty {
            guard Identifiers.isUUID(request.phaseID) else { throw RPCError.invalidArgument(field: "phase_id", "not an id") }
            query.append(" AND phase_id = \(request.phaseID)::uuid")
        }
        if let reached = request.reached { query.append(reached ? " AND reached_at IS NOT NULL" : " AND reached_at IS NULL") }
        let binding = "milestones|\(session.tenantID)|\(request.projectID)|\(request.phaseID)|\(request.reached.map { $0 ? "1" : "0" } ?? "")"
        let page = try await keysetPage(
            query, key: "coalesce(target_date, 'infinity'::date)", type: "date", tie: "id", tieType: "uuid", size: size,
            token: request.pageToken, binding: binding, keyColumn: 12, session: session, decode: ProjectRows.milestone)
        var response = ProjectsV1.ListMilestonesResponse()
        response.milestones = page.rows
        response.nextPageToken = page.next
        return response
    }

    // MARK: - Members

    func addMember(_ request: ProjectsV1.AddMemberRequest) async throws -> ProjectsV1.AddMemberResponse {
        guard !request.user.isEmpty, request.user.unicodeScalars.count <= 200 else {
            throw RPCError.invalidArgument(field: "user", "must be 1 to 200 characters")
        }
        guard (1...5).contains(request.role.rawValue) else {
            throw RPCError.invalidArgument(field: "role", request.role.rawValue == 0 ? "must be set" : "unknown role")
        }
        let member = try await change { session, connection in
            let project = try Self.openProject(request.projectID, on: connection)
            let inserted = try connection.query(
                """
                INSERT INTO project_members (tenant_id, project_id, user_name, role, added_by)
                VALUES (\(session.tenantID)::uuid, \(project.id)::uuid, \(request.user), \(Int(request.role.rawValue)), \(session.actor))
                ON CONFLICT (tenant_id, project_id, user_name) DO NOTHING
                RETURNING \(sql: ProjectRows.memberColumns)
                """)
            if let row = inserted.first { return try ProjectRows.member(row) }
            let existing = try ProjectRows.member(
                try connection.query(
                    "SELECT \(sql: ProjectRows.memberColumns) FROM project_members WHERE project_id = \(project.id)::uuid AND user_name = \(request.user)"
                ).first!)
            // A retry of the same addition answers the member; another role is a conflict.
            guard existing.role == request.role else {
                throw RPCError(code: .alreadyExists, message: "\(request.user) is already a member of project \(project.id)")
            }
            return existing
        }
        var response = ProjectsV1.AddMemberResponse()
        response.member = member
        return response
    }

    func removeMember(_ request: ProjectsV1.RemoveMemberRequest) async throws -> ProjectsV1.RemoveMemberResponse {
        try await change { _, connection in
            let project = try Self.openProject(request.projectID, on: connection)
            guard
                let row = try connection.query(
                    "SELECT role FROM project_members WHERE project_id = \(project.id)::uuid AND user_name = \(request.user) FOR UPDATE"
                ).first
            else { throw RPCError(code: .notFound, message: "\(request.user.prefix(64)) is not a member of project \(project.id)") }
            if try row.decode(Int.self, at: 0) == 1 {
                let owners = try connection.query(
                    "SELECT count(*) FROM project_members WHERE project_id = \(project.id)::uuid AND role = 1"
                ).first!.decode(Int.self, at: 0)
                guard owners > 1 else {
                    throw RPCError(code: .failedPrecondition, message: "\(request.user) is the last owner of project \(project.id)")
                }
            }
            try connection.query(
                "DELETE FROM project_members WHERE project_id = \(project.id)::uuid AND user_name = \(request.user)")
        }
        return ProjectsV1.RemoveMemberResponse()
    }

    func listMembers(_ request: ProjectsV1.ListMembersRequest) async throws -> ProjectsV1.ListMembersResponse {
        let size = try pageSize(request.pageSize)
        let roles = try Validation.enumValues(request.roles.map(\.rawValue), known: 1...5, field: "roles") { _ in "unknown role" }
        let session = try session()
        _ = try await read { try Self.project(request.projectID, on: $1) }
        var query: PostgresQuery = """
            SELECT \(sql: ProjectRows.memberColumns), user_name FROM project_members
            WHERE project_id = \(request.projectID)::uuid
            """
        if !roles.isEmpty { query.append(" AND role = ANY(\(roles)::smallint[])") }
        let page = try await keysetPage(
            query, key: "project_members.user_name", type: "text", tie: "project_members.user_name", tieType: "text", size: size, token: request.pageToken,
            binding: "members|\(session.tenantID)|\(request.projectID)|\(roles.joined(separator: ","))", keyColumn: 5,
            tieColumn: 1, session: session, decode: ProjectRows.member)
        var response = ProjectsV1.ListMembersResponse()
        response.members = page.rows
        response.nextPageToken = page.next
        return response
    }

    // MARK: - Work items

    func addWorkItem(_ request: ProjectsV1.AddWorkItemRequest) async throws -> ProjectsV1.AddWorkItemResponse {
        let requestID = try Validation.requestID(request.requestID)
        let session = try session()
        // The project (open) and the phase (of this project) first.
        let phaseDepth: Int32? = try await read { _, connection in
            let project = try Self.project(request.projectID, on: connection)
            guard !project.archived else {
                throw RPCError(code: .failedPrecondition, message: "project \(project.id) is archived")
            }
            guard !request.phaseID.isEmpty else { return nil }
            guard Identifiers.isUUID(request.phaseID),
                let row = try connection.query(
                    "SELECT depth FROM project_phases WHERE id = \(request.phaseID)::uuid AND project_id = \(project.id)::uuid"
                ).first
            else { throw Self.notFound("phase", request.phaseID) }
            return try row.decode(Int32.self, at: 0)
        }
        var create = TasksV1.CreateTaskRequest()
        var task = request.task ?? TasksV1.Task()
        task.projectID = request.projectID.lowercased()
        task.phaseID = request.phaseID.lowercased()
        create.task = task
        // The task service's request ids are per tenant: this one is namespaced by the project.
        if let requestID { create.requestID = "work-item:\(task.projectID):\(requestID)" }
        let created = try await tasks.createTask(create, tenantID: session.tenantID, actor: session.actor)
        let (projectID, phaseID) = (task.projectID, task.phaseID)
        try await change { session, connection in
            try connection.query(
                """
                INSERT INTO project_work_items (tenant_id, task_id, project_id)
                VALUES (\(session.tenantID)::uuid, \(created.id)::uuid, \(projectID)::uuid) ON CONFLICT DO NOTHING
                """)
            if phaseDepth == 2 {
                // Its first task makes a rough phase detailed.
                try connection.query(
                    """
                    UPDATE project_phases SET depth = 1, version = version + 1, updated_at = now(), updated_by = \(session.actor)
                    WHERE id = \(phaseID)::uuid AND depth = 2
                    """)
            }
        }
        var response = ProjectsV1.AddWorkItemResponse()
        response.task = created
        return response
    }

    // MARK: - Dependencies

    /// A dependency end: kind 1 a task, 2 a milestone.
    static func end(_ ref: ProjectsV1.ItemRef?, field: String) throws(RPCError) -> (kind: Int, id: String) {
        switch ref?.item {
        case .taskID(let id)?:
            guard Identifiers.isUUID(id) else { throw .invalidArgument(field: "\(field).task_id", "not an id") }
            return (1, id.lowercased())
        case .milestoneID(let id)?:
            guard Identifiers.isUUID(id) else { throw .invalidArgument(field: "\(field).milestone_id", "not an id") }
            return (2, id.lowercased())
        case .phaseID?:
            throw .invalidArgument(field: "\(field).phase_id", "a phase is never part of a dependency: link its tasks or milestone")
        case nil:
            throw .invalidArgument(field: field, "name a task_id or a milestone_id")
        }
    }

    static func describe(_ end: (kind: Int, id: String)) -> String {
        "\(end.kind == 1 ? "task" : "milestone") \(end.id)"
    }

    func addDependency(_ request: ProjectsV1.AddDependencyRequest) async throws -> ProjectsV1.AddDependencyResponse {
        let predecessor = try Self.end(request.predecessor, field: "predecessor")
        let successor = try Self.end(request.successor, field: "successor")
        let type = request.type.rawValue == 0 ? 1 : Int(request.type.rawValue)
        guard (1...4).contains(type) else { throw RPCError.invalidArgument(field: "type", "unknown dependency type") }
        guard abs(request.lagDays) <= 3650 else { throw RPCError.invalidArgument(field: "lag_days", "at most 3650 days either way") }
        let requestID = try Validation.requestID(request.requestID)
        let session = try session()
        if predecessor.id == successor.id {
            throw RPCError(code: .failedPrecondition, message: "\(Self.describe(predecessor)) cannot depend on itself")
        }
        // Tasks live in the task service: each must exist and be a work item of this project.
        for end in [predecessor, successor] where end.kind == 1 {
            let task = try await tasks.getTask(id: end.id, tenantID: session.tenantID, actor: session.actor)
            guard task.projectID == request.projectID.lowercased() else {
                throw RPCError(code: .failedPrecondition, message: "\(Self.describe(end)) is not part of project \(request.projectID)")
            }
        }
        let id = Identifiers.uuidV7()
        let dependency = try await change { session, connection in
            // The project's lock serialises its dependency changes, so the cycle check holds.
            let project = try Self.openProject(request.projectID, on: connection)
            if let requestID,
                let row = try connection.query(
                    "SELECT \(sql: ProjectRows.dependencyColumns) FROM project_dependencies WHERE project_id = \(project.id)::uuid AND request_id = \(requestID)"
                ).first
            {
                return try ProjectRows.dependency(row)
            }
            for end in [predecessor, successor] where end.kind == 2 {
                guard
                    try connection.query(
                        "SELECT 1 FROM project_milestones WHERE id = \(end.id)::uuid AND project_id = \(project.id)::uuid"
                    ).first != nil
                else {
                    if try connection.query("SELECT 1 FROM project_milestones WHERE id = \(end.id)::uuid").first != nil {
                        throw RPCError(code: .failedPrecondition, message: "\(Self.describe(end)) is not part of project \(project.id)")
                    }
                    throw Self.notFound("milestone", end.id)
                }
            }
            var ids: [String: Int] = [:]
            var kinds: [Int] = []
            var links: [ScheduleEngine.Link] = []
            func index(_ end: (kind: Int, id: String)) -> Int {
                if let index = ids[end.id] { return index }
                ids[end.id] = kinds.count
                kinds.append(end.kind)
                return kinds.count - 1
            }
            for row in try connection.query(
                "SELECT predecessor_kind, predecessor_id::text, successor_kind, successor_id::text, type FROM project_dependencies WHERE project_id = \(project.id)::uuid"
            ).rows {
                let from = (try row.decode(Int.self, at: 0), try row.decode(String.self, at: 1))
                let to = (try row.decode(Int.self, at: 2), try row.decode(String.self, at: 3))
                if from.1 == predecessor.id, to.1 == successor.id, try row.decode(Int.self, at: 4) == type {
                    throw RPCError(
                        code: .failedPrecondition,
                        message: "\(Self.describe(predecessor)) → \(Self.describe(successor)) of this type already exists")
                }
                links.append(ScheduleEngine.Link(predecessor: index(from), successor: index(to)))
            }
            let from = index(predecessor), to = index(successor)
            if let cycle = ScheduleEngine.cycle(adding: from, to, count: kinds.count, links: links) {
                let names = ids.sorted { $0.value < $1.value }.map { (kind: kinds[$0.value], id: $0.key) }
                let path = (cycle + [cycle[0]]).map { Self.describe(names[$0]) }.joined(separator: " → ")
                throw RPCError(code: .failedPrecondition, message: "the dependency would close a cycle: \(path)")
            }
            let row = try connection.query(
                """
                INSERT INTO project_dependencies (tenant_id, id, project_id, predecessor_kind, predecessor_id, successor_kind,
                                                  successor_id, type, lag_days, created_by, request_id)
                VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(project.id)::uuid, \(predecessor.kind), \(predecessor.id)::uuid,
                        \(successor.kind), \(successor.id)::uuid, \(type), \(Int(request.lagDays)), \(session.actor), \(requestID))
                RETURNING \(sql: ProjectRows.dependencyColumns)
                """
            ).first!
            return try ProjectRows.dependency(row)
        }
        await reforecast(dependency.projectID)
        var response = ProjectsV1.AddDependencyResponse()
        response.dependency = dependency
        return response
    }

    func removeDependency(_ request: ProjectsV1.RemoveDependencyRequest) async throws -> ProjectsV1.RemoveDependencyResponse {
        let projectID = try await change { _, connection in
            guard Identifiers.isUUID(request.dependencyID),
                let row = try connection.query(
                    "SELECT project_id::text FROM project_dependencies WHERE id = \(request.dependencyID)::uuid"
                ).first
            else { throw Self.notFound("dependency", request.dependencyID) }
            let projectID = try row.decode(String.self, at: 0)
            _ = try Self.openProject(projectID, on: connection)
            try connection.query("DELETE FROM project_dependencies WHERE id = \(request.dependencyID)::uuid")
            return projectID
        }
        await reforecast(projectID)
        return ProjectsV1.RemoveDependencyResponse()
    }

    func listDependencies(_ request: ProjectsV1.ListDependenciesRequest) async throws -> ProjectsV1.ListDependenciesResponse {
        let size = try pageSize(request.pageSize)
        let session = try session()
        _ = try await read { try Self.project(request.projectID, on: $1) }
        var query: PostgresQuery = """
            SELECT \(sql: ProjectRows.dependencyColumns), created_at::text FROM project_dependencies
            WHERE project_id = \(request.projectID)::uuid
            """
        var itemID = ""
        if request.item?.item != nil {
            itemID = try Self.end(request.item, field: "item").id
            query.append(" AND (predecessor_id = \(itemID)::uuid OR successor_id = \(itemID)::uuid)")
        }
        let page = try await keysetPage(
            query, key: "project_dependencies.created_at", type: "timestamptz", tie: "project_dependencies.id", tieType: "uuid",
            size: size, token: request.pageToken, binding: "dependencies|\(session.tenantID)|\(request.projectID)|\(itemID)", keyColumn: 10, session: session,
            decode: ProjectRows.dependency)
        var response = ProjectsV1.ListDependenciesResponse()
        response.dependencies = page.rows
        response.nextPageToken = page.next
        return response
    }
}
