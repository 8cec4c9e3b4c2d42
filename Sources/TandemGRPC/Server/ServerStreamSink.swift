import NIOCore
import TandemRPC

/// Where one call's handler sends its response: every operation hops to the connection's
/// event loop, and `sendMessage` returns only once the stream has room for more.
struct ServerStreamSink: ServerCallSink {
    let handler: NIOLoopBound<ServerConnectionHandler>
    let eventLoop: any EventLoop
    let streamID: Int32

    func sendHeaders(_ metadata: Metadata, compression: Compression?) async throws {
        let handler = self.handler
        let streamID = self.streamID
        try await eventLoop.submit {
            handler.value.sendHeaders(streamID, metadata: metadata, compression: compression)
        }.get()
    }

    func sendMessage(_ frame: ByteBuffer) async throws {
        let handler = self.handler
        let streamID = self.streamID
        try await eventLoop.flatSubmit {
            handler.value.sendMessage(streamID, frame: frame)
        }.get()
    }

    func finish(_ status: Status, trailers: Metadata) async {
        let handler = self.handler
        let streamID = self.streamID
        eventLoop.execute {
            handler.value.finish(streamID, status: status, trailers: trailers)
        }
    }

    func finish(_ status: Status, trailers: Metadata, response: FinalResponse) async {
        let handler = self.handler
        let streamID = self.streamID
        eventLoop.execute {
            handler.value.finish(streamID, status: status, trailers: trailers, response: response)
        }
    }
}
