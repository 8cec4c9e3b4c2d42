import Foundation
public import Logging
import TandemPostgres
public import TandemRPC
public import TandemSchema
public import TandemService

/// `tandem.projects.v1.ProjectService`: projects and their plans for the caller's tenant. Work
/// items are tasks of tandem-tasks, created and read through `tasks`; this service keeps only
/// the references.
public struct ProjectService: RPCService {
    let clusters: ClusterSet
    let tasks: any TaskGateway
    let pageTokens: PageTokenCodec
    /// Where the project's events are written (in the change's transaction).
    let outbox: Outbox
    let logger: Logger

    public init(
        clusters: ClusterSet, tasks: any TaskGateway, pageTokens: PageTokenCodec, outbox: Outbox = Outbox(subscribers: []),
        logger: Logger
    ) {
        self.clusters = clusters
        self.tasks = tasks
        self.pageTokens = pageTokens
        self.outbox = outbox
        self.logger = logger
    }

    /// Reads need the `read` scope, every other call `write`.
    public static func access(_ method: MethodInfo) -> Access {
        method.method.hasPrefix("Get") || method.method.hasPrefix("List") || method.method == "ClassifyWork"
            ? .tenant(.read) : .tenant(.write)
    }

    public var methods: [ServiceMethod] {
        typealias P = ProjectsV1.ProjectService
        return [
            .unary(P.createProject) { request, _ in try await run { try await createProject(request) } },
            .unary(P.getProject) { request, _ in
                try await run {
                    var response = ProjectsV1.GetProjectResponse()
                    response.project = try await read { try Self.project(request.id, on: $1) }
                    return response
                }
            },
            .unary(P.listProjects) { request, _ in try await run { try await listProjects(request) } },
            .unary(P.updateProject) { request, _ in try await run { try await updateProject(request) } },
            .unary(P.archiveProject) { request, _ in try await run { try await archiveProject(request) } },
            .unary(P.addPhase) { request, _ in try await run { try await addPhase(request) } },
            .unary(P.listPhases) { request, _ in try await run { try await listPhases(request) } },
            .unary(P.addMilestone) { request, _ in try await run { try await addMilestone(request) } },
            .unary(P.updateMilestone) { request, _ in try await run { try await updateMilestone(request) } },
            .unary(P.listMilestones) { request, _ in try await run { try await listMilestones(request) } },
            .unary(P.addMember) { request, _ in try await run { try await addMember(request) } },
            .unary(P.removeMember) { request, _ in try await run { try await removeMember(request) } },
            .unary(P.listMembers) { request, _ in try await run { try await listMembers(request) } },
            .unary(P.addWorkItem) { request, _ in try await run { try await addWorkItem(request) } },
            .unary(P.addDependency) { request, _ in try await run { try await addDependency(request) } },
            .unary(P.removeDependency) { request, _ in try await run { try await removeDependency(request) } },
            .unary(P.listDependencies) { request, _ in try await run { try await listDependencies(request) } },
            .unary(P.getSchedule) { request, _ in try await run { try await getSchedule(request) } },
            .unary(P.requestApproval) { request, _ in try await run { try await requestApproval(request) } },
            .unary(P.decideApproval) { request, _ in try await run { try await decideApproval(request) } },
            .unary(P.listApprovals) { request, _ in try await run { try await listApprovals(request) } },
            .unary(P.addRisk) { request, _ in try await run { try await addRisk(request) } },
            .unary(P.updateRisk) { request, _ in try await run { try await updateRisk(request) } },
            .unary(P.listRisks) { request, _ in try await run { try await listRisks(request) } },
            .unary(P.classifyWork) { request, _ in try await run { try await classifyWork(request) } },
            .unary(P.promoteTask) { request, _ in try await run { try await promoteTask(request) } },
            .unary(P.getStatusReport) { request, _ in try await run { try await getStatusReport(request) } },
        ]
    }

