import TandemPostgres
import TandemSchema
import TandemService

/// The column lists of the project tables and their decoding.
enum ProjectRows {
    static let projectColumns: StaticString = """
        id::text, name, outcome, description, owner, status, start_date::text, target_date::text, calendar, version, \
        created_at, created_by, updated_at, updated_by, archived_at
        """
    static let phaseColumns: StaticString = """
        id::text, project_id::text, name, position, depth, rough_estimate_days, description, start_date::text, \
        end_date::text, version, created_at, created_by, updated_at, updated_by
        """
    static let milestoneColumns: StaticString = """
        id::text, project_id::text, phase_id::text, name, description, target_date::text, reached_at, version, created_at, \
        created_by, updated_at, updated_by
        """
    static let memberColumns: StaticString = "project_id::text, user_name, role, added_at, added_by"
    static let dependencyColumns: StaticString = """
        id::text, project_id::text, predecessor_kind, predecessor_id::text, successor_kind, successor_id::text, type, \
        lag_days, created_at, created_by
        """

    static func date(_ row: PostgresRow, _ column: Int) throws(PostgresError) -> CommonV1.Date? {
        guard let text = try row.decode(String?.self, at: column) else { return nil }
        guard let day = CalendarDay(iso: Substring(text)) else {
            throw PostgresError(kind: .decoding, message: "\"\(text)\" is not a date")
        }
        return day.message
    }

    static func project(_ row: PostgresRow) throws(PostgresError) -> ProjectsV1.Project {
        var project = ProjectsV1.Project()
        project.id = try row.decode(String.self, at: 0)
        project.name = try row.decode(String.self, at: 1)
        project.outcome = try row.decode(String.self, at: 2)
        project.description = try row.decode(String.self, at: 3)
        project.owner = try row.decode(String.self, at: 4)
        project.status = ProjectsV1.ProjectStatus(rawValue: try row.decode(Int32.self, at: 5))
        project.startDate = try date(row, 6)
        project.targetDate = try date(row, 7)
        let calendar = try row.decode(PostgresBytes.self, at: 8).bytes
        project.calendar = (try? ProjectsV1.WorkingCalendar(serializedBytes: calendar)) ?? ProjectsV1.WorkingCalendar()
        project.version = try row.decode(Int64.self, at: 9)
        project.createdAt = try row.decode(PostgresTimestamp.self, at: 10).protobuf
        project.createdBy = try row.decode(String.self, at: 11)
        project.updatedAt = try row.decode(PostgresTimestamp.self, at: 12).protobuf
        project.updatedBy = try row.decode(String.self, at: 13)
        if let archived = try row.decode(PostgresTimestamp?.self, at: 14) {
            project.archived = true
            project.archivedAt = archived.protobuf
        }
        return project
    }

    static func phase(_ row: PostgresRow) throws(PostgresError) -> ProjectsV1.Phase {
        var phase = ProjectsV1.Phase()
        phase.id = try row.decode(String.self, at: 0)
        phase.projectID = try row.decode(String.self, at: 1)
        phase.name = try row.decode(String.self, at: 2)
        phase.order = try row.decode(Int32.self, at: 3)
        phase.depth = ProjectsV1.PhaseDepth(rawValue: try row.decode(Int32.self, at: 4))
        phase.roughEstimateDays = try row.decode(Double.self, at: 5)
        phase.description = try row.decode(String.self, at: 6)
        phase.startDate = try date(row, 7)
        phase.endDate = try date(row, 8)
        phase.version = try row.decode(Int64.self, at: 9)
        phase.createdAt = try row.decode(PostgresTimestamp.self, at: 10).protobuf
        phase.createdBy = try row.decode(String.self, at: 11)
        phase.updatedAt = try row.decode(PostgresTimestamp.self, at: 12).protobuf
        phase.updatedBy = try row.decode(String.self, at: 13)
        return phase
    }

    static func milestone(_ row: PostgresRow) throws(PostgresError) -> ProjectsV1.Milestone {
        var milestone = ProjectsV1.Milestone()
        milestone.id = try row.decode(String.self, at: 0)
        milestone.projectID = try row.decode(String.self, at: 1)
        milestone.phaseID = try row.decode(String?.self, at: 2) ?? ""
        milestone.name = try row.decode(String.self, at: 3)
        milestone.description = try row.decode(String.self, at: 4)
        milestone.targetDate = try date(row, 5)
        if let reached = try row.decode(PostgresTimestamp?.self, at: 6) {
            milestone.reached = true
            milestone.reachedAt = reached.protobuf
        }
        milestone.version = try row.decode(Int64.self, at: 7)
        milestone.createdAt = try row.decode(PostgresTimestamp.self, at: 8).protobuf
        milestone.createdBy = try row.decode(String.self, at: 9)
        milestone.updatedAt = try row.decode(PostgresTimestamp.self, at: 10).protobuf
        milestone.updatedBy = try row.decode(String.self, at: 11)
        return milestone
    }

    static func member(_ row: PostgresRow) throws(PostgresError) -> ProjectsV1.Member {
        var member = ProjectsV1.Member()
        member.projectID = try row.decode(String.self, at: 0)
        member.user = try row.decode(String.self, at: 1)
        member.role = ProjectsV1.MemberRole(rawValue: try row.decode(Int32.self, at: 2))
        member.addedAt = try row.decode(PostgresTimestamp.self, at: 3).protobuf
        member.addedBy = try row.decode(String.self, at: 4)
        return member
    }

    static func itemRef(kind: Int32, id: String) -> ProjectsV1.ItemRef {
        var ref = ProjectsV1.ItemRef()
        ref.item = kind == 2 ? .milestoneID(id) : .taskID(id)
        return ref
    }

    static func dependency(_ row: PostgresRow) throws(PostgresError) -> ProjectsV1.Dependency {
        var dependency = ProjectsV1.Dependency()
        dependency.id = try row.decode(String.self, at: 0)
        dependency.projectID = try row.decode(String.self, at: 1)
        dependency.predecessor = itemRef(kind: try row.decode(Int32.self, at: 2), id: try row.decode(String.self, at: 3))
        dependency.successor = itemRef(kind: try row.decode(Int32.self, at: 4), id: try row.decode(String.self, at: 5))
        dependency.type = ProjectsV1.DependencyType(rawValue: try row.decode(Int32.self, at: 6))
        dependency.lagDays = try row.decode(Int32.self, at: 7)
        dependency.createdAt = try row.decode(PostgresTimestamp.self, at: 8).protobuf
        dependency.createdBy = try row.decode(String.self, at: 9)
        return dependency
    }
}
