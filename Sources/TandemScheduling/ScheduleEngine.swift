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
    public static func schedule(items: [Item], links: [Link], today: Int = 0, calendar: inout WorkingCalendar)
        throws(Failure) -> Result
    {
        let count = items.count
        var outgoing = [[Int]](repeating: [], count: count)
        var incoming = [[Int]](repeating: [], count: count)
        var indegree = [Int](repeating: 0, count: count)
        for (index, link) in links.enumerated() {
            guard link.predecessor >= 0, link.predecessor < count else { throw .unknownItem(link.predecessor) }
            guard link.successor >= 0, link.successor < count else { throw .unknownItem(link.successor) }
            outgoing[link.predecessor].append(index)
            incoming[link.successor].append(index)
            indegree[link.successor] += 1
        }

        // Kahn's algorithm; the queue is in index order, which the result re-sorts.
        var order: [Int] = []
        order.reserveCapacity(count)
        var remaining = indegree
        for item in 0..<count where remaining[item] == 0 { order.append(item) }
        var head = 0
        while head < order.count {
            let item = order[head]
            head += 1
            for link in outgoing[item] {
                let successor = links[link].successor
                remaining[successor] -= 1
                if remaining[successor] == 0 { order.append(successor) }
            }
        }
        guard order.count == count else {
            throw .cycle(Self.findCycle(count: count, links: links, outgoing: outgoing, among: remaining.map { $0 > 0 }))
        }

        // Forward pass.
        var earliestStart = [Int](repeating: 0, count: count)
        var earliestFinish = [Int](repeating: 0, count: count)
        let floor = max(0, today)
        for item in order {
            let duration = items[item].duration
            switch items[item].progress {
            case .done(let day):
                let finish = calendar.index(of: day) + 1
                earliestFinish[item] = finish
                earliestStart[item] = finish - duration
            case .started(let remainingDays):
                earliestStart[item] = today
                earliestFinish[item] = today + max(duration == 0 ? 0 : 1, remainingDays)
            case .notStarted:
                var start = floor
                for link in incoming[item] {
                    let bound = Self.startBound(links[link], predecessorStart: earliestStart[links[link].predecessor],
                        predecessorFinish: earliestFinish[links[link].predecessor], duration: duration)
                    if bound > start { start = bound }
                }
                earliestStart[item] = start
                earliestFinish[item] = start + duration
            }
        }
        let finish = earliestFinish.max() ?? 0

        // Backward pass.
        var latestFinish = [Int](repeating: finish, count: count)
        for item in order.reversed() {
            var bound = finish
            for link in outgoing[item] {
                let successor = links[link].successor
                let latestStartOfSuccessor = latestFinish[successor] - items[successor].duration
                let limit = Self.finishBound(
                    links[link], successorStart: latestStartOfSuccessor, successorFinish: latestFinish[successor],
                    duration: items[item].duration)
                if limit < bound { bound = limit }
            }
            latestFinish[item] = bound
        }

        var times: [Times] = []
        times.reserveCapacity(count)
        for item in 0..<count {
            let duration = earliestFinish[item] - earliestStart[item]
            times.append(
                Times(
                    earliestStart: earliestStart[item], earliestFinish: earliestFinish[item],
                    latestStart: latestFinish[item] - duration, latestFinish: latestFinish[item]))
        }
        // Topological order, ties by earliest start then id: a stable sort of a valid order by
        // (earliest start, id) could break it, so sort by level first.
        var level = [Int](repeating: 0, count: count)
        for item in order {
            for link in outgoing[item] {
                let successor = links[link].successor
                level[successor] = max(level[successor], level[item] + 1)
            }
        }
        let sorted = order.sorted { a, b in
            if level[a] != level[b] { return level[a] < level[b] }
            if earliestStart[a] != earliestStart[b] { return earliestStart[a] < earliestStart[b] }
            return items[a].id < items[b].id
        }
        let critical = sorted.filter { times[$0].totalFloat == 0 && !Self.isDone(items[$0]) }
        return Result(times: times, order: sorted, finish: finish, criticalPath: critical)
    }

    static func isDone(_ item: Item) -> Bool {
        if case .done = item.progress { return true }
        return false
    }

    /// The earliest start a link allows its successor.
    @inline(__always)
    static func startBound(_ link: Link, predecessorStart: Int, predecessorFinish: Int, duration: Int) -> Int {
        switch link.type {
        case .finishToStart: predecessorFinish + link.lag
        case .startToStart: predecessorStart + link.lag
        case .finishToFinish: predecessorFinish + link.lag - duration
        case .startToFinish: predecessorStart + link.lag - duration
        }
    }

    /// The latest finish a link allows its predecessor (of `duration`).
    @inline(__always)
    static func finishBound(_ link: Link, successorStart: Int, successorFinish: Int, duration: Int) -> Int {
        switch link.type {
        case .finishToStart: successorStart - link.lag
        case .startToStart: successorStart - link.lag + duration
        case .finishToFinish: successorFinish - link.lag
        case .startToFinish: successorFinish - link.lag + duration
        }
    }

    /// A cycle among the items still holding predecessors after Kahn's algorithm.
    static func findCycle(count: Int, links: [Link], outgoing: [[Int]], among candidates: [Bool]) -> [Int] {
        // Walk backwards isn't needed: from any candidate, follow links to candidates until an
        // item repeats; every candidate has a candidate predecessor, so follow predecessors.
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
