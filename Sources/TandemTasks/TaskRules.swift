public import Foundation
public import TandemRPC
public import TandemSchema
import TandemService

/// The rules of the task model that need no database: validation, the status transitions,
/// recurrence dates and the tenant's calendar. services/tasks/README.md states them for users.
public enum TaskRules {
    public static let titleLimit = 500
    public static let descriptionLimit = 20_000
    public static let ownerLimit = 200
    public static let labelCount = 20
    public static let labelLength = 50
    public static let estimateLimit = 10_000.0
    public static let blockerDescriptionLimit = 2_000
    public static let reasonLimit = 2_000
    public static let textFilterLimit = 200
    public static let workloadOwners = 500
    public static let maximumInterval: Int32 = 366

    /// Open statuses: the task still needs work.
    public static let open: Set<TasksV1.TaskStatus> = [.todo, .inProgress, .blocked]

    // MARK: - Validation

    public static func title(_ title: String, field: String) throws(RPCError) {
        let length = title.unicodeScalars.count
        guard length >= 1 else { throw .invalidArgument(field: field, "must not be empty") }
        guard length <= titleLimit else { throw .invalidArgument(field: field, "at most \(titleLimit) characters") }
        guard !title.allSatisfy(\.isWhitespace) else { throw .invalidArgument(field: field, "must not be blank") }
    }

    public static func description(_ text: String, field: String) throws(RPCError) {
        guard text.unicodeScalars.count <= descriptionLimit else {
            throw .invalidArgument(field: field, "at most \(descriptionLimit) characters")
        }
    }

    public static func owner(_ owner: String, field: String) throws(RPCError) {
        guard owner.unicodeScalars.count <= ownerLimit else {
            throw .invalidArgument(field: field, "at most \(ownerLimit) characters")
        }
    }

