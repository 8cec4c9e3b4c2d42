import NIOCore
import NIOPosix
import Synchronization
import TandemHTTP2

/// An HTTP/2 server that answers each request as a script says, and records what the client
/// sent: its request headers and how each stream ended. It plays servers that ``GRPCServer``
/// never is (a proxy answering 503, one that ignores deadlines, one that resets streams).
final class ScriptedHTTP2Server: Sendable {
    /// One step of the answer to a request.
    enum Reply: Sendable {
        case headers([HTTP2Header], endStream: Bool)
        case data(ByteBuffer)
        case trailers([HTTP2Header])
        case reset(HTTP2ErrorCode)
        /// Sends what is queued so far: DATA after it goes out in frames of its own.
        case flush
    }

    /// Replies to a request, given its headers. An empty answer leaves the stream unanswered.
    typealias Script = @Sendable ([HTTP2Header]) -> [Reply]

    private struct Record {
        var requests: [[HTTP2Header]] = []
        var closedStreams: [HTTP2ErrorCode] = []
        var connections = 0
        var children: [any Channel] = []
    }

    private let record = Mutex(Record())
    private let script: Script
    /// Never send the HTTP/2 preface: a server that accepted the TCP connection and hung.
    private let silent: Bool
    private let channel = Mutex<(any Channel)?>(nil)

    init(silent: Bool = false, script: @escaping Script = { _ in [] }) {
        self.silent = silent
        self.script = script
    }

    var requests: [[HTTP2Header]] { record.withLock { $0.requests } }
    /// The error code of every stream closed on the server, in order.
    var closedStreams: [HTTP2ErrorCode] { record.withLock { $0.closedStreams } }
    var connections: Int { record.withLock { $0.connections } }

    func start() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                self.record.withLock {
                    $0.connections += 1
                    $0.children.append(channel)
                }
                guard !self.silent else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        self.channel.withLock { $0 = channel }
        return channel.localAddress!.port!
    }

    func stop() async {
        let channel = self.channel.withLock { $0 }
        try? await channel?.close()
        for child in record.withLock({ $0.children }) { try? await child.close() }
    }

    fileprivate func received(_ headers: [HTTP2Header]) -> [Reply] {
        record.withLock { $0.requests.append(headers) }
        return script(headers)
    }

    fileprivate func closed(_ errorCode: HTTP2ErrorCode) {
        record.withLock { $0.closedStreams.append(errorCode) }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let server: ScriptedHTTP2Server
        let session: HTTP2Session

        init(server: ScriptedHTTP2Server) throws {
            self.server = server
            self.session = try HTTP2Session(role: .server)
        }

        func channelActive(context: ChannelHandlerContext) {
            flush(context)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var events: [HTTP2Event] = []
            do {
                try session.receive(unwrapInboundIn(data), into: &events)
            } catch {
                context.close(promise: nil)
                return
            }
            for event in events {
                switch event {
                case .headers(let streamID, let headers, _) where headers.contains(where: { $0.name == ":path" }):
                    for reply in server.received(headers) {
                        if case .flush = reply { flush(context) } else { perform(reply, streamID: streamID) }
                    }
                case .data(let streamID, let bytes, _):
                    session.consume(streamID: streamID, count: bytes.readableBytes)
                case .streamClosed(_, let errorCode):
                    server.closed(errorCode)
                default:
                    break
                }
            }
            flush(context)
        }

        private func perform(_ reply: Reply, streamID: Int32) {
            switch reply {
            case .headers(let headers, let endStream):
                try? session.submitResponseHeaders(streamID: streamID, headers: headers, endStream: endStream)
            case .data(let bytes):
                try? session.writeData(streamID: streamID, data: bytes)
            case .trailers(let headers):
                try? session.submitTrailers(streamID: streamID, headers: headers)
            case .reset(let errorCode):
                session.resetStream(streamID: streamID, errorCode: errorCode)
            case .flush:
                break
            }
        }

        private func flush(_ context: ChannelHandlerContext) {
            var buffer = context.channel.allocator.buffer(capacity: 0)
            var events: [HTTP2Event] = []
            try? session.flush(into: &buffer, events: &events)
            for case .streamClosed(_, let errorCode) in events { server.closed(errorCode) }
            if buffer.readableBytes > 0 { context.writeAndFlush(wrapOutboundOut(buffer), promise: nil) }
        }
    }
}

extension HTTP2Header {
    init(_ name: String, _ value: String) {
        self.init(name: name, value: value)
    }
}
