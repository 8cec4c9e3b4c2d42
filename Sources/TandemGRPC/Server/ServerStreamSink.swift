import NIOCore
import TandemRPC

/// Where one call's handler sends its response. Handlers run on the connection's event loop
/// (``EventLoopTaskExecutor``), so each operation normally acts on the session at once; from
/// anywhere else it hops to the event loop. `sendMessage` returns only once the stream has room
/// for more.
struct ServerStreamSink: ServerCallSink {
    let handler: NIOLoopBound<ServerConnectionHandler>
    let eventLoop: any EventLoop
    let streamID: Int32

    func sendHeaders(_ metadata: Metadata, compression: Compression?) async throws {
        let handler = self.handler
        let streamID = self.streamID
        if eventLoop.inEventLoop {
            handler.value.sendHeaders(streamID, metadata: metadata, compression: compression)
            return
        }
        try await eventLoop.submit {
            handler.value.sendHeaders(streamID, metadata: metadata, compression: compression)
        }.get()
    }

    func sendMessage(_ frame: ByteBuffer) async throws {
        let handler = self.handler
        let streamID = self.streamID
        if eventLoop.inEventLoop {
            try await handler.value.sendMessage(streamID, frame: frame).get()
            return
        }
        try await eventLoop.flatSubmit {
            handler.value.sendMessage(streamID, frame: frame)
        }.get()
    }

    func finish(_ status: Status, trailers: Metadata) async {
        finish { $0.finish(streamID, status: status, trailers: trailers) }
    }

    func finish(_ status: Status, trailers: Metadata, response: FinalResponse) async {
        finish { $0.finish(streamID, status: status, trailers: trailers, response: response) }
    }

    private func finish(_ body: @escaping @Sendable (ServerConnectionHandler) -> Void) {
        let handler = self.handler
        if eventLoop.inEventLoop {
            body(handler.value)
        } else {
            eventLoop.execute { body(handler.value) }
        }
    }
}
