/// A day of the proleptic Gregorian calendar, counted from 1970-01-01: the value behind
/// `tandem.common.v1.Date` that the services compare and do arithmetic with.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int64

    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The day `year-month-day`, or nil when no such day exists (year 1 to 9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        self.daysSinceEpoch = Self.days(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// The day a message names, or nil when it names none that exists.
    public init?(_ date: CommonV1.Date) {
        self.init(year: Int(date.year), month: Int(date.month), day: Int(date.day))
    }

    /// `YYYY-MM-DD`, as PostgreSQL writes a `date`; nil for anything else.
    public init?(iso text: Substring) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let (year, month, day) = Self.civil(daysSinceEpoch)
        return (Int(year), Int(month), Int(day))
    }

    public var message: CommonV1.Date {
        let (year, month, day) = components
        var date = CommonV1.Date()
        date.year = Int32(year)
        date.month = Int32(month)
        date.day = Int32(day)
        return date
    }

    /// ISO 8601 weekday: Monday is 1, Sunday 7.
    public var weekday: Int {
        // 1970-01-01 was a Thursday.
        Int((daysSinceEpoch + 3).modulo(7)) + 1
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// The same day of the month `months` later, or that month's last day when it is shorter.
    public func adding(months: Int, day wanted: Int? = nil) -> CalendarDay {
        let (year, month, day) = components
        let index = year * 12 + (month - 1) + months
        let newYear = index.floorDivided(by: 12), newMonth = index - newYear * 12 + 1
        let newDay = min(wanted ?? day, Self.daysIn(year: newYear, month: newMonth))
        return CalendarDay(daysSinceEpoch: Self.days(year: Int64(newYear), month: Int64(newMonth), day: Int64(newDay)))
    }

    public static func - (lhs: CalendarDay, rhs: CalendarDay) -> Int {
        Int(lhs.daysSinceEpoch - rhs.daysSinceEpoch)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil and civil-from-days.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension BinaryInteger {
    /// The quotient rounded toward negative infinity (`/` rounds toward zero).
    func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder of `floorDivided(by:)`, never negative for a positive divisor.
    func modulo(_ divisor: Self) -> Self {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
