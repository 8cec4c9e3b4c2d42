extension TasksV1 {
    /// The lifecycle state of a task.
    public struct TaskStatus: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Not started.
        public static let todo = Self(rawValue: 1)
        public static let inProgress = Self(rawValue: 2)
        /// Has at least one open blocker; set and cleared by the server only.
        public static let blocked = Self(rawValue: 3)
        public static let done = Self(rawValue: 4)
        /// Abandoned; not counted as remaining work.
        public static let cancelled = Self(rawValue: 5)
        public static let protoName = "tandem.tasks.v1.TaskStatus"
        public static let valueNames: [Int32: String] = [
            0: "TASK_STATUS_UNSPECIFIED", 1: "TASK_STATUS_TODO", 2: "TASK_STATUS_IN_PROGRESS",
            3: "TASK_STATUS_BLOCKED", 4: "TASK_STATUS_DONE", 5: "TASK_STATUS_CANCELLED",
        ]
    }

    /// How urgent a task is.
    public struct Priority: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        public static let low = Self(rawValue: 1)
        public static let medium = Self(rawValue: 2)
        public static let high = Self(rawValue: 3)
        public static let urgent = Self(rawValue: 4)
        public static let protoName = "tandem.tasks.v1.Priority"
        public static let valueNames: [Int32: String] = [
            0: "PRIORITY_UNSPECIFIED", 1: "PRIORITY_LOW", 2: "PRIORITY_MEDIUM", 3: "PRIORITY_HIGH",
            4: "PRIORITY_URGENT",
        ]
    }

    /// The unit a recurrence repeats in.
    public struct RecurrenceFrequency: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Every `interval` days.
        public static let daily = Self(rawValue: 1)
        /// Every `interval` weeks, on `weekdays`.
        public static let weekly = Self(rawValue: 2)
        /// Every `interval` months, on `day_of_month`.
        public static let monthly = Self(rawValue: 3)
        public static let protoName = "tandem.tasks.v1.RecurrenceFrequency"
        public static let valueNames: [Int32: String] = [
            0: "RECURRENCE_FREQUENCY_UNSPECIFIED", 1: "RECURRENCE_FREQUENCY_DAILY",
            2: "RECURRENCE_FREQUENCY_WEEKLY", 3: "RECURRENCE_FREQUENCY_MONTHLY",
        ]
    }

    /// The date the next occurrence of a recurring task is counted from.
    public struct RecurrenceAnchor: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Treated as `dueDate`.
        public static let unspecified = Self(rawValue: 0)
        /// From the completed occurrence's due date (a fixed schedule).
        public static let dueDate = Self(rawValue: 1)
        /// From the day the occurrence was completed, in the tenant's time zone.
        public static let completionDate = Self(rawValue: 2)
        public static let protoName = "tandem.tasks.v1.RecurrenceAnchor"
        public static let valueNames: [Int32: String] = [
            0: "RECURRENCE_ANCHOR_UNSPECIFIED", 1: "RECURRENCE_ANCHOR_DUE_DATE",
            2: "RECURRENCE_ANCHOR_COMPLETION_DATE",
        ]
    }

    /// The field the tasks of a list are ordered by; ties are broken by id.
    public struct TaskOrder: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Treated as `createdAt`.
        public static let unspecified = Self(rawValue: 0)
        /// Tasks without a due date come last in either direction.
        public static let dueDate = Self(rawValue: 1)
        /// Ascending is LOW first.
        public static let priority = Self(rawValue: 2)
        public static let createdAt = Self(rawValue: 3)
        public static let updatedAt = Self(rawValue: 4)
        public static let protoName = "tandem.tasks.v1.TaskOrder"
        public static let valueNames: [Int32: String] = [
            0: "TASK_ORDER_UNSPECIFIED", 1: "TASK_ORDER_DUE_DATE", 2: "TASK_ORDER_PRIORITY",
            3: "TASK_ORDER_CREATED_AT", 4: "TASK_ORDER_UPDATED_AT",
        ]
    }
}
