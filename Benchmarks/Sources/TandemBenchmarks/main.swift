import Foundation

/// `TandemBenchmarks [--markdown] [--rounds N] [--batch-ms N] [--filter TEXT] [--profile SIDE]`
///
/// Times Tandem's codec against swift-protobuf 1.39.0 on the same messages, interleaving rounds
/// of both, and counts heap allocations per operation. Progress goes to standard error, the
/// tables to standard output; `--markdown` adds the date and machine line for a README.
struct Options {
    var markdown = false
    var rounds = 15
    var batchMilliseconds = 75
    /// Only the workloads whose name contains this, e.g. "decode Task" (for profiling one).
    var filter: String?
    /// Runs only one side ("tandem" or "swift-protobuf") of the workloads for a few seconds each,
    /// untimed, for a profiler such as `perf record`.
    var profile: String?

    init(_ arguments: [String]) throws {
        var arguments = arguments[...]
        while let argument = arguments.popFirst() {
            switch argument {
            case "--markdown": markdown = true
            case "--rounds": rounds = try Self.positive(arguments.popFirst(), argument)
            case "--batch-ms": batchMilliseconds = try Self.positive(arguments.popFirst(), argument)
            case "--filter":
                guard let text = arguments.popFirst() else {
                    throw BenchmarkFailure(description: "--filter needs a text")
                }
                filter = text
            case "--profile":
                guard let side = arguments.popFirst(), ["tandem", "swift-protobuf"].contains(side) else {
                    throw BenchmarkFailure(description: "--profile needs tandem or swift-protobuf")
                }
                profile = side
            default:
                throw BenchmarkFailure(
                    description:
                        "usage: TandemBenchmarks [--markdown] [--rounds N] [--batch-ms N] [--filter TEXT] [--profile SIDE]"
                )
            }
        }
    }

    private static func positive(_ value: String?, _ option: String) throws -> Int {
        guard let value, let number = Int(value), number > 0 else {
            throw BenchmarkFailure(description: "\(option) needs a positive integer")
        }
        return number
    }
}

func progress(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    guard AllocationCount.isCounting() else {
        throw BenchmarkFailure(description: "the malloc interposer counts nothing: allocation figures would be wrong")
    }
    #if DEBUG
        progress("warning: a debug build; run `swift build -c release` for figures worth reading")
    #endif

    let task = try Fixtures.task()
    let list = try Fixtures.listTasksResponse()
    progress(
        "checked: both codecs encode Task (\(task.bytes.count) bytes) and ListTasksResponse (\(list.bytes.count) bytes) to the same bytes and decode them back"
    )

    if let side = options.profile {
        for comparison in [task.encode, task.decode, list.encode, list.decode]
        where options.filter.map(comparison.name.contains) ?? true {
            progress("profiling \(side): \(comparison.name) ...")
            let body = side == "tandem" ? comparison.tandem : comparison.swiftProtobuf
            let clock = ContinuousClock()
            let end = clock.now + .seconds(3)
            while clock.now < end { body(100) }
        }
        exit(0)
    }

    let timing = Timing(rounds: options.rounds, batchDuration: .milliseconds(options.batchMilliseconds))
    var workloads: [WorkloadReport] = []
    for (comparison, allocationIterations) in [
        (task.encode, 1_000), (task.decode, 1_000), (list.encode, 50), (list.decode, 50),
    ] where options.filter.map(comparison.name.contains) ?? true {
        progress("timing \(comparison.name) ...")
        let result = timing.run(comparison)
        workloads.append(
            WorkloadReport(
                result: result,
                tandemAllocations: AllocationCount.perOperation(iterations: allocationIterations, comparison.tandem),
                swiftProtobufAllocations: AllocationCount.perOperation(
                    iterations: allocationIterations, comparison.swiftProtobuf)))
        progress(
            String(
                format: "  Tandem %.0f ns/op, swift-protobuf %.0f ns/op, ratio %.2fx",
                result.tandemMedian, result.swiftProtobufMedian, result.ratio))
    }
    progress("counting allocations of scalars-only messages ...")
    let report = Report(
        workloads: workloads, scalarPairs: try Fixtures.scalarPairs(),
        rounds: options.rounds, batchDuration: timing.batchDuration)
    print(report.render(header: options.markdown))
} catch {
    progress("error: \(error)")
    exit(1)
}
