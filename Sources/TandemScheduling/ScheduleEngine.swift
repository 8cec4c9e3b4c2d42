public import TandemSchema

/// The critical path method over a project's working calendar, with no I/O.
///
/// Items occupy whole working days. In working-day indices an item of duration `d` that starts
/// at `s` finishes at `s + d` exclusive, so its inclusive finish date is the day at `s + d - 1`;
/// a milestone has `d = 0` and is dated at the finish of its latest predecessor (the day at
/// `s - 1`). A link with lag `L` requires, for its successor:
///
/// | type | constraint |
/// |---|---|
/// | finish-to-start | start ≥ predecessor's finish + L |
/// | start-to-start | start ≥ predecessor's start + L |
/// | finish-to-finish | finish ≥ predecessor's finish + L |
/// | start-to-finish | finish ≥ predecessor's start + L |
///
/// so a finish-to-start successor with lag 0 starts on the working day after its predecessor's
/// last day. Nothing that has not started starts before the project's start or before today;
/// done work is anchored at its completion date, started work continues from today with its
/// remaining duration. The forward pass gives earliest start and finish, the backward pass from
/// the latest earliest finish gives latest start and finish; total float is their difference and
/// zero float is critical. Both passes visit each item and link once: O(V + E).
public enum ScheduleEngine {
    public enum LinkType: Sendable, Hashable {
        case finishToStart, startToStart, finishToFinish, startToFinish
    }

    public enum Progress: Sendable, Hashable {
        case notStarted
        /// Continues from today for `remainingDays` working days.
        case started(remainingDays: Int)
        /// Finished on this day (its last working day).
        case done(on: CalendarDay)
    }

    public struct Item: Sendable, Hashable {
        public var id: String
        /// Working days; 0 for a milestone.
        public var duration: Int
        public var progress: Progress

        public init(id: String, duration: Int, progress: Progress = .notStarted) {
            self.id = id
            self.duration = max(0, duration)
            self.progress = progress
        }
    }

    public struct Link: Sendable, Hashable {
        /// Indices into the items.
        public var predecessor: Int
        public var successor: Int
        public var type: LinkType
        public var lag: Int

        public init(predecessor: Int, successor: Int, type: LinkType = .finishToStart, lag: Int = 0) {
            self.predecessor = predecessor
            self.successor = successor
            self.type = type
            self.lag = lag
        }
    }

    /// One item's times, in working-day indices (starts inclusive, finishes exclusive).
    public struct Times: Sendable, Hashable {
        public var earliestStart: Int
        public var earliestFinish: Int
        public var latestStart: Int
        public var latestFinish: Int
        public var totalFloat: Int { latestStart - earliestStart }
    }

    public struct Result: Sendable {
        /// Per item, in the order given.
        public var times: [Times]
        /// Item indices in topological order, ties broken by earliest start then id.
        public var order: [Int]
        /// The project's finish, exclusive: the latest earliest finish (0 with no items).
        public var finish: Int
        /// Critical items (zero total float) in `order`.
        public var criticalPath: [Int]
    }

    public enum Failure: Error, Sendable, Hashable {
        /// The links close a cycle through these items (indices, in link order).
        case cycle([Int])
        /// A link names an item that does not exist.
        case unknownItem(Int)
    }

