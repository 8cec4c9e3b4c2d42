import Synchronization

/// A token bucket per key (a tenant): `rate` calls per second on average, bursts up to `burst`.
public final class RateLimiter: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Default 200 calls per second per tenant.
        public var ratePerSecond: Double
        /// Default 400.
        public var burst: Double

        public init(ratePerSecond: Double = 200, burst: Double = 400) {
            precondition(ratePerSecond > 0 && burst >= 1)
            self.ratePerSecond = ratePerSecond
            self.burst = burst
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    public let configuration: Configuration
    private let buckets = Mutex([String: Bucket]())
    private static let maximumKeys = 100_000

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Takes one token for `key`; false when its bucket is empty.
    public func tryAcquire(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        let configuration = self.configuration
        return buckets.withLock { buckets in
            if buckets.count > Self.maximumKeys { buckets.removeAll() }
            var bucket = buckets[key] ?? Bucket(tokens: configuration.burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(configuration.burst, bucket.tokens + max(0, seconds) * configuration.ratePerSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return true
        }
    }
}
