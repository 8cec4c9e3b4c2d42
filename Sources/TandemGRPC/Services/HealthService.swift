import Synchronization
public import TandemRPC
public import TandemSchema

/// `grpc.health.v1.Health`: whether the server, and each service it serves, can take calls.
///
/// The server sets a service NOT_SERVING while a dependency it needs (its database) is down, and
/// everything NOT_SERVING at graceful shutdown, so load balancers and orchestrators stop sending
/// work before the listener closes.
public final class HealthService: RPCService {
    public typealias ServingStatus = GRPCHealthV1.HealthCheckResponse.ServingStatus

    /// The name that stands for the server as a whole.
    public static let overall = ""

    private struct State {
        var statuses: [String: ServingStatus]
        /// Each open Watch call's stream, by the service it watches and a key of its own.
        var watchers: [String: [Int: AsyncStream<ServingStatus>.Continuation]] = [:]
        var nextWatcherKey = 0
        var isShutDown = false
    }

    private let state: Mutex<State>

    /// A health service reporting every service in `services`, and the server overall, SERVING.
    public init(services: some Sequence<String>) {
        var statuses: [String: ServingStatus] = [Self.overall: .serving]
        for service in services {
            statuses[service] = .serving
        }
        self.state = Mutex(State(statuses: statuses))
    }

    /// Sets a service's status (`""` for the server overall), registering a name it did not
    /// know, and tells every Watch call on it. Ignored after ``shutdown()``: nothing may report a
    /// server that is going away as serving again.
    public func setStatus(_ status: ServingStatus, forService name: String) {
        state.withLock { state in
            guard !state.isShutDown else { return }
            state.statuses[name] = status
            for watcher in state.watchers[name, default: [:]].values {
                watcher.yield(status)
            }
        }
    }

    /// The status `Check` answers for `name`; `nil` for a service this server does not know.
    public func status(forService name: String) -> ServingStatus? {
        state.withLock { $0.statuses[name] }
    }

    /// How many Watch calls are open on `name`.
    func watcherCount(forService name: String) -> Int {
        state.withLock { $0.watchers[name]?.count ?? 0 }
    }

    /// Sets everything NOT_SERVING for good, at the start of graceful shutdown. Each Watch call
    /// receives NOT_SERVING and then ends with UNAVAILABLE, so that no watcher holds the
    /// shutdown open until its grace period runs out.
    public func shutdown() {
        state.withLock { state in
            state.isShutDown = true
            for name in state.statuses.keys {
                state.statuses[name] = .notServing
            }
            for (name, watchers) in state.watchers {
                for watcher in watchers.values {
                    // Services never registered stay unknown to their watchers.
                    watcher.yield(state.statuses[name] ?? .serviceUnknown)
                    watcher.finish()
                }
            }
        }
    }

    public var methods: [ServiceMethod] {
        [
            .unary(GRPCHealthV1.Health.check) { [self] request, _ in
                try check(request)
            },
            .serverStreaming(GRPCHealthV1.Health.watch) { [self] request, writer, _ in
                try await watch(request, writer: writer)
            },
        ]
    }

    private func check(_ request: GRPCHealthV1.HealthCheckRequest) throws(RPCError)
        -> GRPCHealthV1.HealthCheckResponse
    {
        guard let status = status(forService: request.service) else {
            throw RPCError(code: .notFound, message: "unknown service \(request.service)")
        }
        return GRPCHealthV1.HealthCheckResponse { $0.status = status }
    }

    /// Sends the current status at once, then each change, until the client cancels. Only the
    /// latest status matters, so a watcher buffers one: a slow reader skips the states it
    /// missed, and a status equal to the one last sent is not sent again.
    private func watch(
        _ request: GRPCHealthV1.HealthCheckRequest, writer: ResponseWriter<GRPCHealthV1.HealthCheckResponse>
    ) async throws {
        let name = request.service
        let (updates, continuation) = AsyncStream.makeStream(
            of: ServingStatus.self, bufferingPolicy: .bufferingNewest(1))
        let key: Int = state.withLock { state in
            let key = state.nextWatcherKey
            state.nextWatcherKey += 1
            // Under the lock, so that no change can come between this status and the first update.
            continuation.yield(state.statuses[name] ?? .serviceUnknown)
            if state.isShutDown {
                continuation.finish()
            } else {
                state.watchers[name, default: [:]][key] = continuation
            }
            return key
        }
        defer {
            state.withLock { state in
                state.watchers[name]?[key] = nil
                if state.watchers[name]?.isEmpty == true {
                    state.watchers[name] = nil
                }
            }
        }
        var lastSent: ServingStatus?
        for await status in updates where status != lastSent {
            try await writer.write(GRPCHealthV1.HealthCheckResponse { $0.status = status })
            lastSent = status
        }
        // The stream ends when the call is cancelled or the server shuts down.
        try Task.checkCancellation()
        throw RPCError(code: .unavailable, message: "the server is shutting down")
    }
}
