import Foundation
import Metrics
public import Logging
import Synchronization
import TandemPostgres
public import TandemService

/// Wakes the subscriptions of a user when a notification of theirs commits.
///
/// One connection per cluster `LISTEN`s on `tandem_inbox`; Publish notifies `<tenant>|<user>`
/// at commit, and the listener wakes every subscription of that user in this process, whichever
/// replica published. When the connection is (re)made, every subscription is woken, so nothing
/// committed while it was down waits for the next notification; every `sweep` they are all woken
/// anyway.
public final class InboxListener: Sendable {
    public static let channel = "tandem_inbox"

    private struct State {
        var waiters: [String: [UInt64: AsyncStream<Void>.Continuation]] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// `tandem_notify_subscriptions`: the Subscribe streams open in this process.
    private let gauge = Meter(label: "tandem_notify_subscriptions")
    let clusters: ClusterSet
    let sweep: Duration
    let logger: Logger

    public init(clusters: ClusterSet, sweep: Duration = .seconds(60), logger: Logger) {
        self.clusters = clusters
        self.sweep = sweep
        self.logger = logger
    }

    static func key(tenant: String, user: String) -> String { "\(tenant.lowercased())|\(user)" }

    /// A stream that yields whenever `user`'s inbox may have grown; ends with `cancel`.
    func register(tenant: String, user: String) -> (id: UInt64, wakes: AsyncStream<Void>) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let key = Self.key(tenant: tenant, user: user)
        let id = state.withLock { state in
            state.nextID += 1
            state.waiters[key, default: [:]][state.nextID] = continuation
            return state.nextID
        }
        gauge.increment()
        return (id, stream)
    }

    func cancel(tenant: String, user: String, id: UInt64) {
        let key = Self.key(tenant: tenant, user: user)
        let continuation = state.withLock { state -> AsyncStream<Void>.Continuation? in
            let removed = state.waiters[key]?.removeValue(forKey: id)
            if state.waiters[key]?.isEmpty == true { state.waiters[key] = nil }
            return removed
        }
        if continuation != nil { gauge.decrement() }
        continuation?.finish()
    }

    /// How many subscriptions are waiting (for metrics and tests).
    public var subscriptions: Int { state.withLock { $0.waiters.values.reduce(0) { $0 + $1.count } } }

    func wake(_ key: String) {
        let continuations = state.withLock { $0.waiters[key].map { Array($0.values) } ?? [] }
        for continuation in continuations { continuation.yield() }
    }

    func wakeAll() {
        let continuations = state.withLock { $0.waiters.values.flatMap(\.values) }
        for continuation in continuations { continuation.yield() }
    }

    /// Listens until cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for (name, pool) in clusters.all {
                group.addTask { await self.listen(cluster: name, pool: pool) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.sweep)
                    self.wakeAll()
                }
            }
        }
    }

    private func listen(cluster: String, pool: PostgresPool) async {
        let listener = PostgresListener(
            pool: pool, channel: Self.channel, applicationName: "tandem-inbox-listener", name: "\(cluster)-inbox")
        defer { listener.close() }
        var listening = false
        while !Task.isCancelled {
            do {
                let keys = try await listener.wait(timeout: .milliseconds(500))
                if !listening {
                    // Newly listening: whatever committed before is picked up by a full wake.
                    listening = true
                    wakeAll()
                }
                for key in Set(keys) { wake(key) }
            } catch {
                if listening { logger.warning("inbox listener lost its connection", metadata: ["cluster": "\(cluster)", "error": "\(error)"]) }
                listening = false
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
