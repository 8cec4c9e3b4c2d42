import Testing
import TandemSchema
@testable import TandemScheduling

private func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDay { CalendarDay(year: year, month: month, day: day)! }

@Suite("Working calendar")
struct WorkingCalendarTests {
    @Test("Indices count working days from the start, skipping weekends and holidays, both ways")
    func indices() {
        // 2030-01-07 is a Monday; 2030-01-09 a holiday.
        var calendar = WorkingCalendar(start: day(2030, 1, 5), holidays: [day(2030, 1, 9)])
        #expect(calendar.day(at: 0) == day(2030, 1, 7), "a Saturday start begins on Monday")
        #expect(calendar.day(at: 1) == day(2030, 1, 8))
        #expect(calendar.day(at: 2) == day(2030, 1, 10), "the holiday is skipped")
        #expect(calendar.day(at: 5) == day(2030, 1, 15))
        #expect(calendar.day(at: -1) == day(2030, 1, 4))
        #expect(calendar.day(at: -6) == day(2029, 12, 28))
        #expect(calendar.index(of: day(2030, 1, 10)) == 2)
        #expect(calendar.index(of: day(2030, 1, 9)) == 2, "a holiday maps to the next working day")
        #expect(calendar.index(of: day(2030, 1, 5)) == 0)
        #expect(calendar.index(of: day(2030, 1, 4)) == -1)
        #expect(calendar.index(of: day(2029, 12, 29)) == -5, "a Saturday before the start maps to the Monday after")
        for index in -40...200 { #expect(calendar.index(of: calendar.day(at: index)) == index) }
        var weekends = WorkingCalendar(start: day(2030, 1, 7), workingWeekdays: [6, 7])
        #expect(weekends.day(at: 0) == day(2030, 1, 12) && weekends.day(at: 1) == day(2030, 1, 13))
    }
}

@Suite("Critical path method")
struct ScheduleEngineTests {
    typealias Item = ScheduleEngine.Item
    typealias Link = ScheduleEngine.Link

    @Test("A worked example: every link type, a lead, a milestone, weekends and a holiday")
    func workedExample() throws {
        // Monday 2030-01-07 start; Monday 2030-01-21 is a holiday.
        var calendar = WorkingCalendar(start: day(2030, 1, 7), holidays: [day(2030, 1, 21)])
        let items = [
            Item(id: "a-brief", duration: 3),  // 0
            Item(id: "b-copy", duration: 5),  // 1
            Item(id: "c-design", duration: 4),  // 2
            Item(id: "d-review", duration: 2),  // 3
            Item(id: "m-signoff", duration: 0),  // 4
            Item(id: "e-print", duration: 2),  // 5
        ]
        let links = [
            Link(predecessor: 0, successor: 1),  // FS: copy starts after the brief
            Link(predecessor: 0, successor: 2, type: .startToStart, lag: 1),  // design starts a day after the brief starts
            Link(predecessor: 1, successor: 3, type: .finishToFinish, lag: 1),  // review finishes a day after the copy
            Link(predecessor: 2, successor: 3),
            Link(predecessor: 3, successor: 4),
            Link(predecessor: 4, successor: 5, lag: -1),  // printing overlaps sign-off by a day
        ]
        let result = try ScheduleEngine.schedule(items: items, links: links, calendar: &calendar)
        // By hand, in working-day indices (finish exclusive):
        // a: 0..3; b: FS → 3..8; c: SS+1 → 1..5; d: FF+1 from b → finish ≥ 9 → start ≥ 7, FS from c → start ≥ 5 → 7..9;
        // m: at 9 (dated day 8); e: FS-1 → 8..10. Finish 10.
        #expect(result.times.map(\.earliestStart) == [0, 3, 1, 7, 9, 8])
        #expect(result.times.map(\.earliestFinish) == [3, 8, 5, 9, 9, 10])
        #expect(result.finish == 10)
        // Backward: e 8..10; m LF ≤ LS(e)+1 = 9; d LF ≤ 9; b LF ≤ LF(d)-1 = 8; c LF ≤ LS(d) = 7 → float 2;
        // a: LF ≤ LS(b) = 3, and by SS from c: LS(a) ≤ LS(c)-1 = 2 → LF ≤ 5 → 3.
        #expect(result.times.map(\.latestFinish) == [3, 8, 7, 9, 9, 10])
        #expect(result.times.map(\.totalFloat) == [0, 0, 2, 0, 0, 0])
        #expect(result.criticalPath.map { items[$0].id } == ["a-brief", "b-copy", "d-review", "m-signoff", "e-print"])
        // Dates: indices 0-4 are 7-11 Jan, 5-9 are 14-18 Jan, and 10 is 22 Jan (the 21st is a holiday).
        let sign = result.times[4].dates(duration: 0, calendar: &calendar)
        #expect(sign.earliestFinish == day(2030, 1, 17), "the milestone is dated at the review's last day")
        let review = result.times[3].dates(duration: 2, calendar: &calendar)
        #expect(review.earliestStart == day(2030, 1, 16) && review.earliestFinish == day(2030, 1, 17))
        let print = result.times[5].dates(duration: 2, calendar: &calendar)
        #expect(print.earliestStart == day(2030, 1, 17) && print.earliestFinish == day(2030, 1, 18))
        let copy = result.times[1].dates(duration: 5, calendar: &calendar)
        #expect(copy.earliestStart == day(2030, 1, 10) && copy.earliestFinish == day(2030, 1, 16))
        #expect(calendar.day(at: 10) == day(2030, 1, 22))
    }

