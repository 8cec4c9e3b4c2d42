import NIOCore
import TandemRPC

/// One HTTP/2 connection as calls see it from their tasks: every operation runs on the channel's
/// event loop, where ``ClientConnectionHandler`` owns the session (a hop, unless the task is there).
struct ClientConnection: Sendable {
    /// The connection attempt that made it; identifies it to the ``ConnectionManager``.
    let attempt: Int
    let channel: any Channel
    let handler: NIOLoopBound<ClientConnectionHandler>

    /// Runs a unary call's steps on the connection's event loop.
    let executor: EventLoopTaskExecutor

    var eventLoop: any EventLoop { channel.eventLoop }

    init(attempt: Int, channel: any Channel, handler: NIOLoopBound<ClientConnectionHandler>) {
        self.attempt = attempt
        self.channel = channel
        self.handler = handler
        self.executor = EventLoopTaskExecutor(channel.eventLoop)
    }

    /// Opens a stream for one call; ``OpenStreamFailure/connectionUnusable`` when the connection is
    /// closing, so the call can go to a new one.
    func openStream(_ request: OpenStreamRequest) async -> Result<ClientStream, OpenStreamFailure> {
        await onEventLoop { $0.openStream(request) }.map { ClientStream(opened: $0, connection: self) }
    }

    /// Opens a unary call's stream, whose response is read whole on the event loop.
    func openUnary(_ request: OpenStreamRequest, maximumMessageSize: Int) async -> Result<UnaryCall, OpenStreamFailure> {
        await onEventLoop { $0.openUnary(request, maximumMessageSize: maximumMessageSize) }.map {
            UnaryCall(stream: StreamHandle(streamID: $0.streamID, connection: self), response: $0.response)
        }
    }

    private func onEventLoop<Opened: Sendable>(
        _ open: @escaping @Sendable (ClientConnectionHandler) -> Result<Opened, OpenStreamFailure>
    ) async -> Result<Opened, OpenStreamFailure> {
        let handler = self.handler
        if eventLoop.inEventLoop {
            // A caller already on the connection's event loop (``EventLoopTaskExecutor``): no hop.
            return open(handler.value)
        }
        do {
            return try await eventLoop.submit { open(handler.value) }.value()
        } catch {
            // The event loop is shutting down.
            return .failure(.connectionUnusable)
        }
    }

    /// Ends the connection once its calls are over (GOAWAY, then close).
    func beginGracefulClose() {
        let handler = self.handler
        eventLoop.execute { handler.value.beginGracefulClose() }
    }
}
