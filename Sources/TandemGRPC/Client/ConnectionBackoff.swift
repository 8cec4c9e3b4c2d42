/// The delays between connection attempts, as gRPC's `connection-backoff.md` computes them: the
/// first retry after `initial`, then each delay `multiplier` times the last, capped at `maximum`,
/// with a random spread of ±`jitter`. A plain value: the randomness is passed in, so tests are exact.
struct ConnectionBackoff {
    let configuration: GRPCClientConfiguration.Backoff
    /// The un-jittered delay last returned; nil before the first failure.
    private var current: Double?

    init(configuration: GRPCClientConfiguration.Backoff) {
        self.configuration = configuration
    }

    /// The delay before the next attempt. `random` returns a value in the range it is given.
    mutating func nextDelay(random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Duration {
        let initial = Self.seconds(configuration.initial)
        let maximum = Self.seconds(configuration.maximum)
        guard let current else {
            // The specification's first deadline is `now + INITIAL_BACKOFF`, without jitter.
            self.current = initial
            return configuration.initial
        }
        let next = min(current * configuration.multiplier, maximum)
        self.current = next
        let jitter = configuration.jitter
        let spread = jitter > 0 ? random(-jitter...jitter) : 0
        return .nanoseconds(Int64((next * (1 + spread) * 1e9).rounded()))
    }

    /// A connection became ready: the next failure starts from `initial` again.
    mutating func reset() {
        current = nil
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