    @Test("Done work is anchored at its completion; started work continues from today; nothing starts before today")
    func progress() throws {
        var calendar = WorkingCalendar(start: day(2030, 1, 7))
        let items = [
            Item(id: "done", duration: 5, progress: .done(on: day(2030, 1, 8))),
            Item(id: "started", duration: 10, progress: .started(remainingDays: 2)),
            Item(id: "next", duration: 3),
            Item(id: "free", duration: 1),
        ]
        let links = [Link(predecessor: 0, successor: 1), Link(predecessor: 1, successor: 2)]
        let result = try ScheduleEngine.schedule(items: items, links: links, today: 4, calendar: &calendar)
        #expect(result.times[0].earliestFinish == 2 && result.times[0].earliestStart == -3)
        #expect(result.times[1].earliestStart == 4 && result.times[1].earliestFinish == 6)
        #expect(result.times[2].earliestStart == 6 && result.times[2].earliestFinish == 9)
        #expect(result.times[3].earliestStart == 4, "not before today")
        #expect(!result.criticalPath.contains(0), "done work is not on the critical path")
    }

    @Test("A cycle is refused naming its items; a new link that would close one is found before it is added")
    func cycles() {
        var calendar = WorkingCalendar(start: day(2030, 1, 7))
        let items = (0..<5).map { Item(id: "i\($0)", duration: 1) }
        let links = [Link(predecessor: 0, successor: 1), Link(predecessor: 1, successor: 2), Link(predecessor: 2, successor: 3)]
        #expect(ScheduleEngine.cycle(adding: 3, 1, count: 5, links: links) == [3, 1, 2])
        #expect(ScheduleEngine.cycle(adding: 2, 2, count: 5, links: links) == [2])
        #expect(ScheduleEngine.cycle(adding: 3, 4, count: 5, links: links) == nil)
        #expect(ScheduleEngine.cycle(adding: 0, 3, count: 5, links: links) == nil, "a shortcut is no cycle")
        let error = #expect(throws: ScheduleEngine.Failure.self) {
            try ScheduleEngine.schedule(items: items, links: links + [Link(predecessor: 3, successor: 1)], calendar: &calendar)
        }
        guard case .cycle(let members)? = error else {
            Issue.record("not a cycle: \(String(describing: error))")
            return
        }
        #expect(members.count == 3 && Set(members) == [1, 2, 3], "\(members)")
        // In link order: each member is a predecessor of the next, the last of the first.
        let closing = links + [Link(predecessor: 3, successor: 1)]
        for (index, member) in members.enumerated() {
            let next = members[(index + 1) % members.count]
            #expect(closing.contains { $0.predecessor == member && $0.successor == next }, "\(member) → \(next) in \(members)")
        }
    }

