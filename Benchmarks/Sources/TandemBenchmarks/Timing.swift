/// Interleaved timing on a shared, noisy CPU: each round times one batch of each side back to
/// back (the side that goes first alternates), and the medians over rounds are compared.
struct Timing {
    var rounds: Int
    /// How long one timed batch should take.
    var batchDuration: Duration

    func run(_ comparison: Comparison) -> ComparisonResult {
        let tandemIterations = calibrate(comparison.tandem)
        let swiftProtobufIterations = calibrate(comparison.swiftProtobuf)
        var tandem: [Double] = []
        var swiftProtobuf: [Double] = []
        for round in 0..<rounds {
            if round.isMultiple(of: 2) {
                tandem.append(nanosecondsPerOperation(comparison.tandem, tandemIterations))
                swiftProtobuf.append(nanosecondsPerOperation(comparison.swiftProtobuf, swiftProtobufIterations))
            } else {
                swiftProtobuf.append(nanosecondsPerOperation(comparison.swiftProtobuf, swiftProtobufIterations))
                tandem.append(nanosecondsPerOperation(comparison.tandem, tandemIterations))
            }
        }
        return ComparisonResult(
            name: comparison.name, encodedSize: comparison.encodedSize,
            tandemNanoseconds: tandem, swiftProtobufNanoseconds: swiftProtobuf)
    }

    /// The iteration count whose batch takes about `batchDuration`; doubles as the warm-up.
    private func calibrate(_ body: (Int) -> Void) -> Int {
        var iterations = 1
        while true {
            let elapsed = Self.time(body, iterations)
            if elapsed >= batchDuration / 8 || iterations >= 1 << 30 {
                let scaled = Double(iterations) * (batchDuration / elapsed)
                return max(1, Int(scaled.rounded()))
            }
            iterations *= 2
        }
    }

    private func nanosecondsPerOperation(_ body: (Int) -> Void, _ iterations: Int) -> Double {
        Self.time(body, iterations).nanoseconds / Double(iterations)
    }

    private static func time(_ body: (Int) -> Void, _ iterations: Int) -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        body(iterations)
        return clock.now - start
    }
}

extension Duration {
    var nanoseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