    private func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withDatabaseErrors(logger: logger, body)
    }

    // MARK: - Sessions

    struct Session: Sendable {
        var tenantID: String
        var actor: String
        var timeZone: String
        var pool: PostgresPool
    }

    func session() throws(RPCError) -> Session {
        let tenant = try Caller.tenant()
        return Session(
            tenantID: tenant.tenantID, actor: Caller.current?.actor ?? "", timeZone: tenant.timeZone,
            pool: try clusters.pool(tenant.cluster))
    }

    /// A write transaction for the caller's tenant.
    func change<T: Sendable>(_ body: @escaping @Sendable (Session, PostgresConnection) throws -> T) async throws -> T {
        let session = try session()
        return try await session.pool.transaction(tenant: TenantScope(session.tenantID)) { try body(session, $0) }
    }

    /// A read-only transaction for the caller's tenant.
    func read<T: Sendable>(_ body: @escaping @Sendable (Session, PostgresConnection) throws -> T) async throws -> T {
        let session = try session()
        return try await session.pool.transaction(tenant: TenantScope(session.tenantID), readOnly: true) {
            try body(session, $0)
        }
    }

    // MARK: - Validation

    static func name(_ name: String, field: String) throws(RPCError) {
        let length = name.unicodeScalars.count
        guard length >= 1, length <= 200, !name.allSatisfy(\.isWhitespace) else {
            throw .invalidArgument(field: field, "must be 1 to 200 characters")
        }
    }

    static func text(_ text: String, field: String, limit: Int = 20_000) throws(RPCError) {
        guard text.unicodeScalars.count <= limit else { throw .invalidArgument(field: field, "at most \(limit) characters") }
    }

    static func calendar(_ calendar: ProjectsV1.WorkingCalendar?, field: String) throws(RPCError) -> ProjectsV1.WorkingCalendar {
        var result = ProjectsV1.WorkingCalendar()
        guard let calendar else { return result }
        var days = Set<Int32>()
        for (index, day) in calendar.workingDays.enumerated() {
            guard (1...7).contains(day.rawValue) else {
                throw .invalidArgument(field: "\(field).working_days[\(index)]", "must be MONDAY to SUNDAY")
            }
            days.insert(day.rawValue)
        }
        result.workingDays = days.sorted().map(CommonV1.Weekday.init(rawValue:))
        guard calendar.holidays.count <= 1000 else { throw .invalidArgument(field: "\(field).holidays", "at most 1000") }
        var holidays = Set<CalendarDay>()
        for (index, holiday) in calendar.holidays.enumerated() {
            guard let day = CalendarDay(holiday) else {
                throw .invalidArgument(field: "\(field).holidays[\(index)]", "not a calendar date")
            }
            holidays.insert(day)
        }
        result.holidays = holidays.sorted().map(\.message)
        return result
    }

    static func notFound(_ what: String, _ id: String) -> RPCError {
        RPCError(code: .notFound, message: "\(what) \(id.prefix(64)) not found")
    }

    static func checkVersion(_ version: Int64, expected: Int64, what: String) throws(RPCError) {
        guard expected == 0 || expected == version else {
            throw RPCError(code: .aborted, message: "\(what) is at version \(version), not \(expected): read it again and retry")
        }
    }

    // MARK: - Projects

    static func project(_ id: String, lock: Bool = false, on connection: PostgresConnection) throws -> ProjectsV1.Project {
        guard Identifiers.isUUID(id) else { throw notFound("project", id) }
        var query: PostgresQuery = "SELECT \(sql: ProjectRows.projectColumns) FROM projects WHERE id = \(id)::uuid"
        if lock { query.append(" FOR UPDATE") }
        guard let row = try connection.query(query).first else { throw notFound("project", id) }
        return try ProjectRows.project(row)
    }

    /// The project, locked, refusing changes to an archived one.
    static func openProject(_ id: String, on connection: PostgresConnection) throws -> ProjectsV1.Project {
        let project = try project(id, lock: true, on: connection)
        guard !project.archived else { throw RPCError(code: .failedPrecondition, message: "project \(id) is archived") }
        return project
    }

    func createProject(_ request: ProjectsV1.CreateProjectRequest) async throws -> ProjectsV1.CreateProjectResponse {
        let input = request.project ?? ProjectsV1.Project()
        let session = try session()
        try Self.name(input.name, field: "project.name")
        try Self.text(input.outcome, field: "project.outcome")
        try Self.text(input.description, field: "project.description")
        let owner = input.owner.isEmpty ? session.actor : input.owner
        guard !owner.isEmpty else {
            throw RPCError.invalidArgument(field: "project.owner", "name an owner, or call with x-tandem-actor")
        }
        try Self.text(owner, field: "project.owner", limit: 200)
        let status = input.status == .unspecified ? ProjectsV1.ProjectStatus.planning : input.status
        guard (1...5).contains(status.rawValue) else {
            throw RPCError.invalidArgument(field: "project.status", "unknown status \(status.rawValue)")
        }
        let start = try Validation.day(input.startDate, field: "project.start_date") ?? TenantCalendar.today(timeZone: session.timeZone)
        let target = try Validation.day(input.targetDate, field: "project.target_date")
        if let target, target < start { throw RPCError.invalidArgument(field: "project.target_date", "before start_date") }
        let calendar = try Self.calendar(input.calendar, field: "project.calendar")
        let requestID = try Validation.requestID(request.requestID)
        let id = Identifiers.uuidV7()
        let project = try await change { session, connection in
            let inserted = try connection.query(
                """
                INSERT INTO projects (tenant_id, id, name, outcome, description, owner, status, start_date, target_date,
                                      calendar, created_by, updated_by, request_id)
                VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(input.name), \(input.outcome), \(input.description), \(owner),
                        \(Int(status.rawValue)), \(start.description)::date, \(target?.description)::date,
                        \(PostgresBytes(calendar.serializedBytes()))::bytea, \(session.actor), \(session.actor), \(requestID))
                ON CONFLICT (tenant_id, request_id) DO NOTHING
                RETURNING \(sql: ProjectRows.projectColumns)
                """)
            if let row = inserted.first {
                try connection.query(
                    """
                    INSERT INTO project_members (tenant_id, project_id, user_name, role, added_by)
                    VALUES (\(session.tenantID)::uuid, \(id)::uuid, \(owner), 1, \(session.actor))
                    """)
                return try ProjectRows.project(row)
            }
            guard
                let row = try connection.query(
                    "SELECT \(sql: ProjectRows.projectColumns) FROM projects WHERE request_id = \(requestID)"
                ).first
            else { throw RPCError(code: .aborted, message: "request_id is in use; retry") }
            return try ProjectRows.project(row)
        }
        var response = ProjectsV1.CreateProjectResponse()
        response.project = project
        return response
    }

    func listProjects(_ request: ProjectsV1.ListProjectsRequest) async throws -> ProjectsV1.ListProjectsResponse {
        let size = try pageSize(request.pageSize)
        // In text, for `= ANY(...::smallint[])` and the page token's binding.
        let statuses = try Validation.enumValues(request.statuses.map(\.rawValue), known: 1...5, field: "statuses") {
            "unknown status \($0)"
        }
        try Self.text(request.text, field: "text", limit: 200)
        let session = try session()
        let binding = [
            "projects", session.tenantID, request.owner, request.member, statuses.joined(separator: ","), request.text,
            request.includeArchived ? "1" : "0",
        ].joined(separator: "|")
        var query: PostgresQuery = "SELECT \(sql: ProjectRows.projectColumns), created_at::text FROM projects WHERE true"
        if !request.includeArchived { query.append(" AND archived_at IS NULL") }
        if !request.owner.isEmpty { query.append(" AND owner = \(request.owner)") }
        if !request.member.isEmpty {
            query.append(" AND id IN (SELECT project_id FROM project_members WHERE user_name = \(request.member))")
        }
        if !statuses.isEmpty { query.append(" AND status = ANY(\(statuses)::smallint[])") }
        if !request.text.isEmpty {
            let pattern = Validation.containsPattern(request.text)
            query.append(" AND (name ILIKE \(pattern) OR outcome ILIKE \(pattern))")
        }
        let page = try await keysetPage(
            query, key: "projects.created_at", type: "timestamptz", tie: "projects.id", tieType: "uuid", size: size,
            token: request.pageToken, binding: binding, keyColumn: 15, session: session, decode: ProjectRows.project)
        var response = ProjectsV1.ListProjectsResponse()
        response.projects = page.rows
        response.nextPageToken = page.next
        return response
    }

    /// One page of `query` ordered by (`key`, `tie`): the statement selects the row's columns and
    /// then `key::text` at `keyColumn`; the tie's value (as text) is at `tieColumn`.
    func keysetPage<Row: Sendable>(
        _ query: PostgresQuery, key: StaticString, type: StaticString, tie: StaticString, tieType: StaticString, size: Int,
        token: String, binding: String, keyColumn: Int, tieColumn: Int = 0, session: Session,
        decode: @escaping @Sendable (PostgresRow) throws(PostgresError) -> Row
    ) async throws -> (rows: [Row], next: String) {
        var query = query
        if !token.isEmpty {
            let position = try pageTokens.decode(token, binding: binding, fields: 2)
            query.append(
                " AND \(sql: key) >= \(position[0])::\(sql: type) AND (\(sql: key) > \(position[0])::\(sql: type) OR \(sql: tie) > \(position[1])::\(sql: tieType))"
            )
        }
        query.append(" ORDER BY \(sql: key), \(sql: tie) LIMIT \(size + 1)")
        let statement = query
        let rows = try await session.pool.transaction(tenant: TenantScope(session.tenantID), readOnly: true) { connection in
            var rows: [(Row, String, String)] = []
            for row in try connection.query(statement).rows {
                rows.append((try decode(row), try row.decode(String.self, at: keyColumn), try row.decode(String.self, at: tieColumn)))
            }
            return rows.map { ($0.0, [$0.1, $0.2]) }
        }
        guard rows.count > size else { return (rows.map(\.0), "") }
        return (rows.prefix(size).map(\.0), pageTokens.encode(position: rows[size - 1].1, binding: binding))
    }

    static let projectPaths: Set<String> = [
        "name", "outcome", "description", "owner", "status", "start_date", "target_date", "calendar",
    ]

    func updateProject(_ request: ProjectsV1.UpdateProjectRequest) async throws -> ProjectsV1.UpdateProjectResponse {
        let input = request.project ?? ProjectsV1.Project()
        let paths = request.updateMask?.paths ?? []
        guard !paths.isEmpty else { throw RPCError.invalidArgument(field: "update_mask", "name at least one field to change") }
        for (index, path) in paths.enumerated() where !Self.projectPaths.contains(path) {
            throw RPCError.invalidArgument(field: "update_mask.paths[\(index)]", "\"\(path.prefix(64))\" is not an updatable field")
        }
        let mask = Set(paths)
        let expected = request.expectedVersion
        let project = try await change { session, connection in
            var project = try Self.openProject(input.id, on: connection)
            try Self.checkVersion(project.version, expected: expected, what: "project \(project.id)")
            if mask.contains("name") {
                try Self.name(input.name, field: "project.name")
                project.name = input.name
            }
            if mask.contains("outcome") {
                try Self.text(input.outcome, field: "project.outcome")
                project.outcome = input.outcome
            }
            if mask.contains("description") {
                try Self.text(input.description, field: "project.description")
                project.description = input.description
            }
            if mask.contains("owner") {
                guard !input.owner.isEmpty else { throw RPCError.invalidArgument(field: "project.owner", "must not be empty") }
                try Self.text(input.owner, field: "project.owner", limit: 200)
                project.owner = input.owner
            }
            if mask.contains("status") {
                guard (1...5).contains(input.status.rawValue) else {
                    throw RPCError.invalidArgument(field: "project.status", "unknown status \(input.status.rawValue)")
                }
                project.status = input.status
            }
            if mask.contains("start_date") {
                guard let start = try Validation.day(input.startDate, field: "project.start_date") else {
                    throw RPCError.invalidArgument(field: "project.start_date", "a project needs a start date")
                }
                project.startDate = start.message
            }
            if mask.contains("target_date") { project.targetDate = try Validation.day(input.targetDate, field: "project.target_date")?.message }
            if let target = project.targetDate.flatMap(CalendarDay.init), let start = project.startDate.flatMap(CalendarDay.init),
                target < start
            {
                throw RPCError.invalidArgument(field: "project.target_date", "before start_date")
            }
            if mask.contains("calendar") { project.calendar = try Self.calendar(input.calendar, field: "project.calendar") }
            let updated = try connection.query(
                """
                UPDATE projects SET name = \(project.name), outcome = \(project.outcome), description = \(project.description),
                    owner = \(project.owner), status = \(Int(project.status.rawValue)),
                    start_date = \(project.startDate.flatMap(CalendarDay.init)?.description)::date,
                    target_date = \(project.targetDate.flatMap(CalendarDay.init)?.description)::date,
                    calendar = \(PostgresBytes((project.calendar ?? .init()).serializedBytes()))::bytea,
                    version = version + 1, updated_at = now(), updated_by = \(session.actor)
                WHERE id = \(project.id)::uuid RETURNING \(sql: ProjectRows.projectColumns)
                """)
            if mask.contains("owner") {
                try connection.query(
                    """
                    INSERT INTO project_members (tenant_id, project_id, user_name, role, added_by)
                    VALUES (\(session.tenantID)::uuid, \(project.id)::uuid, \(project.owner), 1, \(session.actor))
                    ON CONFLICT (tenant_id, project_id, user_name) DO UPDATE SET role = 1
                    """)
            }
            return try ProjectRows.project(updated.first!)
        }
        if !mask.isDisjoint(with: ["start_date", "calendar"]) { await reforecast(project.id) }
        var response = ProjectsV1.UpdateProjectResponse()
        response.project = project
        return response
    }

    func archiveProject(_ request: ProjectsV1.ArchiveProjectRequest) async throws -> ProjectsV1.ArchiveProjectResponse {
        let project = try await change { session, connection in
            let project = try Self.project(request.id, lock: true, on: connection)
            try Self.checkVersion(project.version, expected: request.expectedVersion, what: "project \(project.id)")
            if project.archived { return project }
            let row = try connection.query(
                """
                UPDATE projects SET archived_at = now(), version = version + 1, updated_at = now(), updated_by = \(session.actor)
                WHERE id = \(project.id)::uuid RETURNING \(sql: ProjectRows.projectColumns)
                """
            ).first!
            return try ProjectRows.project(row)
        }
        var response = ProjectsV1.ArchiveProjectResponse()
        response.project = project
        return response
    }
}