    @Test("The order is by level, then earliest start, then index, also when the starts spread far")
    func orderWithFarStarts() throws {
        var calendar = WorkingCalendar(start: day(2030, 1, 7))
        let items = (0..<4).map { Item(id: "i\($0)", duration: 1) }
        // Starts 0, 11, 0 and 3,001: wider than the counting sort takes, so the other sort runs.
        let links = [Link(predecessor: 0, successor: 3, lag: 3000), Link(predecessor: 2, successor: 1, lag: 10)]
        let result = try ScheduleEngine.schedule(items: items, links: links, calendar: &calendar)
        #expect(result.times.map(\.earliestStart) == [0, 11, 0, 3001])
        #expect(result.order == [0, 2, 1, 3])
        #expect(result.criticalPath == [0, 3])
    }

    @Test("A project with no items has an empty schedule")
    func empty() throws {
        var calendar = WorkingCalendar(start: day(2030, 1, 7))
        let result = try ScheduleEngine.schedule(items: [], links: [], calendar: &calendar)
        #expect(result.times.isEmpty && result.order.isEmpty && result.criticalPath.isEmpty && result.finish == 0)
        let one = try ScheduleEngine.schedule(items: [Item(id: "only", duration: 3)], links: [], today: 2, calendar: &calendar)
        #expect(one.times.map(\.earliestStart) == [2] && one.finish == 5 && one.criticalPath == [0])
    }

