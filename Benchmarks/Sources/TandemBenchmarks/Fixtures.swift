import SwiftProtobuf
import TandemSchema

/// The messages measured, each in both codecs' types.
enum Fixtures {
    static let listSize = 100

    static func task() throws -> MessagePair<TasksV1.Task, Tandem_Tasks_V1_Task> {
        let values = TaskValues(index: 0)
        return try MessagePair("Task", tandem: values.tandemTask, swiftProtobuf: values.swiftProtobufTask)
    }

    static func listTasksResponse() throws -> MessagePair<TasksV1.ListTasksResponse, Tandem_Tasks_V1_ListTasksResponse>
    {
        let values = (0..<listSize).map(TaskValues.init(index:))
        let token = "eyJhZnRlciI6IjAxOTJmOGE0LTdjM2UtN2IxYS05ZDJlLTAwMDAwMDAwMDYzMCJ9"
        return try MessagePair(
            "ListTasksResponse (\(listSize) tasks)",
            tandem: TasksV1.ListTasksResponse {
                $0.tasks = values.map(\.tandemTask)
                $0.nextPageToken = token
            },
            swiftProtobuf: .with {
                $0.tasks = values.map(\.swiftProtobufTask)
                $0.nextPageToken = token
            })
    }

    /// Messages with only scalar fields set, in pairs: many fields, then one. If a codec
    /// allocated per scalar field, the first of a pair would allocate more than the second.
    static func scalarPairs() throws -> [(many: AllocationProbe, one: AllocationProbe)] {
        [
            (
                try AllocationProbe(
                    MessagePair(
                        "OwnerWorkload, 8 scalar fields",
                        tandem: TasksV1.OwnerWorkload {
                            $0.todo = 12; $0.inProgress = 3; $0.blocked = 2; $0.done = 140
                            $0.cancelled = 7; $0.overdue = 4; $0.dueNext7Days = 9; $0.estimateDaysOpen = 31.5
                        },
                        swiftProtobuf: Tandem_Tasks_V1_OwnerWorkload.with {
                            $0.todo = 12; $0.inProgress = 3; $0.blocked = 2; $0.done = 140
                            $0.cancelled = 7; $0.overdue = 4; $0.dueNext7Days = 9; $0.estimateDaysOpen = 31.5
                        })),
                try AllocationProbe(
                    MessagePair(
                        "OwnerWorkload, 1 scalar field",
                        tandem: TasksV1.OwnerWorkload { $0.todo = 12 },
                        swiftProtobuf: Tandem_Tasks_V1_OwnerWorkload.with { $0.todo = 12 }))
            ),
            (
                try AllocationProbe(
                    MessagePair(
                        "Task, 5 scalar fields",
                        tandem: TasksV1.Task {
                            $0.status = .inProgress; $0.priority = .high; $0.estimateDays = 2.5
                            $0.version = 42; $0.archived = true
                        },
                        swiftProtobuf: Tandem_Tasks_V1_Task.with {
                            $0.status = .inProgress; $0.priority = .high; $0.estimateDays = 2.5
                            $0.version = 42; $0.archived = true
                        })),
                try AllocationProbe(
                    MessagePair(
                        "Task, 1 scalar field",
                        tandem: TasksV1.Task { $0.version = 42 },
                        swiftProtobuf: Tandem_Tasks_V1_Task.with { $0.version = 42 }))
            ),
            (
                try AllocationProbe(
                    MessagePair(
                        "Date, 3 scalar fields",
                        tandem: CommonV1.Date {
                            $0.year = 2026; $0.month = 12; $0.day = 15
                        },
                        swiftProtobuf: Tandem_Common_V1_Date.with {
                            $0.year = 2026; $0.month = 12; $0.day = 15
                        })),
                try AllocationProbe(
                    MessagePair(
                        "Date, 1 scalar field",
                        tandem: CommonV1.Date { $0.year = 2026 },
                        swiftProtobuf: Tandem_Common_V1_Date.with { $0.year = 2026 }))
            ),
        ]
    }
}
