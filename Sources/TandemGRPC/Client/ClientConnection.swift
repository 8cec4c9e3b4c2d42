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
        let handler = self.handler
        let opened: Result<OpenedStream, OpenStreamFailure>
        if eventLoop.inEventLoop {
            // A caller already on the connection's event loop (``EventLoopTaskExecutor``): no hop.
            opened = handler.value.openStream(request)
        } else {
            do {
                opened = try await eventLoop.submit { handler.value.openStream(request) }.get()
            } catch {
                // The event loop is shutting down.
                return .failure(.connectionUnusable)
            }
        }
        return opened.map { ClientStream(opened: $0, connection: self) }
    }

    /// Ends the connection once its calls are over (GOAWAY, then close).
    func beginGracefulClose() {
        let handler = self.handler
        eventLoop.execute { handler.value.beginGracefulClose() }
    }
}
