import Foundation

/// Formats the results as markdown tables whose columns line up in a terminal too.
struct Report {
    static let throughputTarget = 1.5

    let workloads: [WorkloadReport]
    let scalarPairs: [(many: AllocationProbe, one: AllocationProbe)]
    let rounds: Int
    let batchDuration: Duration

    var throughputMet: Bool { workloads.allSatisfy { $0.result.ratio >= Self.throughputTarget } }

    /// Tandem allocates no more for a message with many scalar fields than for the same message with one.
    var noAllocationPerScalarField: Bool {
        scalarPairs.allSatisfy { pair in
            pair.many.tandemEncode <= pair.one.tandemEncode + 0.001
                && pair.many.tandemDecode <= pair.one.tandemDecode + 0.001
        }
    }

    func render(header: Bool) -> String {
        var lines: [String] = []
        if header {
            lines.append(
                "Run \(Self.now()) on \(Self.machine()); \(rounds) interleaved rounds, batches of about \(Self.milliseconds(batchDuration)) ms."
            )
            lines.append("")
        }
        lines.append(
            Self.table(
                [
                    "workload", "bytes", "Tandem ns/op", "swift-protobuf ns/op", "ratio", "round ratios",
                    "Tandem allocs/op", "swift-protobuf allocs/op",
                ],
                workloads.map { row in
                    let result = row.result
                    let (low, high) = result.roundRatios
                    return [
                        result.name, "\(result.encodedSize)",
                        Self.nanoseconds(result.tandemMedian), Self.nanoseconds(result.swiftProtobufMedian),
                        Self.ratio(result.ratio), "\(Self.ratio(low))–\(Self.ratio(high))",
                        Self.count(row.tandemAllocations), Self.count(row.swiftProtobufAllocations),
                    ]
                }))
        lines.append("")
        lines.append(
            Self.table(
                [
                    "scalars-only message", "bytes", "Tandem allocs/encode", "Tandem allocs/decode",
                    "swift-protobuf allocs/encode", "swift-protobuf allocs/decode",
                ],
                scalarPairs.flatMap { [$0.many, $0.one] }.map { probe in
                    [
                        probe.name, "\(probe.encodedSize)",
                        Self.count(probe.tandemEncode), Self.count(probe.tandemDecode),
                        Self.count(probe.swiftProtobufEncode), Self.count(probe.swiftProtobufDecode),
                    ]
                }))
        lines.append("")
        let ratios = workloads.map { "\($0.result.name) \(Self.ratio($0.result.ratio))" }.joined(separator: ", ")
        lines.append(
            "- Throughput target (at least \(Self.ratio(Self.throughputTarget)) swift-protobuf's on every workload): **\(throughputMet ? "met" : "not met")** (\(ratios))."
        )
        lines.append(
            "- No heap allocation per scalar field (Tandem allocates as often for a message with many scalar fields as with one): **\(noAllocationPerScalarField ? "met" : "not met")**."
        )
        return lines.joined(separator: "\n")
    }

    /// A markdown table padded so its columns line up; the first column left-aligned, the rest right.
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule = widths.enumerated().map { column, width in
            column == 0 ? String(repeating: "-", count: width) : String(repeating: "-", count: width - 1) + ":"
        }
        return ([line(headers), "| " + rule.joined(separator: " | ") + " |"] + rows.map(line)).joined(separator: "\n")
    }

    static func nanoseconds(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = value < 100 ? 1 : 0
        formatter.minimumFractionDigits = value < 100 ? 1 : 0
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? "\(value)"
    }

    static func ratio(_ value: Double) -> String { String(format: "%.2fx", value) }

    static func count(_ value: Double) -> String {
        value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }

    static func milliseconds(_ duration: Duration) -> String { String(format: "%.0f", duration.nanoseconds / 1e6) }

    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date())
    }

    /// The CPU model and how many CPUs this process may run on.
    static func machine() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) CPUs"
    }
}
