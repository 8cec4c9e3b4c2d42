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
    /// A unary response waiting to leave with the trailers.
    private let finalResponse = Mutex<FinalResponse?>(nil)
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

    /// Holds the only response of a unary or client-streaming call for ``finish(_:trailers:)``.
    func sendFinal<Message: ProtoMessage>(_ message: Message) throws {
        try Task.checkCancellation()
        let response = FinalResponse(
            metadata: context.initialMetadata, compression: compression,
            frame: try framer.frame(message.serializedBytes(), compression: compression))
        finalResponse.withLock { $0 = response }
    }

    /// Ends the call; a call that sent no message ends with a trailers-only response. A held
    /// response goes out only with an OK status.
    func finish(_ status: Status, trailers: Metadata) async {
        let response = finalResponse.withLock { response in
            defer { response = nil }
            return response
        }
        if let response, status.code == .ok {
            await sink.finish(status, trailers: trailers, response: response)
        } else {
            await sink.finish(status, trailers: trailers)
        }
    }
}
