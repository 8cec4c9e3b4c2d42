import NIOCore
import TandemRPC

/// One HTTP/2 connection as calls see it from their tasks: every operation hops to the channel's
/// event loop, where ``ClientConnectionHandler`` owns the session.
struct ClientConnection: Sendable {
    /// The connection attempt that made it; identifies it to the ``ConnectionManager``.
    let attempt: Int
    let channel: any Channel
    let handler: NIOLoopBound<ClientConnectionHandler>

    var eventLoop: any EventLoop { channel.eventLoop }

    /// Opens a stream for one call; ``OpenStreamFailure/connectionUnusable`` when the connection is
    /// closing, so the call can go to a new one.
    func openStream(_ request: OpenStreamRequest) async -> Result<ClientStream, OpenStreamFailure> {
        let handler = self.handler
        let opened: Result<OpenedStream, OpenStreamFailure>
        do {
            opened = try await eventLoop.submit { handler.value.openStream(request) }.get()
        } catch {
            // The event loop is shutting down.
            return .failure(.connectionUnusable)
        }
        return opened.map { ClientStream(opened: $0, connection: self) }
    }

    /// Ends the connection once its calls are over (GOAWAY, then close).
    func beginGracefulClose() {
        let handler = self.handler
        eventLoop.execute { handler.value.beginGracefulClose() }
    }
}
