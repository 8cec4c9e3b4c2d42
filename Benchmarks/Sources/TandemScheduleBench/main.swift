// TandemScheduleBench: the scheduling engine alone, for scripts/bench-schedule.
//
//   TandemScheduleBench --items N[,N...] --dir DIR [--rounds R] [--seed S]
//
// For each N: random projects of N items (durations 1 to 10 working days) with 2.5 links per
// item, all finish-to-start with lags of 0 to 2 days, each from one of the 100 items before its
// successor (so no cycle, and work depends on nearby work as in a plan), on a Monday-to-Friday
// calendar with holidays. Writes the first project's graph to DIR/graph-N.txt
// ("u v weight" lines, weight = the predecessor's duration plus the lag, for networkx). Two
// timings of a full schedule (forward and backward pass, float, critical path, topological
// order, and the dates of every item), R rounds each (default 15):
//
//   - distinct: each round a different project of the same size and shape (R projects);
//   - same: the first project every round, as a dashboard asking again would.
//
// Prints one JSON line per N: median and minimum of each, the median time per link of each, and
// the first project's finish (networkx must find the same length).
import Foundation
import TandemSchema
import TandemScheduling

var options: [String: String] = [:]
var arguments = Array(CommandLine.arguments.dropFirst())
while arguments.count >= 2, arguments[0].hasPrefix("--") {
    options[String(arguments[0].dropFirst(2))] = arguments[1]
    arguments.removeFirst(2)
}
guard let sizes = options["items"]?.split(separator: ",").compactMap({ Int($0) }), let dir = options["dir"], arguments.isEmpty
else {
    print("usage: TandemScheduleBench --items N[,N...] --dir DIR [--rounds R] [--seed S]")
    exit(2)
}
let rounds = Int(options["rounds"] ?? "15") ?? 15

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random project of `count` items as described above.
func project(count: Int, using random: inout SplitMix64) -> (items: [ScheduleEngine.Item], links: [ScheduleEngine.Link]) {
    let items = (0..<count).map { ScheduleEngine.Item(id: "item-\($0)", duration: Int.random(in: 1...10, using: &random)) }
    var links: [ScheduleEngine.Link] = []
    links.reserveCapacity(count * 5 / 2)
    // As in a real plan, work depends on nearby work: each link comes from one of the 100 items
    // before its successor.
    while links.count < count * 5 / 2 {
        let b = Int.random(in: 1..<count, using: &random)
        let a = b - Int.random(in: 1...min(b, 100), using: &random)
        links.append(ScheduleEngine.Link(predecessor: a, successor: b, lag: Int.random(in: 0...2, using: &random)))
    }
    return (items, links)
}

let start = CalendarDay(year: 2030, month: 1, day: 7)!
let holidays = Set((0..<40).map { start.adding(days: $0 * 90) })

/// Milliseconds to schedule `project` and date every item, and the project's finish.
func timeSchedule(_ project: (items: [ScheduleEngine.Item], links: [ScheduleEngine.Link])) throws -> (Double, Int) {
    var calendar = WorkingCalendar(start: start, holidays: holidays)
    let clock = ContinuousClock()
    let began = clock.now
    let result = try ScheduleEngine.schedule(items: project.items, links: project.links, calendar: &calendar)
    // Dates for every item, as GetSchedule needs them.
    var last = start
    for (index, times) in result.times.enumerated() {
        last = max(last, times.dates(duration: project.items[index].duration, calendar: &calendar).latestFinish)
    }
    let elapsed = clock.now - began
    if last < start { print("impossible") }
    return (Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15, result.finish)
}

for count in sizes {
    var random = SplitMix64(state: (UInt64(options["seed"] ?? "42") ?? 42) &+ UInt64(count))
    let projects = (0..<rounds).map { _ in project(count: count, using: &random) }
    let (items, links) = projects[0]
    var text = ""
    text.reserveCapacity(links.count * 16)
    for link in links { text += "\(link.predecessor) \(link.successor) \(items[link.predecessor].duration + link.lag)\n" }
    // Sinks get an edge to a virtual end with their duration, so the longest path is the finish.
    text += items.enumerated().map { "\($0.offset) end \($0.element.duration)" }.joined(separator: "\n") + "\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: "\(dir)/graph-\(count).txt"))

    // Interleaved, so both see the same machine.
    var distinct: [Double] = []
    var same: [Double] = []
    var finish = 0
    for round in 0..<rounds {
        distinct.append(try timeSchedule(projects[round]).0)
        let (elapsed, computed) = try timeSchedule(projects[0])
        same.append(elapsed)
        finish = computed
    }
    distinct.sort()
    same.sort()
    let perLink = { (timings: [Double]) in timings[timings.count / 2] * 1e6 / Double(links.count) }
    print(
        String(
            format: "{\"items\":%d,\"links\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,\"ns_per_link\":%.1f,"
                + "\"same_median_ms\":%.3f,\"same_min_ms\":%.3f,\"same_ns_per_link\":%.1f,\"finish\":%d}",
            count, links.count, distinct[distinct.count / 2], distinct[0], perLink(distinct),
            same[same.count / 2], same[0], perLink(same), finish))
    fflush(nil)
}
