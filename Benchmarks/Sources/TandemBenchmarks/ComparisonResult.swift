/// What a comparison measured: nanoseconds per operation in each round, per side.
struct ComparisonResult {
    let name: String
    let encodedSize: Int
    let tandemNanoseconds: [Double]
    let swiftProtobufNanoseconds: [Double]

    var tandemMedian: Double { tandemNanoseconds.median }
    var swiftProtobufMedian: Double { swiftProtobufNanoseconds.median }
    /// swift-protobuf's time over Tandem's: how many times Tandem's throughput is swift-protobuf's.
    var ratio: Double { swiftProtobufMedian / tandemMedian }
    /// The same ratio within each round (the two sides ran back to back), lowest and highest.
    var roundRatios: (low: Double, high: Double) {
        let ratios = zip(swiftProtobufNanoseconds, tandemNanoseconds).map { $0 / $1 }
        return (ratios.min() ?? .nan, ratios.max() ?? .nan)
    }
}
