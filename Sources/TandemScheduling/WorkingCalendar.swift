public import TandemSchema

/// The working days a project counts in: working weekdays minus holidays, numbered from the
/// project's start. Index 0 is the first working day on or after the start date; negative
/// indices count back before it.
public struct WorkingCalendar: Sendable {
    /// ISO weekdays (Monday 1 … Sunday 7) that are working days.
    public let workingWeekdays: Set<Int>
    public let holidays: Set<CalendarDay>
    public let start: CalendarDay

    /// The working days at indices 0, 1, 2, … and -1, -2, …, filled as far as asked.
    private var forward: [CalendarDay] = []
    private var backward: [CalendarDay] = []

    /// - Parameter workingWeekdays: empty means Monday to Friday.
    public init(start: CalendarDay, workingWeekdays: Set<Int> = [], holidays: Set<CalendarDay> = []) {
        let weekdays = workingWeekdays.filter { (1...7).contains($0) }
        self.workingWeekdays = weekdays.isEmpty ? [1, 2, 3, 4, 5] : weekdays
        self.holidays = holidays
        self.start = start
    }

    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        workingWeekdays.contains(day.weekday) && !holidays.contains(day)
    }

    /// The working day at `index`.
    public mutating func day(at index: Int) -> CalendarDay {
        if index >= 0 {
            if forward.isEmpty { forward.append(nextWorkingDay(onOrAfter: start)) }
            while forward.count <= index { forward.append(nextWorkingDay(onOrAfter: forward[forward.count - 1].adding(days: 1))) }
            return forward[index]
        }
        while backward.count < -index {
            let from = backward.last ?? start
            var day = from.adding(days: -1)
            while !isWorkingDay(day) { day = day.adding(days: -1) }
            backward.append(day)
        }
        return backward[-index - 1]
    }

    /// The index of `day`, or of the first working day after it when it is not one.
    public mutating func index(of day: CalendarDay) -> Int {
        if day >= start {
            var low = 0
            var high = 1
            while self.day(at: high) < day { (low, high) = (high, high * 2) }
            // The first index whose day is on or after `day`.
            while low < high {
                let middle = (low + high) / 2
                if self.day(at: middle) < day { low = middle + 1 } else { high = middle }
            }
            return low
        }
        var index = -1
        while self.day(at: index) >= day { index -= 1 }
        return index + 1
    }

    private func nextWorkingDay(onOrAfter day: CalendarDay) -> CalendarDay {
        var day = day
        // Holidays are finite and some weekday works, so this ends; bounded at 10 years anyway.
        var steps = 0
        while !isWorkingDay(day), steps < 3660 {
            day = day.adding(days: 1)
            steps += 1
        }
        return day
    }
}
