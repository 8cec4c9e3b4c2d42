import Logging
import NIOCore
import TandemHTTP2
import TandemRPC

/// Drives one connection's nghttp2 session and its gRPC streams on the channel's event loop.
///
/// Bytes in go to the session; the events it reports become calls, each run by
/// ``ServerCallRunner`` in a task of its own, on this event loop (``EventLoopTaskExecutor``) but
/// never inside a channel callback. What handlers send reaches the session through
/// ``ServerStreamSink``. The
/// handler never calls the session from inside one of its callbacks: the session collects events
/// during `receive` and the handler acts on them afterwards.
final class ServerConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// One call's state on the event loop.
    private struct Stream {
        var body: RequestBodyStream
        var task: Task<Void, Never>?
        var headersSent = false
        /// The server has sent its trailers.
        var finished = false
        /// Writers waiting for the stream's outbound buffer to drain.
        var waitingWriters: [EventLoopPromise<Void>] = []
    }

    private let configuration: GRPCServerConfiguration
    private let runner: ServerCallRunner
    private let registry: ConnectionRegistry
    private var logger: Logger
    private let session: HTTP2Session
    private var context: ChannelHandlerContext?
    private var peer = Peer(address: "unknown")
    private var streams: [Int32: Stream] = [:]

    private var prefaceReceived = false
    private var prefaceTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var headerTimer: Scheduled<Void>?
    private var lastPingReceived: NIODeadline?
    private var pingStrikes = 0
    private var draining = false
    /// The second GOAWAY, naming the last stream processed, has gone out.
    private var finalGoAwaySent = false
    /// The last write, so that closing waits for it to reach the socket.
    private var lastWrite: EventLoopFuture<Void>?
    private var flushScheduled = false
    private var closed = false
    /// Reused for every batch of session events.
    private var events: [HTTP2Event] = []
    /// Where the calls' tasks run: made with the first call.
    private var executor: EventLoopTaskExecutor?

    init(
        configuration: GRPCServerConfiguration, runner: ServerCallRunner, registry: ConnectionRegistry,
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.runner = runner
        self.registry = registry
        self.logger = logger
        self.session = try HTTP2Session(
            role: .server,
            configuration: HTTP2Session.Configuration(
                maxConcurrentStreams: configuration.maximumConcurrentStreams,
                maxHeaderListSize: configuration.maximumHeaderListSize,
                maxBufferedOutboundBytesPerStream: configuration.maximumBufferedBytesPerStream,
                maxBufferedOutboundBytesPerConnection: configuration.maximumBufferedBytesPerConnection))
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard prefaceTimer == nil else { return }
        if let address = context.channel.remoteAddress { peer.address = Self.describe(address) }
        logger[metadataKey: "grpc.peer"] = "\(peer.address)"
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        registry.add(loopBound, channel: context.channel)
        prefaceTimer = context.eventLoop.scheduleTask(in: .init(configuration.prefaceTimeout)) {
            let handler = loopBound.value
            guard !handler.prefaceReceived else { return }
            handler.logger.debug("closing a connection that sent no HTTP/2 preface in time")
            handler.close()
        }
        armIdleTimer()
        flushNow()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try session.receive(buffer, into: &events)
        } catch {
            // nghttp2 has queued a GOAWAY naming the problem: send it, then close.
            logger.debug("HTTP/2 connection error", metadata: ["error": "\(error)"])
            handlePendingEvents()
            flushNow()
            close()
            return
        }
        handlePendingEvents()
        watchHeaderBlock()
    }

    /// Arms the header timeout while a header block is incomplete: a peer that starts HEADERS and
    /// stops must not hold the connection until the idle timeout.
    private func watchHeaderBlock() {
        guard session.isReceivingHeaderBlock else {
            headerTimer?.cancel()
            headerTimer = nil
            return
        }
        guard headerTimer == nil, let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        headerTimer = context.eventLoop.scheduleTask(in: .init(configuration.headerTimeout)) {
            let handler = loopBound.value
            handler.headerTimer = nil
            guard handler.session.isReceivingHeaderBlock else { return }
            handler.logger.debug("closing a connection whose header block did not complete in time")
            try? handler.session.submitGoAway(errorCode: .protocolError, debugData: Array("header timeout".utf8))
            handler.flushNow()
            handler.close()
        }
    }

    private func handlePendingEvents() {
        var batch: [HTTP2Event] = []
        swap(&batch, &events)
        for event in batch { handle(event) }
        batch.removeAll(keepingCapacity: true)
        if events.isEmpty { swap(&batch, &events) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushNow()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { flushNow() }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let handshake = event as? TLSHandshakeCompletedEvent, let certificate = handshake.peerCertificate {
            peer.certificate = CertificateIdentity(
                commonName: certificate.commonName, dnsNames: certificate.dnsNames, uris: certificate.uris)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        prefaceTimer?.cancel()
        idleTimer?.cancel()
        headerTimer?.cancel()
        for (_, stream) in streams {
            stream.task?.cancel()
            stream.body.finish(throwing: CancellationError())
            for writer in stream.waitingWriters { writer.fail(CancellationError()) }
        }
        streams.removeAll()
        registry.remove(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        close()
    }

    // MARK: Session events

    private func handle(_ event: HTTP2Event) {
        switch event {
        case .settingsReceived:
            if !prefaceReceived {
                prefaceReceived = true
                prefaceTimer?.cancel()
            }
        case .headers(let streamID, let headers, let endStream):
            if streams[streamID] != nil {
                // Trailers from the client end its side; gRPC gives them no meaning.
                if endStream { streams[streamID]?.body.finish() }
            } else {
                openStream(streamID, headers: headers, endStream: endStream)
            }
        case .data(let streamID, let data, let endStream):
            receiveData(streamID, data: data, endStream: endStream)
        case .streamClosed(let streamID, _):
            guard let stream = streams.removeValue(forKey: streamID) else { return }
            if !stream.finished {
                // The client reset the stream: the handler learns it through cancellation.
                stream.task?.cancel()
                stream.body.finish(throwing: CancellationError())
            }
            for writer in stream.waitingWriters { writer.fail(CancellationError()) }
            if streams.isEmpty { armIdleTimer() }
        case .writable(let streamID):
            guard let writers = streams[streamID]?.waitingWriters, !writers.isEmpty else { return }
            streams[streamID]?.waitingWriters = []
            for writer in writers { writer.succeed() }
        case .pingReceived(let ack, let payload):
            if !ack {
                enforcePingPolicy()
            } else if payload == Self.shutdownPingPayload {
                // The client has seen the shutdown notice: whatever it started is now known.
                sendFinalGoAway()
            }
        case .headerListTooLarge(let streamID):
            logger.debug("reset a stream whose header list was too large", metadata: ["h2.stream": "\(streamID)"])
        default:
            break
        }
    }

    private func openStream(_ streamID: Int32, headers: [HTTP2Header], endStream: Bool) {
        switch RequestHead.parse(headers.map { (name: $0.name, value: $0.value) }) {
        case .failure(.http(let status, let message)):
            attempt(streamID) {
                try session.submitResponseHeaders(
                    streamID: streamID,
                    headers: [
                        HTTP2Header(name: ":status", value: "\(status)"),
                        HTTP2Header(name: "content-type", value: "text/plain"),
                        HTTP2Header(name: "grpc-status", value: "\(Status.Code(httpStatus: status).rawValue)"),
                        HTTP2Header(name: "grpc-message", value: PercentEncoding.encode(message)),
                    ],
                    endStream: true)
            }
        case .failure(.grpc(let status)):
            attempt(streamID) {
                try session.submitResponseHeaders(
                    streamID: streamID, headers: Self.trailersOnly(status, trailers: Metadata()), endStream: true)
            }
        case .success(let head):
            idleTimer?.cancel()
            idleTimer = nil
            let eventLoop = context!.eventLoop
            let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
            let body = RequestBodyStream { consumed in
                if eventLoop.inEventLoop {
                    loopBound.value.consumed(streamID, count: consumed)
                } else {
                    eventLoop.execute { loopBound.value.consumed(streamID, count: consumed) }
                }
            }
            if endStream { body.finish() }
            streams[streamID] = Stream(body: body)
            let sink = ServerStreamSink(handler: loopBound, eventLoop: eventLoop, streamID: streamID)
            let runner = self.runner
            let peer = self.peer
            let executor = self.executor ?? EventLoopTaskExecutor(eventLoop)
            self.executor = executor
            let registry = self.registry
            registry.callStarted()
            streams[streamID]?.task = Task(executorPreference: executor) {
                defer { registry.callEnded() }
                await runner.run(head: head, peer: peer, body: body, sink: sink)
            }
        }
    }

    private func receiveData(_ streamID: Int32, data: ByteBuffer, endStream: Bool) {
        guard let stream = streams[streamID], !stream.finished else {
            // Data for a call that has ended still counts against the connection's window.
            session.consume(streamID: streamID, count: data.readableBytes)
            return
        }
        if stream.body.yield(data) {
            session.consume(streamID: streamID, count: data.readableBytes)
        }
        if endStream { stream.body.finish() }
    }

    private func consumed(_ streamID: Int32, count: Int) {
        guard !closed else { return }
        session.consume(streamID: streamID, count: count)
        scheduleFlush()
    }

    /// gRPC's keepalive enforcement: pings closer together than the minimum interval, with no
    /// response data sent in between, are strikes; too many end the connection.
    private func enforcePingPolicy() {
        let now = NIODeadline.now()
        defer { lastPingReceived = now }
        guard let last = lastPingReceived, now - last < .init(configuration.minimumPingInterval) else { return }
        pingStrikes += 1
        if pingStrikes > configuration.maximumPingStrikes {
            logger.debug("GOAWAY too_many_pings")
            try? session.submitGoAway(errorCode: .enhanceYourCalm, debugData: Array("too_many_pings".utf8))
            flushNow()
            close()
        }
    }

    // MARK: What handlers send (on the event loop, through ServerStreamSink)

    func sendHeaders(_ streamID: Int32, metadata: Metadata, compression: Compression?) {
        guard var stream = streams[streamID], !stream.finished, !stream.headersSent else { return }
        stream.headersSent = true
        streams[streamID] = stream
        var headers = [
            HTTP2Header(name: ":status", value: "200"),
            HTTP2Header(name: "content-type", value: "application/grpc"),
            HTTP2Header(name: "grpc-accept-encoding", value: "gzip"),
        ]
        if let compression { headers.append(HTTP2Header(name: "grpc-encoding", value: compression.name)) }
        for (name, value) in metadata.headerFields { headers.append(HTTP2Header(name: name, value: value)) }
        pingStrikes = 0
        attempt(streamID) { try session.submitResponseHeaders(streamID: streamID, headers: headers, endStream: false) }
        scheduleFlush()
    }

    func sendMessage(_ streamID: Int32, frame: ByteBuffer) -> EventLoopFuture<Void> {
        let eventLoop = context!.eventLoop
        guard let stream = streams[streamID], !stream.finished else {
            return eventLoop.makeFailedFuture(CancellationError())
        }
        pingStrikes = 0
        do {
            try session.writeData(streamID: streamID, data: frame, endStream: false)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        scheduleFlush()
        if session.canWrite(streamID: streamID) { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        streams[streamID]?.waitingWriters.append(promise)
        return promise.futureResult
    }

    func finish(_ streamID: Int32, status: Status, trailers: Metadata, response: FinalResponse? = nil) {
        guard var stream = streams[streamID], !stream.finished else { return }
        if let response {
            // A unary response: headers, message and trailers in one hop from the handler.
            sendHeaders(streamID, metadata: response.metadata, compression: response.compression)
            attempt(streamID) { try session.writeData(streamID: streamID, data: response.frame, endStream: false) }
            guard let updated = streams[streamID] else { return }
            stream = updated
        }
        stream.finished = true
        let writers = stream.waitingWriters
        stream.waitingWriters = []
        streams[streamID] = stream
        for writer in writers { writer.fail(CancellationError()) }
        attempt(streamID) {
            if stream.headersSent {
                try session.submitTrailers(streamID: streamID, headers: Self.trailerFields(status, trailers: trailers))
            } else {
                try session.submitResponseHeaders(
                    streamID: streamID, headers: Self.trailersOnly(status, trailers: trailers), endStream: true)
            }
        }
        stream.body.finish()
        scheduleFlush()
    }

    // MARK: Output

    private func scheduleFlush() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute { loopBound.value.flushNow() }
    }

    /// Sends what the session has queued, unless the socket is backed up; then wakes writers
    /// whose streams have room again.
    private func flushNow() {
        flushScheduled = false
        guard let context, !closed else { return }
        if context.channel.isWritable {
            var buffer = context.channel.allocator.buffer(capacity: 0)
            do {
                try session.flush(into: &buffer, events: &events)
            } catch {
                logger.debug("HTTP/2 session failed", metadata: ["error": "\(error)"])
                close()
                return
            }
            if buffer.readableBytes > 0 {
                lastWrite = context.writeAndFlush(wrapOutboundOut(buffer))
            }
            handlePendingEvents()
        }
        if !session.wantsRead && !session.wantsWrite {
            close()
        } else if draining && finalGoAwaySent && streams.isEmpty && !session.wantsWrite {
            close()
        }
    }

    /// Runs a session call for one stream; a stream the session refuses is reset, not fatal.
    private func attempt(_ streamID: Int32, _ body: () throws -> Void) {
        do {
            try body()
        } catch {
            logger.debug("HTTP/2 stream error", metadata: ["h2.stream": "\(streamID)", "error": "\(error)"])
            session.resetStream(streamID: streamID, errorCode: .internalError)
        }
    }

    /// Closes once the last write has reached the socket (a GOAWAY must not be lost).
    private func close() {
        guard !closed, let context else { return }
        closed = true
        guard let lastWrite else {
            context.close(promise: nil)
            return
        }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        lastWrite.whenComplete { _ in loopBound.value.close(promise: nil) }
    }

    private func armIdleTimer() {
        guard let context, idleTimer == nil else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: .init(configuration.idleTimeout)) {
            let handler = loopBound.value
            handler.idleTimer = nil
            guard handler.streams.isEmpty else { return }
            handler.logger.debug("closing an idle connection")
            handler.beginGracefulShutdown()
        }
    }

    // MARK: Graceful shutdown

    /// The first of gRPC's two GOAWAYs now, with a PING; the final one when the PING's answer
    /// shows the client has seen the first (or after a second without it). The connection closes
    /// once the final GOAWAY is out and the last call has finished.
    func beginGracefulShutdown() {
        guard !draining, !closed, let context else { return }
        draining = true
        try? session.submitShutdownNotice()
        try? session.sendPing(payload: Self.shutdownPingPayload)
        flushNow()
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .seconds(1)) {
            loopBound.value.sendFinalGoAway()
        }
    }

    private func sendFinalGoAway() {
        guard draining, !finalGoAwaySent, !closed else { return }
        finalGoAwaySent = true
        try? session.submitGoAway(errorCode: .noError)
        flushNow()
        if streams.isEmpty { close() }
    }

    /// Marks the PING sent with the shutdown notice.
    private static let shutdownPingPayload: UInt64 = 0x7461_6e64_656d_2e31

    // MARK: Header helpers

    private static func trailerFields(_ status: Status, trailers: Metadata) -> [HTTP2Header] {
        var fields = [HTTP2Header(name: "grpc-status", value: "\(status.code.rawValue)")]
        if !status.message.isEmpty {
            fields.append(HTTP2Header(name: "grpc-message", value: PercentEncoding.encode(status.message)))
        }
        for (name, value) in trailers.headerFields { fields.append(HTTP2Header(name: name, value: value)) }
        return fields
    }

    private static func trailersOnly(_ status: Status, trailers: Metadata) -> [HTTP2Header] {
        [
            HTTP2Header(name: ":status", value: "200"),
            HTTP2Header(name: "content-type", value: "application/grpc"),
        ] + trailerFields(status, trailers: trailers)
    }

    private static func describe(_ address: SocketAddress) -> String {
        switch address {
        case .v4(let v4): "ipv4:\(v4.host):\(address.port ?? 0)"
        case .v6(let v6): "ipv6:[\(v6.host)]:\(address.port ?? 0)"
        case .unixDomainSocket: "unix:\(address.pathname ?? "")"
        }
    }
}