    /// The labels as stored: in the order given, duplicates dropped.
    public static func labels(_ labels: [String], field: String) throws(RPCError) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (index, label) in labels.enumerated() {
            let length = label.unicodeScalars.count
            guard length >= 1, length <= labelLength else {
                throw .invalidArgument(field: "\(field)[\(index)]", "must be 1 to \(labelLength) characters")
            }
            if seen.insert(label).inserted { result.append(label) }
        }
        guard result.count <= labelCount else { throw .invalidArgument(field: field, "at most \(labelCount) labels") }
        return result
    }

    public static func estimate(_ days: Double, field: String) throws(RPCError) {
        guard days.isFinite, days >= 0, days <= estimateLimit else {
            throw .invalidArgument(field: field, "must be between 0 and \(Int(estimateLimit)) days")
        }
    }

    /// An optional reference to another resource: empty, or a UUID.
    public static func reference(_ id: String, field: String) throws(RPCError) -> String? {
        if id.isEmpty { return nil }
        guard Identifiers.isUUID(id) else { throw .invalidArgument(field: field, "\"\(id.prefix(64))\" is not an id") }
        return id.lowercased()
    }

    public static func priority(_ priority: TasksV1.Priority, field: String) throws(RPCError) -> TasksV1.Priority {
        if priority == .unspecified { return .medium }
        guard (1...4).contains(priority.rawValue) else {
            throw .invalidArgument(field: field, "unknown priority \(priority.rawValue)")
        }
        return priority
    }

    public static func status(_ status: TasksV1.TaskStatus, field: String) throws(RPCError) -> TasksV1.TaskStatus {
        guard (1...5).contains(status.rawValue) else {
            throw .invalidArgument(field: field, status == .unspecified ? "must be set" : "unknown status \(status.rawValue)")
        }
        return status
    }

    /// A recurrence rule as stored: validated against the due date, with its implicit weekday or
    /// day of month made explicit, and without output-only fields.
    public static func recurrence(
        _ rule: TasksV1.Recurrence?, dueDate: CalendarDay?, field: String
    ) throws(RPCError) -> TasksV1.Recurrence? {
        guard var rule else { return nil }
        guard let dueDate else {
            throw .invalidArgument(field: "task.due_date", "a recurring task needs a due date")
        }
        rule.seriesID = ""
        rule.occurrence = 0
        rule.unknownFields = UnknownFields()
        guard (1...3).contains(rule.frequency.rawValue) else {
            throw .invalidArgument(
                field: "\(field).frequency", rule.frequency == .unspecified ? "must be set" : "unknown frequency \(rule.frequency.rawValue)")
        }
        guard (0...maximumInterval).contains(rule.interval) else {
            throw .invalidArgument(field: "\(field).interval", "must be 0 to \(maximumInterval)")
        }
        if rule.interval == 0 { rule.interval = 1 }
        guard (0...2).contains(rule.anchor.rawValue) else {
            throw .invalidArgument(field: "\(field).anchor", "unknown anchor \(rule.anchor.rawValue)")
        }
        if rule.anchor == .unspecified { rule.anchor = .dueDate }
        if rule.frequency == .weekly {
            var weekdays = Set<Int32>()
            for (index, weekday) in rule.weekdays.enumerated() {
                guard (1...7).contains(weekday.rawValue) else {
                    throw .invalidArgument(field: "\(field).weekdays[\(index)]", "must be MONDAY to SUNDAY")
                }
                weekdays.insert(weekday.rawValue)
            }
            if weekdays.isEmpty { weekdays.insert(Int32(dueDate.weekday)) }
            rule.weekdays = weekdays.sorted().map(CommonV1.Weekday.init(rawValue:))
        } else if !rule.weekdays.isEmpty {
            throw .invalidArgument(field: "\(field).weekdays", "only a WEEKLY recurrence has weekdays")
        }
        if rule.frequency == .monthly {
            guard (0...31).contains(rule.dayOfMonth) else {
                throw .invalidArgument(field: "\(field).day_of_month", "must be 1 to 31")
            }
            if rule.dayOfMonth == 0 { rule.dayOfMonth = Int32(dueDate.components.day) }
        } else if rule.dayOfMonth != 0 {
            throw .invalidArgument(field: "\(field).day_of_month", "only a MONTHLY recurrence has a day of the month")
        }
        switch rule.end {
        case .until(let date):
            guard let until = CalendarDay(date) else {
                throw .invalidArgument(field: "\(field).until", "\(date.year)-\(date.month)-\(date.day) is not a calendar date")
            }
            guard until >= dueDate else {
                throw .invalidArgument(field: "\(field).until", "must not be before the due date")
            }
        case .count(let count):
            guard count >= 1 else { throw .invalidArgument(field: "\(field).count", "must be at least 1") }
        case nil:
            break
        }
        return rule
    }

    // MARK: - Status transitions

    /// Whether SetTaskStatus may move a task from `from` to `to` (a different status). A BLOCKED
    /// task leaves BLOCKED only by its blockers being resolved, or by being cancelled.
    public static func isAllowed(from: TasksV1.TaskStatus, to: TasksV1.TaskStatus) -> Bool {
        switch (from, to) {
        case (.todo, .inProgress), (.inProgress, .todo): true
        case (.todo, .done), (.inProgress, .done): true
        case (.todo, .cancelled), (.inProgress, .cancelled), (.blocked, .cancelled): true
        case (.done, .todo), (.done, .inProgress), (.cancelled, .todo), (.cancelled, .inProgress): true
        default: false
        }
    }

    // MARK: - Recurrence

    /// The due date of the occurrence after one due on `dueDate` and completed on `completedOn`,
    /// or nil when the series ends with `occurrence`.
    public static func nextDueDate(
        _ rule: TasksV1.Recurrence, dueDate: CalendarDay, completedOn: CalendarDay, occurrence: Int32
    ) -> CalendarDay? {
        if case .count(let count) = rule.end, occurrence >= count { return nil }
        let anchor = rule.anchor == .completionDate ? completedOn : dueDate
        let interval = Int(max(rule.interval, 1))
        let next: CalendarDay
        switch rule.frequency {
        case .weekly:
            let weekdays = rule.weekdays.isEmpty ? [dueDate.weekday] : rule.weekdays.map { Int($0.rawValue) }.sorted()
            // Later days of the anchor's own week first, then the first day of the week `interval` on.
            let weekStart = anchor.adding(days: -(anchor.weekday - 1))
            if let later = weekdays.first(where: { $0 > anchor.weekday }) {
                next = weekStart.adding(days: later - 1)
            } else {
                next = weekStart.adding(days: 7 * interval + weekdays[0] - 1)
            }
        case .monthly:
            let day = Int(rule.dayOfMonth == 0 ? Int32(dueDate.components.day) : rule.dayOfMonth)
            let sameMonth = anchor.adding(months: 0, day: day)
            next = sameMonth > anchor && rule.anchor == .completionDate ? sameMonth : anchor.adding(months: interval, day: day)
        default:
            next = anchor.adding(days: interval)
        }
        if case .until(let date) = rule.end, let until = CalendarDay(date), next > until { return nil }
        return next
    }

    // MARK: - The tenant's calendar

    /// The instant a task due on `day` becomes overdue: the end of that day in the zone.
    public static func overdueInstant(dueDate day: CalendarDay, timeZone: String) -> Date {
        TenantCalendar.start(of: day.adding(days: 1), timeZone: timeZone)
    }
}
