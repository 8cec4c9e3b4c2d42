import Logging
import NIOCore
import NIOPosix
import Synchronization
import TandemRPC
import TandemTLS

/// Keeps a client's one connection: connects when a call needs it, hands it to calls, reconnects
/// after it is lost, and spaces failed attempts by the backoff. ``ConnectionStateMachine`` decides;
/// this class performs its actions (bootstrap, timers, resuming the calls that wait).
final class ConnectionManager: Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<ClientConnection, any Error>
        var deadlineTimer: Scheduled<Void>?
    }

    private struct State {
        var machine: ConnectionStateMachine<ClientConnection>
        var waiters: [Int: Waiter] = [:]
        var nextWaiterID = 0
        /// Every open connection: the ready one and those draining after a GOAWAY.
        var live: [Int: ClientConnection] = [:]

        /// Removes the waiters of `ids` (they are resumed outside the lock).
        mutating func takeWaiters(_ ids: [Int]) -> [Waiter] {
            ids.compactMap { waiters.removeValue(forKey: $0) }
        }
    }

    private let configuration: GRPCClientConfiguration
    private let tlsContext: TLSContext?
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state: Mutex<State>

    init(
        configuration: GRPCClientConfiguration, tlsContext: TLSContext?, group: any EventLoopGroup, logger: Logger
    ) {
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.group = group
        self.logger = logger
        self.state = Mutex(State(machine: ConnectionStateMachine(backoff: configuration.backoff)))
    }

    // MARK: Calls

    /// The ready connection, once there is one. Throws UNAVAILABLE when an attempt fails (or the
    /// backoff delay after a failure has not passed), unless `waitForReady`; DEADLINE_EXCEEDED
    /// when `deadline` passes first; CANCELLED when the task is cancelled.
    func connection(waitForReady: Bool, deadline: ContinuousClock.Instant?) async throws(RPCError) -> ClientConnection {
        let (ready, id): (ClientConnection?, Int) = state.withLock { state in
            if case .ready(let connection, _) = state.machine.state { return (connection, 0) }
            state.nextWaiterID += 1
            return (nil, state.nextWaiterID)
        }
        if let ready { return ready }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    acquire(waiter: id, waitForReady: waitForReady, deadline: deadline, continuation: continuation)
                }
            } onCancel: {
                abandon(
                    waiter: id,
                    with: RPCError(code: .cancelled, message: "the call was cancelled while waiting for a connection"))
            }
        } catch {
            throw RPCError.converting(error)
        }
    }

    /// A call found `connection` closing before its stream started: the next call needs a new one.
    func connectionUnusable(_ connection: ClientConnection) {
        state.withLock { $0.machine.connectionUnusable(attempt: connection.attempt) }
    }

    private func acquire(
        waiter id: Int, waitForReady: Bool, deadline: ContinuousClock.Instant?,
        continuation: CheckedContinuation<ClientConnection, any Error>
    ) {
        let action: ConnectionStateMachine<ClientConnection>.AcquireAction = state.withLock { state in
            // Checked under the lock: a cancellation handler that ran earlier found no waiter.
            if Task.isCancelled {
                return .fail(
                    RPCError(code: .cancelled, message: "the call was cancelled while waiting for a connection"))
            }
            let action = state.machine.acquire(waiter: id, waitForReady: waitForReady, now: .now)
            switch action {
            case .wait, .connect, .waitAndScheduleRetry:
                state.waiters[id] = Waiter(continuation: continuation)
            case .use, .fail:
                break
            }
            return action
        }
        switch action {
        case .use(let connection):
            continuation.resume(returning: connection)
            return
        case .fail(let error):
            continuation.resume(throwing: error)
            return
        case .wait:
            break
        case .connect(let attempt):
            connect(attempt: attempt)
        case .waitAndScheduleRetry(let instant):
            scheduleRetry(at: instant)
        }
        if let deadline { armDeadline(waiter: id, deadline: deadline) }
    }

    private func armDeadline(waiter id: Int, deadline: ContinuousClock.Instant) {
        let timer = group.next().scheduleTask(in: .init(ContinuousClock.now.duration(to: deadline))) {
            self.abandon(
                waiter: id,
                with: RPCError(code: .deadlineExceeded, message: "deadline exceeded while waiting for a connection"))
        }
        let stillWaiting = state.withLock { state in
            guard state.waiters[id] != nil else { return false }
            state.waiters[id]?.deadlineTimer = timer
            return true
        }
        if !stillWaiting { timer.cancel() }
    }

    private func abandon(waiter id: Int, with error: RPCError) {
        let waiter: Waiter? = state.withLock { state in
            guard state.machine.removeWaiter(id) else { return nil }
            return state.waiters.removeValue(forKey: id)
        }
        guard let waiter else { return }
        waiter.deadlineTimer?.cancel()
        waiter.continuation.resume(throwing: error)
    }

    // MARK: Connecting

    private func connect(attempt: Int) {
        let configuration = self.configuration
        let tlsContext = self.tlsContext
        let serverHostname = configuration.serverHostname
        let logger = self.logger
        let onEvent: @Sendable (ClientConnectionHandler.Event) -> Void = { [weak self] event in
            self?.connectionEvent(attempt: attempt, event)
        }
        logger.debug(
            "connecting",
            metadata: ["grpc.server": "\(configuration.host):\(configuration.port)", "attempt": "\(attempt)"])
        // The handler as the initializer made it: looking it up in the pipeline afterwards would
        // race a TLS handshake that fails at once and empties the pipeline, hiding its error.
        let made = HandlerSlot()
        ClientBootstrap(group: group)
            .connectTimeout(.init(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(
                            TLSHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    let handler = try ClientConnectionHandler(
                        eventLoop: channel.eventLoop, connectTimeout: configuration.connectTimeout,
                        keepalive: configuration.keepalive, logger: logger, onEvent: onEvent)
                    made.handler.withLock { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .flatMap { channel in
                channel.eventLoop.flatSubmit {
                    guard let bound = made.handler.withLock({ $0 }) else {
                        channel.close(promise: nil)
                        return channel.eventLoop.makeFailedFuture(ChannelPipelineError.notFound)
                    }
                    let connection = ClientConnection(attempt: attempt, channel: channel, handler: bound)
                    return bound.value.ready.map { connection }
                }
            }
            .whenComplete { result in
                self.connectFinished(attempt: attempt, result)
            }
    }

    private func connectFinished(attempt: Int, _ result: Result<ClientConnection, any Error>) {
        switch result {
        case .success(let connection):
            let (action, waiters) = state.withLock { state in
                let action = state.machine.connectSucceeded(attempt: attempt, connection: connection)
                guard case .resume(let ids, _) = action else { return (action, [Waiter]()) }
                state.live[attempt] = connection
                return (action, state.takeWaiters(ids))
            }
            switch action {
            case .resume:
                logger.debug("connected", metadata: ["attempt": "\(attempt)"])
                for waiter in waiters {
                    waiter.deadlineTimer?.cancel()
                    waiter.continuation.resume(returning: connection)
                }
            case .close(let connection):
                connection.channel.close(promise: nil)
            }
        case .failure(let cause):
            let error = RPCError(
                code: .unavailable,
                message: "cannot connect to \(configuration.host):\(configuration.port): \(cause)", cause: cause)
            let (action, waiters) = state.withLock { state in
                let action = state.machine.connectFailed(attempt: attempt, error: error, now: .now)
                return (action, state.takeWaiters(action?.failed ?? []))
            }
            guard let action else { return }
            logger.debug("connection attempt failed", metadata: ["attempt": "\(attempt)", "error": "\(cause)"])
            for waiter in waiters {
                waiter.deadlineTimer?.cancel()
                waiter.continuation.resume(throwing: error)
            }
            if let retryAt = action.retryAt { scheduleRetry(at: retryAt) }
        }
    }

    private func scheduleRetry(at instant: ContinuousClock.Instant) {
        group.next().scheduleTask(in: .init(ContinuousClock.now.duration(to: instant))) {
            let attempt = self.state.withLock { $0.machine.retryTimerFired() }
            if let attempt { self.connect(attempt: attempt) }
        }
    }

    private func connectionEvent(attempt: Int, _ event: ClientConnectionHandler.Event) {
        state.withLock { state in
            state.machine.connectionUnusable(attempt: attempt)
            if case .closed = event { state.live[attempt] = nil }
        }
        logger.debug("connection no longer usable", metadata: ["attempt": "\(attempt)", "event": "\(event)"])
    }

    // MARK: Closing

    /// Refuses new calls, lets every connection finish its calls, then closes it (GOAWAY first).
    func close() async {
        let (waiters, connections) = state.withLock { state in
            let (ids, _) = state.machine.close()
            return (state.takeWaiters(ids), Array(state.live.values))
        }
        for waiter in waiters {
            waiter.deadlineTimer?.cancel()
            waiter.continuation.resume(throwing: ConnectionStateMachine<ClientConnection>.closedError)
        }
        for connection in connections { connection.beginGracefulClose() }
        for connection in connections { try? await connection.channel.closeFuture.get() }
    }

    /// Closes every connection now, failing the calls on them (the client is gone).
    func closeNow() {
        let (waiters, connections) = state.withLock { state in
            let (ids, _) = state.machine.close()
            return (state.takeWaiters(ids), Array(state.live.values))
        }
        for waiter in waiters {
            waiter.deadlineTimer?.cancel()
            waiter.continuation.resume(throwing: ConnectionStateMachine<ClientConnection>.closedError)
        }
        for connection in connections { connection.channel.close(promise: nil) }
    }
}

/// Where a connection attempt's initializer leaves the handler it made, for the attempt to use.
private final class HandlerSlot: Sendable {
    let handler = Mutex<NIOLoopBound<ClientConnectionHandler>?>(nil)
}