    /// Schedules `items` linked by `links`, `today` being the index of today on the calendar.
    /// Give the items in id order: ties in the result's order fall back to the items' order.
    public static func schedule(items: [Item], links: [Link], today: Int = 0, calendar: inout WorkingCalendar)
        throws(Failure) -> Result
    {
        let count = items.count
        for link in links {
            guard link.predecessor >= 0, link.predecessor < count else { throw .unknownItem(link.predecessor) }
            guard link.successor >= 0, link.successor < count else { throw .unknownItem(link.successor) }
        }
        // Links by predecessor and by successor, each as one flat array with offsets (compressed
        // sparse rows): no array per item, and each pass reads memory in order.
        let outgoing = Adjacency(count: count, links: links, byPredecessor: true)
        let incoming = Adjacency(count: count, links: links, byPredecessor: false)
        let duration = items.map(\.duration)

        // Kahn's algorithm.
        var order = [Int](repeating: 0, count: count)
        var remaining = [Int](repeating: 0, count: count)
        for item in 0..<count { remaining[item] = incoming.count(of: item) }
        var tail = 0
        for item in 0..<count where remaining[item] == 0 {
            order[tail] = item
            tail += 1
        }
        var head = 0
        while head < tail {
            let item = order[head]
            head += 1
            for position in outgoing.range(of: item) {
                let successor = outgoing.other[position]
                remaining[successor] -= 1
                if remaining[successor] == 0 {
                    order[tail] = successor
                    tail += 1
                }
            }
        }
        guard tail == count else {
            throw .cycle(Self.findCycle(count: count, links: links, among: remaining.map { $0 > 0 }))
        }

        // Forward pass, and each item's level (longest chain of links before it).
        var earliestStart = [Int](repeating: 0, count: count)
        var earliestFinish = [Int](repeating: 0, count: count)
        var level = [Int](repeating: 0, count: count)
        let floor = max(0, today)
        for item in order {
            var itemLevel = 0
            var start = floor
            for position in incoming.range(of: item) {
                let code = incoming.codes[position]
                let predecessor = incoming.other[position]
                itemLevel = max(itemLevel, level[predecessor] + 1)
                let bound = Self.startBound(
                    code, predecessorStart: earliestStart[predecessor], predecessorFinish: earliestFinish[predecessor],
                    duration: duration[item])
                if bound > start { start = bound }
            }
            level[item] = itemLevel
            switch items[item].progress {
            case .done(let day):
                let finish = calendar.index(of: day) + 1
                earliestFinish[item] = finish
                earliestStart[item] = finish - duration[item]
            case .started(let remainingDays):
                earliestStart[item] = today
                earliestFinish[item] = today + max(duration[item] == 0 ? 0 : 1, remainingDays)
            case .notStarted:
                earliestStart[item] = start
                earliestFinish[item] = start + duration[item]
            }
        }
        let finish = earliestFinish.max() ?? 0

        // Backward pass.
        var latestFinish = [Int](repeating: finish, count: count)
        for item in order.reversed() {
            var bound = finish
            let itemDuration = earliestFinish[item] - earliestStart[item]
            for position in outgoing.range(of: item) {
                let code = outgoing.codes[position]
                let successor = outgoing.other[position]
                let successorDuration = earliestFinish[successor] - earliestStart[successor]
                let limit = Self.finishBound(
                    code, successorStart: latestFinish[successor] - successorDuration, successorFinish: latestFinish[successor],
                    duration: itemDuration)
                if limit < bound { bound = limit }
            }
            latestFinish[item] = bound
        }

        var times: [Times] = []
        times.reserveCapacity(count)
        for item in 0..<count {
            let itemDuration = earliestFinish[item] - earliestStart[item]
            times.append(
                Times(
                    earliestStart: earliestStart[item], earliestFinish: earliestFinish[item],
                    latestStart: latestFinish[item] - itemDuration, latestFinish: latestFinish[item]))
        }
        // Topological order with ties by earliest start, then the items' order: sorting by level
        // first keeps every predecessor ahead of its successors.
        let sorted = order.sorted { a, b in
            if level[a] != level[b] { return level[a] < level[b] }
            if earliestStart[a] != earliestStart[b] { return earliestStart[a] < earliestStart[b] }
            return a < b
        }
        let critical = sorted.filter { times[$0].totalFloat == 0 && !Self.isDone(items[$0]) }
        return Result(times: times, order: sorted, finish: finish, criticalPath: critical)
    }

    /// Links grouped by one end, as offsets into flat arrays holding each link's other end and
    /// its type and lag packed in one word, so that a pass reads them in order.
    struct Adjacency {
        var offsets: [Int]
        var other: [Int]
        /// `lag << 2 | type`, type 0 to 3 in `LinkType` order.
        var codes: [Int]

        init(count: Int, links all: [Link], byPredecessor: Bool) {
            var offsets = [Int](repeating: 0, count: count + 1)
            for link in all { offsets[(byPredecessor ? link.predecessor : link.successor) + 1] += 1 }
            for item in 0..<count { offsets[item + 1] += offsets[item] }
            var next = offsets
            var other = [Int](repeating: 0, count: all.count)
            var codes = [Int](repeating: 0, count: all.count)
            for link in all {
                let end = byPredecessor ? link.predecessor : link.successor
                let slot = next[end]
                other[slot] = byPredecessor ? link.successor : link.predecessor
                codes[slot] = link.lag << 2 | Self.typeCode(link.type)
                next[end] = slot + 1
            }
            self.offsets = offsets
            self.other = other
            self.codes = codes
        }

