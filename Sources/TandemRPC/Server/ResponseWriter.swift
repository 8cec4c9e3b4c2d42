import NIOCore
import Synchronization
public import TandemSchema

/// Sends a streaming call's response messages; `write` suspends while the client is slow to read.
public struct ResponseWriter<Response: ProtoMessage>: Sendable {
    let sender: ResponseSender

    public func write(_ message: Response) async throws {
        try await sender.send(message)
    }
}

/// Frames and sends response messages, sending the response headers before the first one.
final class ResponseSender: Sendable {
    private let sink: any ServerCallSink
    private let context: ServerContext
    private let compression: Compression?
    private let headersSent = Mutex(false)
    private let framer = MessageFramer()

    init(sink: any ServerCallSink, context: ServerContext, compression: Compression?) {
        self.sink = sink
        self.context = context
        self.compression = compression
    }

    func send<Message: ProtoMessage>(_ message: Message) async throws {
        try Task.checkCancellation()
        let frame = try framer.frame(message.serializedBytes(), compression: compression)
        let needsHeaders = headersSent.withLock { sent in
            defer { sent = true }
            return !sent
        }
        if needsHeaders {
            try await sink.sendHeaders(context.initialMetadata, compression: compression)
        }
        try await sink.sendMessage(frame)
    }

    /// Ends the call; a call that sent no message ends with a trailers-only response.
    func finish(_ status: Status, trailers: Metadata) async {
        await sink.finish(status, trailers: trailers)
    }
}
