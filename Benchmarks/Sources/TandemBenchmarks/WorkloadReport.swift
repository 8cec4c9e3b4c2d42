/// One timed workload with its allocation counts.
struct WorkloadReport {
    let result: ComparisonResult
    let tandemAllocations: Double
    let swiftProtobufAllocations: Double
}