        static func typeCode(_ type: LinkType) -> Int {
            switch type {
            case .finishToStart: 0
            case .startToStart: 1
            case .finishToFinish: 2
            case .startToFinish: 3
            }
        }

        @inline(__always) func range(of item: Int) -> Range<Int> { offsets[item]..<offsets[item + 1] }
        @inline(__always) func count(of item: Int) -> Int { offsets[item + 1] - offsets[item] }
    }

    public static func isDone(_ item: Item) -> Bool {
        if case .done = item.progress { return true }
        return false
    }

    /// The earliest start a link allows its successor.
    @inline(__always)
    static func startBound(_ code: Int, predecessorStart: Int, predecessorFinish: Int, duration: Int) -> Int {
        let lag = code >> 2
        switch code & 3 {
        case 0: return predecessorFinish + lag
        case 1: return predecessorStart + lag
        case 2: return predecessorFinish + lag - duration
        default: return predecessorStart + lag - duration
        }
    }

    /// The latest finish a link allows its predecessor (of `duration`).
    @inline(__always)
    static func finishBound(_ code: Int, successorStart: Int, successorFinish: Int, duration: Int) -> Int {
        let lag = code >> 2
        switch code & 3 {
        case 0: return successorStart - lag
        case 1: return successorStart - lag + duration
        case 2: return successorFinish - lag
        default: return successorFinish - lag + duration
        }
    }

    /// A cycle among the items still holding predecessors after Kahn's algorithm.
    static func findCycle(count: Int, links: [Link], among candidates: [Bool]) -> [Int] {
        // Every candidate has a candidate predecessor (it was never freed), so following
        // predecessors among the candidates from any of them repeats an item: that loop is a cycle.
        var incomingCandidate = [Int](repeating: -1, count: count)
        for link in links where candidates[link.predecessor] && candidates[link.successor] {
            incomingCandidate[link.successor] = link.predecessor
        }
        guard var item = candidates.firstIndex(of: true) else { return [] }
        var seen: [Int: Int] = [:]
        var path: [Int] = []
        while seen[item] == nil {
            seen[item] = path.count
            path.append(item)
            item = incomingCandidate[item]
            if item < 0 { return path.reversed() }
        }
        return Array(path[seen[item]!...].reversed())
    }

    /// The items a new link `predecessor → successor` would close a cycle through, in order from
    /// the predecessor, or nil when it closes none. A self-link is a cycle of one.
    public static func cycle(adding predecessor: Int, _ successor: Int, count: Int, links: [Link]) -> [Int]? {
        if predecessor == successor { return [predecessor] }
        var outgoing = [[Int]](repeating: [], count: count)
        for link in links { outgoing[link.predecessor].append(link.successor) }
        // Is the predecessor reachable from the successor? Breadth first, remembering the way.
        var cameFrom = [Int](repeating: -2, count: count)
        cameFrom[successor] = -1
        var queue = [successor]
        var head = 0
        while head < queue.count {
            let item = queue[head]
            head += 1
            if item == predecessor {
                var path: [Int] = []
                var step = item
                while step != -1 {
                    path.append(step)
                    step = cameFrom[step]
                }
                // path runs predecessor ← … ← successor; the cycle is predecessor → successor → … → predecessor.
                return [predecessor] + path.reversed().dropLast()
            }
            for next in outgoing[item] where cameFrom[next] == -2 {
                cameFrom[next] = item
                queue.append(next)
            }
        }
        return nil
    }
}

extension ScheduleEngine.Times {
    /// The four dates of an item of `duration` working days: starts and inclusive finishes. A
    /// milestone (`duration` 0) is dated at the finish of its latest predecessor, so its start and
    /// finish are the day before its start index (the project's first day when nothing precedes it).
    public func dates(duration: Int, calendar: inout WorkingCalendar) -> (
        earliestStart: CalendarDay, earliestFinish: CalendarDay, latestStart: CalendarDay, latestFinish: CalendarDay
    ) {
        func finishDay(_ exclusive: Int) -> CalendarDay {
            duration == 0 && exclusive <= 0 ? calendar.day(at: 0) : calendar.day(at: exclusive - 1)
        }
        if duration == 0 {
            let early = finishDay(earliestFinish), late = finishDay(latestFinish)
            return (early, early, late, late)
        }
        return (calendar.day(at: earliestStart), finishDay(earliestFinish), calendar.day(at: latestStart), finishDay(latestFinish))
    }
}
