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
        /// A link's lag is beyond `maximumLag` either way.
        case lagOutOfRange(Int)
    }

    /// Schedules `items` linked by `links`, `today` being the index of today on the calendar.
    /// Give the items in id order: ties in the result's order fall back to the items' order.
    /// Lags beyond ±`maximumLag` working days are refused.
    public static func schedule(items: [Item], links: [Link], today: Int = 0, calendar: inout WorkingCalendar)
        throws(Failure) -> Result
    {
        let count = items.count
        guard count < Int(Int32.max) else { throw .unknownItem(count) }
        for link in links {
            guard link.predecessor >= 0, link.predecessor < count else { throw .unknownItem(link.predecessor) }
            guard link.successor >= 0, link.successor < count else { throw .unknownItem(link.successor) }
            guard abs(link.lag) <= maximumLag else { throw .lagOutOfRange(link.lag) }
        }
        // Each item's links from its predecessors, as one flat array with offsets (compressed
        // sparse rows): no array per item, and a pass reads them in order. Both passes and the
        // ordering need no other view of the links.
        let incoming = Adjacency(count: count, links: links)

        // Everything the passes read of an item in one place, so a link costs one cache line.
        // The items are read once, in order; done and started work is dated here, from its own
        // progress alone.
        var nodes = [Node](repeating: Node(), count: count)
        for item in 0..<count {
            let duration = items[item].duration
            nodes[item].duration = duration
            switch items[item].progress {
            case .notStarted:
                break
            case .started(let remainingDays):
                nodes[item].progress = .started
                nodes[item].earliestStart = today
                nodes[item].earliestFinish = today + max(duration == 0 ? 0 : 1, remainingDays)
            case .done(let day):
                nodes[item].progress = .done
                let finish = calendar.index(of: day) + 1
                nodes[item].earliestFinish = finish
                nodes[item].earliestStart = finish - duration
            }
        }

        let order = try Self.topologicalOrder(incoming: incoming, nodes: &nodes)

        // Forward pass, and each item's level (longest chain of links before it).
        let floor = max(0, today)
        var finish = 0
        for index in 0..<count {
            let item = Int(order[index])
            var itemLevel: Int32 = 0
            var start = floor
            let duration = nodes[item].duration
            for position in incoming.range(of: item) {
                let predecessor = nodes[incoming.other(at: position)]
                itemLevel = max(itemLevel, predecessor.level + 1)
                let bound = Self.startBound(
                    incoming.code(at: position), predecessorStart: predecessor.earliestStart,
                    predecessorFinish: predecessor.earliestFinish, duration: duration)
                if bound > start { start = bound }
            }
            nodes[item].level = itemLevel
            if nodes[item].progress == .notStarted {
                nodes[item].earliestStart = start
                nodes[item].earliestFinish = start + duration
            }
            if index == 0 || nodes[item].earliestFinish > finish { finish = nodes[item].earliestFinish }
        }

        // Backward pass, pushing from each successor to its predecessors: in reverse
        // topological order an item's latest finish is final once it is reached, every
        // successor having been visited before it.
        for index in 0..<count { nodes[index].latestFinish = finish }
        for index in stride(from: count - 1, through: 0, by: -1) {
            let item = Int(order[index])
            let successor = nodes[item]
            let successorDuration = successor.earliestFinish - successor.earliestStart
            for position in incoming.range(of: item) {
                let predecessor = incoming.other(at: position)
                let limit = Self.finishBound(
                    incoming.code(at: position), successorStart: successor.latestFinish - successorDuration,
                    successorFinish: successor.latestFinish,
                    duration: nodes[predecessor].earliestFinish - nodes[predecessor].earliestStart)
                if limit < nodes[predecessor].latestFinish { nodes[predecessor].latestFinish = limit }
            }
        }

        let times = nodes.map { node in
            Times(
                earliestStart: node.earliestStart, earliestFinish: node.earliestFinish,
                latestStart: node.latestFinish - (node.earliestFinish - node.earliestStart), latestFinish: node.latestFinish)
        }
        // Critical: zero float and not done. Marked in item order, then read in the sorted
        // order from this small array rather than from the items and times.
        let isCritical = nodes.map { $0.progress != .done && $0.latestFinish == $0.earliestFinish }
        let sorted = Self.sortedOrder(nodes)
        let critical = sorted.filter { isCritical[$0] }
        return Result(times: times, order: sorted, finish: finish, criticalPath: critical)
    }

    /// The largest lag, either way, that a link may carry: about 4,000 years of working days,
    /// far past any calendar, and small enough to pack with the link's type in 32 bits.
    public static let maximumLag = 1 << 20

    /// One item's working state in the passes.
    struct Node {
        var earliestStart = 0
        var earliestFinish = 0
        var latestFinish = 0
        var duration = 0
        var level: Int32 = 0
        var progress = ProgressKind.notStarted
        /// Where the depth-first ordering is with this item.
        var visit = Visit.unvisited
    }

    enum ProgressKind: UInt8 { case notStarted, started, done }
    enum Visit: UInt8 { case unvisited, onPath, placed }

    /// A topological order by depth-first search over predecessors: an item is placed once all
    /// of its predecessors are. Roots are taken in index order, so when links run forward in
    /// the items' order (as a plan's mostly do) the order is the items' own and the passes read
    /// memory straight through. A predecessor met again while still on the path closes a cycle.
    static func topologicalOrder(incoming: Adjacency, nodes: inout [Node]) throws(Failure) -> [Int32] {
        let count = nodes.count
        var order: [Int32] = []
        order.reserveCapacity(count)
        // The path: each entry an item and the position of the next of its links to follow.
        var path: [(item: Int32, position: Int32)] = []
        for root in 0..<count where nodes[root].visit == .unvisited {
            nodes[root].visit = .onPath
            path.append((Int32(root), incoming.offsets[root]))
            while let top = path.last {
                let item = Int(top.item)
                guard top.position < incoming.offsets[item + 1] else {
                    path.removeLast()
                    nodes[item].visit = .placed
                    order.append(top.item)
                    continue
                }
                path[path.count - 1].position += 1
                let predecessor = incoming.other(at: Int(top.position))
                switch nodes[predecessor].visit {
                case .placed:
                    continue
                case .unvisited:
                    nodes[predecessor].visit = .onPath
                    path.append((Int32(predecessor), incoming.offsets[predecessor]))
                case .onPath:
                    // The path from the predecessor down to here, each a predecessor of the one
                    // before it; reversed, it runs in link order.
                    let from = path.firstIndex { Int($0.item) == predecessor }!
                    throw .cycle(path[from...].reversed().map { Int($0.item) })
                }
            }
        }
        return order
    }

    /// Item indices in topological order with ties by earliest start, then index: ordering by
    /// level first keeps every predecessor ahead of its successors. Two stable counting sorts
    /// (by earliest start, then by level) when the starts span no more than a few times the
    /// items, which a plan's do; a comparison sort otherwise.
    static func sortedOrder(_ nodes: [Node]) -> [Int] {
        let count = nodes.count
        guard count > 1 else { return Array(0..<count) }
        var lowest = nodes[0].earliestStart, highest = lowest, deepest: Int32 = 0
        for node in nodes {
            lowest = min(lowest, node.earliestStart)
            highest = max(highest, node.earliestStart)
            deepest = max(deepest, node.level)
        }
        guard highest - lowest < 4 * count + 1024 else {
            return (0..<count).sorted { a, b in
                if nodes[a].level != nodes[b].level { return nodes[a].level < nodes[b].level }
                if nodes[a].earliestStart != nodes[b].earliestStart { return nodes[a].earliestStart < nodes[b].earliestStart }
                return a < b
            }
        }
        // By earliest start, stable over the items' own order.
        var byStart = [Int32](repeating: 0, count: count)
        var slots = [Int32](repeating: 0, count: highest - lowest + 2)
        for node in nodes { slots[node.earliestStart - lowest + 1] += 1 }
        for key in 1..<slots.count { slots[key] += slots[key - 1] }
        for item in 0..<count {
            let key = nodes[item].earliestStart - lowest
            byStart[Int(slots[key])] = Int32(item)
            slots[key] += 1
        }
        // Then by level, stable over that.
        var sorted = [Int](repeating: 0, count: count)
        slots = [Int32](repeating: 0, count: Int(deepest) + 2)
        for node in nodes { slots[Int(node.level) + 1] += 1 }
        for key in 1..<slots.count { slots[key] += slots[key - 1] }
        for item in byStart {
            let key = Int(nodes[Int(item)].level)
            sorted[Int(slots[key])] = Int(item)
            slots[key] += 1
        }
        return sorted
    }

    /// Links grouped by successor, as offsets into one flat array holding each link's
    /// predecessor with its type and lag packed in the same word.
    struct Adjacency {
        var offsets: [Int32]
        /// `predecessor << 32 | UInt32(lag << 2 | type)`, type 0 to 3 in `LinkType` order.
        var entries: [UInt64]

        init(count: Int, links all: [Link]) {
            // Counted at offsets[successor + 2] and summed, offsets[successor + 1] is where the
            // successor's links begin; filling moves it to where they end, which is where the
            // next item's begin, and drops the extra slot.
            var offsets = [Int32](repeating: 0, count: count + 2)
            for link in all { offsets[link.successor + 2] += 1 }
            for item in 0..<count { offsets[item + 2] += offsets[item + 1] }
            var entries = [UInt64](repeating: 0, count: all.count)
            for link in all {
                let slot = Int(offsets[link.successor + 1])
                entries[slot] = Self.entry(other: link.predecessor, lag: link.lag, type: Self.typeCode(link.type))
                offsets[link.successor + 1] = Int32(slot + 1)
            }
            offsets.removeLast()
            self.offsets = offsets
            self.entries = entries
        }

        @inline(__always) static func entry(other: Int, lag: Int, type: Int) -> UInt64 {
            UInt64(other) << 32 | UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: lag << 2 | type)))
        }

        static func typeCode(_ type: LinkType) -> Int {
            switch type {
            case .finishToStart: 0
            case .startToStart: 1
            case .finishToFinish: 2
            case .startToFinish: 3
            }
        }

        @inline(__always) func range(of item: Int) -> Range<Int> { Int(offsets[item])..<Int(offsets[item + 1]) }
        @inline(__always) func other(at position: Int) -> Int { Int(entries[position] >> 32) }
        @inline(__always) func code(at position: Int) -> Int {
            Int(Int32(bitPattern: UInt32(truncatingIfNeeded: entries[position])))
        }
    }

    public static func isDone(_ item: Item) -> Bool {
        if case .done = item.progress { return true }
        return false
    }

    /// The earliest start a link allows its successor.
    @inline(__always)
    static func startBound(_ code: Int, predecessorStart: Int, predecessorFinish: Int, duration: Int) -> Int {
        // Without branches, which a random plan would mispredict: bit 0 of the type picks the
        // predecessor's start over its finish (start-to-start, start-to-finish), bit 1 makes the
        // bound one on the successor's finish (finish-to-finish, start-to-finish).
        let fromStart = -(code & 1)
        let toFinish = -((code >> 1) & 1)
        let base = predecessorFinish ^ ((predecessorFinish ^ predecessorStart) & fromStart)
        return base + (code >> 2) - (duration & toFinish)
    }

    /// The latest finish a link allows its predecessor (of `duration`).
    @inline(__always)
    static func finishBound(_ code: Int, successorStart: Int, successorFinish: Int, duration: Int) -> Int {
        // The mirror of `startBound`: bit 1 binds the successor's finish, bit 0 the
        // predecessor's start (so its finish may be `duration` later).
        let fromStart = -(code & 1)
        let onFinish = -((code >> 1) & 1)
        let base = successorStart ^ ((successorStart ^ successorFinish) & onFinish)
        return base - (code >> 2) + (duration & fromStart)
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