    @Test("A link naming a missing item or a lag past the limit is refused")
    func refusedLinks() {
        var calendar = WorkingCalendar(start: day(2030, 1, 7))
        let items = (0..<2).map { Item(id: "i\($0)", duration: 1) }
        #expect(throws: ScheduleEngine.Failure.unknownItem(2)) {
            try ScheduleEngine.schedule(items: items, links: [Link(predecessor: 0, successor: 2)], calendar: &calendar)
        }
        let lag = ScheduleEngine.maximumLag + 1
        #expect(throws: ScheduleEngine.Failure.lagOutOfRange(-lag)) {
            try ScheduleEngine.schedule(items: items, links: [Link(predecessor: 0, successor: 1, lag: -lag)], calendar: &calendar)
        }
        let result = try? ScheduleEngine.schedule(
            items: items, links: [Link(predecessor: 0, successor: 1, lag: -ScheduleEngine.maximumLag)], calendar: &calendar)
        #expect(result?.times[1].earliestStart == 0, "a lead of the largest allowed lag still schedules, not before the start")
    }

    /// The same schedule by plain longest-path relaxation: repeat every constraint until nothing
    /// moves (Bellman-Ford), forwards for earliest times and backwards for latest. Written apart
    /// from the engine, with inclusive finishes, so a shared mistake is unlikely.
    static func relaxation(durations: [Int], links: [Link], today: Int) -> [(es: Int, efInclusive: Int, ls: Int, lfInclusive: Int)] {
        let n = durations.count
        var es = [Int](repeating: max(0, today), count: n)
        var changed = true
        while changed {
            changed = false
            for link in links {
                let p = link.predecessor, s = link.successor
                let pFinishInclusive = es[p] + durations[p] - 1
                let need: Int
                switch link.type {
                case .finishToStart: need = pFinishInclusive + 1 + link.lag
                case .startToStart: need = es[p] + link.lag
                case .finishToFinish: need = pFinishInclusive + link.lag - (durations[s] - 1)
                case .startToFinish: need = es[p] + link.lag - (durations[s] - 1) - 1
                }
                if need > es[s] {
                    es[s] = need
                    changed = true
                }
            }
        }
        let end = (0..<n).map { es[$0] + durations[$0] }.max() ?? 0
        var lf = [Int](repeating: end - 1, count: n)  // inclusive
        changed = true
        while changed {
            changed = false
            for link in links {
                let p = link.predecessor, s = link.successor
                let sLatestStart = lf[s] - durations[s] + 1
                let allow: Int
                switch link.type {
                case .finishToStart: allow = sLatestStart - 1 - link.lag
                case .startToStart: allow = sLatestStart - link.lag + durations[p] - 1
                case .finishToFinish: allow = lf[s] - link.lag
                case .startToFinish: allow = lf[s] + 1 - link.lag + durations[p] - 1
                }
                if allow < lf[p] {
                    lf[p] = allow
                    changed = true
                }
            }
        }
        return (0..<n).map { (es[$0], es[$0] + durations[$0] - 1, lf[$0] - durations[$0] + 1, lf[$0]) }
    }

    @Test("Agrees with a plain longest-path relaxation on 10,000 random graphs of up to 30 items, on every date and float")
    func againstRelaxation() throws {
        var generator = SplitMix64(seed: 0x7a4d_e11a)
        let types: [ScheduleEngine.LinkType] = [.finishToStart, .startToStart, .finishToFinish, .startToFinish]
        var compared = 0
        var disagreements = 0
        for _ in 0..<10_000 {
            let count = Int.random(in: 1...30, using: &generator)
            let durations = (0..<count).map { _ in Int.random(in: 0...8, using: &generator) }
            // A random order of the items; links only go forward in it, so there is no cycle.
            let rank = Array(0..<count).shuffled(using: &generator)
            var links: [Link] = []
            let linkCount = Int.random(in: 0...(count * 3), using: &generator)
            for _ in 0..<linkCount where count > 1 {
                var a = Int.random(in: 0..<count, using: &generator), b = Int.random(in: 0..<count, using: &generator)
                if a == b { continue }
                if rank[a] > rank[b] { swap(&a, &b) }
                links.append(
                    Link(predecessor: a, successor: b, type: types.randomElement(using: &generator)!,
                         lag: Int.random(in: -3...5, using: &generator)))
            }
            let today = Int.random(in: 0...3, using: &generator)
            let weekdays = Set((1...7).filter { _ in Bool.random(using: &generator) })
            let start = CalendarDay(year: 2030, month: 1, day: 1)!.adding(days: Int.random(in: 0...365, using: &generator))
            let holidays = Set((0..<Int.random(in: 0...5, using: &generator)).map { _ in start.adding(days: Int.random(in: 0...60, using: &generator)) })
            var calendar = WorkingCalendar(start: start, workingWeekdays: weekdays, holidays: holidays)
            var reference = calendar
            let items = durations.enumerated().map { Item(id: "i\($0.offset)", duration: $0.element) }
            let result = try ScheduleEngine.schedule(items: items, links: links, today: today, calendar: &calendar)
            let expected = Self.relaxation(durations: durations, links: links, today: today)
            // The order: by level (the longest chain of links before an item, found by
            // relaxation too), then earliest start, then index; the critical path is the
            // zero-float items in that order.
            var level = [Int](repeating: 0, count: count)
            var moved = true
            while moved {
                moved = false
                for link in links where level[link.successor] < level[link.predecessor] + 1 {
                    level[link.successor] = level[link.predecessor] + 1
                    moved = true
                }
            }
            let expectedOrder = (0..<count).sorted { a, b in
                (level[a], expected[a].es, a) < (level[b], expected[b].es, b)
            }
            if result.order != expectedOrder || result.criticalPath != expectedOrder.filter({ expected[$0].ls == expected[$0].es }) {
                disagreements += 1
                if disagreements <= 3 { Issue.record("order of \(durations) with \(links): \(result.order) vs \(expectedOrder)") }
            }
            for item in 0..<count {
                let times = result.times[item]
                let (es, efInclusive, ls, lfInclusive) = expected[item]
                var agree = times.earliestStart == es && times.earliestFinish - 1 == efInclusive
                    && times.latestStart == ls && times.latestFinish - 1 == lfInclusive && times.totalFloat == ls - es
                // The same dates through both calendars (one fresh, so caching cannot agree by accident).
                if durations[item] > 0 {
                    let dates = times.dates(duration: durations[item], calendar: &calendar)
                    agree = agree && dates.earliestStart == reference.day(at: es)
                        && dates.earliestFinish == reference.day(at: efInclusive)
                        && dates.latestStart == reference.day(at: ls) && dates.latestFinish == reference.day(at: lfInclusive)
                }
                if !agree {
                    disagreements += 1
                    if disagreements <= 3 {
                        Issue.record("item \(item) of \(durations) with \(links), today \(today): \(times) vs \(expected[item])")
                    }
                }
                compared += 1
            }
        }
        #expect(disagreements == 0)
        #expect(compared > 100_000 / 2)
    }
}

/// A small, seedable generator, so a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
