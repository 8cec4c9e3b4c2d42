// TandemScheduleBench: the scheduling engine alone, for scripts/bench-schedule.
//
//   TandemScheduleBench --items N[,N...] --dir DIR [--rounds R] [--seed S]
//
// For each N: a random project of N items (durations 1 to 10 working days) with 2.5 links per
// item, all finish-to-start with lags of 0 to 2 days, each from one of the 100 items before its
// successor (so no cycle, and work depends on nearby work as in a plan), on a Monday-to-Friday
// calendar with holidays. Writes the graph to DIR/graph-N.txt
// ("u v weight" lines, weight = the predecessor's duration plus the lag, for networkx), runs the
// engine R times (default 15) and prints one JSON line per N: the median and minimum time of a
// full schedule (forward and backward pass, float, critical path, topological order) and the
// median time per link, plus the finish it computed (networkx must find the same length).
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

for count in sizes {
    var random = SplitMix64(state: UInt64(options["seed"] ?? "42") ?? 42 &+ UInt64(count))
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
    var text = ""
    text.reserveCapacity(links.count * 16)
    for link in links { text += "\(link.predecessor) \(link.successor) \(items[link.predecessor].duration + link.lag)\n" }
    // Sinks get an edge to a virtual end with their duration, so the longest path is the finish.
    text += items.enumerated().map { "\($0.offset) end \($0.element.duration)" }.joined(separator: "\n") + "\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: "\(dir)/graph-\(count).txt"))

    let start = CalendarDay(year: 2030, month: 1, day: 7)!
    let holidays = Set((0..<40).map { start.adding(days: $0 * 90) })
    var timings: [Double] = []
    var finish = 0
    for _ in 0..<rounds {
        var calendar = WorkingCalendar(start: start, holidays: holidays)
        let clock = ContinuousClock()
        let began = clock.now
        let result = try ScheduleEngine.schedule(items: items, links: links, calendar: &calendar)
        // Dates for every item, as GetSchedule needs them.
        var last = start
        for (index, times) in result.times.enumerated() {
            last = max(last, times.dates(duration: items[index].duration, calendar: &calendar).latestFinish)
        }
        let elapsed = clock.now - began
        timings.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
        finish = result.finish
        if last < start { print("impossible") }
    }
    timings.sort()
    let median = timings[timings.count / 2]
    print(
        String(
            format: "{\"items\":%d,\"links\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,\"ns_per_link\":%.1f,\"finish\":%d}", count,
            links.count, median, timings[0], median * 1e6 / Double(links.count), finish))
    fflush(nil)
}
