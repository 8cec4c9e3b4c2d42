/// The values of one fully populated task, built into both codecs' types so that both encode
/// the same message. Every field of Task, Recurrence and Blocker is set; index varies the ids,
/// title and timestamps so the tasks of a list differ.
struct TaskValues {
    struct Timestamp {
        var seconds: Int64
        var nanos: Int32
    }

    struct BlockerValues {
        var id: String
        var description: String
        var blockingTaskID: String
        var resolved: Bool
        var createdAt: Timestamp
        var createdBy: String
        var resolvedAt: Timestamp
        var resolvedBy: String
    }

    var id: String
    var title: String
    var description: String
    var owner: String
    var status: Int32
    var priority: Int32
    var dueDate: (year: Int32, month: Int32, day: Int32)
    var estimateDays: Double
    var labels: [String]
    var projectID: String
    var phaseID: String
    // Recurrence
    var frequency: Int32
    var interval: Int32
    var weekdays: [Int32]
    var dayOfMonth: Int32
    var until: (year: Int32, month: Int32, day: Int32)
    var anchor: Int32
    var seriesID: String
    var occurrence: Int32
    var blockers: [BlockerValues]
    var version: Int64
    var createdAt: Timestamp
    var createdBy: String
    var updatedAt: Timestamp
    var updatedBy: String
    var completedAt: Timestamp
    var archived: Bool
    var archivedAt: Timestamp

    init(index: Int) {
        let base: Int64 = 1_790_000_000 + Int64(index) * 3_600
        func uuid(_ kind: Int) -> String {
            let suffix = String(index * 16 + kind, radix: 16)
            return "0192f8a4-7c3e-7b1a-9d2e-" + String(repeating: "0", count: 12 - suffix.count) + suffix
        }
        id = uuid(0)
        // Non-ASCII on purpose: UTF-8 validation and multi-byte lengths are part of the work.
        title = "Prüfbericht Q3 für Zürich abschließen — Entwurf №\(index) ✓"
        description = """
            Collect the figures from finance and the regional leads, reconcile them with the \
            forecast, and write the summary for the steering committee. Attach the appendix with \
            the raw exports; flag every variance above five percent with its owner and a reason.
            """
        owner = "alice.martin@example.com"
        status = 2  // IN_PROGRESS
        priority = 3  // HIGH
        dueDate = (2026, 12, 15)
        estimateDays = 2.5
        labels = ["finance", "quarterly-report", "steering-committee", "needs-review", "q3-2026"]
        projectID = "0192f8a4-7c3e-7b1a-9d2e-aa00000000b1"
        phaseID = "0192f8a4-7c3e-7b1a-9d2e-aa00000000c2"
        frequency = 2  // WEEKLY
        interval = 2
        weekdays = [1, 3, 5]  // Monday, Wednesday, Friday
        dayOfMonth = 15
        until = (2027, 6, 30)
        anchor = 2  // COMPLETION_DATE
        seriesID = "0192f8a4-7c3e-7b1a-9d2e-aa00000000d3"
        occurrence = 3
        blockers = [
            BlockerValues(
                id: uuid(1), description: "Waiting for the regional figures from the Lyon office",
                blockingTaskID: uuid(2), resolved: true,
                createdAt: Timestamp(seconds: base - 86_400, nanos: 250_000_000),
                createdBy: "alice.martin@example.com",
                resolvedAt: Timestamp(seconds: base - 3_600, nanos: 125_000_000),
                resolvedBy: "bob.keller@example.com"),
            BlockerValues(
                id: uuid(3), description: "Legal has to approve the wording of the variance notes",
                blockingTaskID: uuid(4), resolved: false,
                createdAt: Timestamp(seconds: base - 7_200, nanos: 500_000_000),
                createdBy: "carol.nguyen@example.com",
                resolvedAt: Timestamp(seconds: base - 60, nanos: 1),
                resolvedBy: "dave.okafor@example.com"),
        ]
        version = 42
        createdAt = Timestamp(seconds: base - 604_800, nanos: 123_456_789)
        createdBy = "alice.martin@example.com"
        updatedAt = Timestamp(seconds: base, nanos: 987_654_321)
        updatedBy = "bob.keller@example.com"
        completedAt = Timestamp(seconds: base + 60, nanos: 5_000)
        archived = true
        archivedAt = Timestamp(seconds: base + 120, nanos: 999_999_999)
    }
}
