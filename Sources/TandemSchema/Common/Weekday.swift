extension CommonV1 {
    /// A day of the week, numbered as in ISO 8601 (Monday is 1).
    public struct Weekday: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        public static let monday = Self(rawValue: 1)
        public static let tuesday = Self(rawValue: 2)
        public static let wednesday = Self(rawValue: 3)
        public static let thursday = Self(rawValue: 4)
        public static let friday = Self(rawValue: 5)
        public static let saturday = Self(rawValue: 6)
        public static let sunday = Self(rawValue: 7)
        public static let protoName = "tandem.common.v1.Weekday"
        public static let valueNames: [Int32: String] = [
            0: "WEEKDAY_UNSPECIFIED", 1: "WEEKDAY_MONDAY", 2: "WEEKDAY_TUESDAY", 3: "WEEKDAY_WEDNESDAY",
            4: "WEEKDAY_THURSDAY", 5: "WEEKDAY_FRIDAY", 6: "WEEKDAY_SATURDAY", 7: "WEEKDAY_SUNDAY",
        ]
    }
}
