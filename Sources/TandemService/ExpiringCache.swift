import Synchronization

/// A small map whose entries are forgotten `lifetime` after they were stored.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    private let maximumCount: Int
    private let entries = Mutex([Key: Entry]())

    init(lifetime: Duration, maximumCount: Int = 50_000) {
        self.lifetime = lifetime
        self.maximumCount = maximumCount
    }

    func value(for key: Key, now: ContinuousClock.Instant = .now) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: Key, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries.count >= maximumCount {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= maximumCount { entries.removeAll() }
            }
            entries[key] = Entry(value: value, expires: now + lifetime)
        }
    }
}
