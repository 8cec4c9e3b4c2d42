import Logging
import NIOCore
import TandemHTTP2
import TandemRPC

/// Drives one client connection's nghttp2 session and its calls on the channel's event loop.
///
/// Calls arrive from Swift tasks through ``ClientConnection`` and ``ClientStream``, which hop
/// here; what the server sends reaches them through promises and each call's response body
/// stream, or, for a unary call, through one promise its ``UnaryResponseReader`` fulfils when
/// the call ends. As on the server, the session is never called from inside one of its callbacks: it
/// collects events during `receive` and `flush`, and the handler acts on them afterwards.
///
/// The connection is ready once the server's first SETTINGS arrives (TLS, if any, is done by
/// then); ``ready`` fails if the connection closes or `connectTimeout` passes first.
final class ClientConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What the connection tells its ``ConnectionManager``.
    enum Event: Sendable {
        /// The server sent GOAWAY: no new call may start here.
        case goAwayReceived
        /// The channel closed.
        case closed
    }

    /// How a call's response reaches its task.
    private enum Receiver {
        /// DATA through `body` as it arrives; the head and the outcome through promises.
        case streaming(
            body: RequestBodyStream, head: EventLoopPromise<ClientResponseHead>, end: EventLoopPromise<Metadata>)
        /// A unary call's response, gathered here and handed over whole when the call ends.
        case unary(UnaryResponseReader)

        /// The response HEADERS arrived (`.trailersOnly` for a response that has none of its own).
        func received(_ head: ClientResponseHead) {
            switch self {
            case .streaming(_, let promise, _): promise.succeed(head)
            case .unary(let reader): reader.received(head)
            }
        }

        /// The call ended: the trailing metadata of an OK status, or the call's failure.
        func finish(_ outcome: Result<Metadata, RPCError>) {
            switch self {
            case .streaming(let body, let head, let end):
                switch outcome {
                case .success(let trailers):
                    head.succeed(.trailersOnly)  // no-op when the head arrived
                    end.succeed(trailers)
                    body.finish()
                case .failure(let error):
                    head.fail(error)  // no-op when the head arrived
                    end.fail(error)
                    body.finish(throwing: error)
                }
            case .unary(let reader):
                reader.finish(outcome)
            }
        }
    }

    /// One call's state on the event loop.
    private struct Stream {
        let receiver: Receiver
        /// The response HEADERS arrived (a trailers-only response included).
        var headReceived = false
        /// END_STREAM is queued on our side: nothing more may be written.
        var requestEnded: Bool
        /// The call is over; the stream may still be open in the session until its RST_STREAM
        /// or END_STREAM goes out.
        var isComplete = false
        /// Writers waiting for the stream's outbound buffer to drain.
        var waitingWriters: [EventLoopPromise<Void>] = []
        var deadlineTimer: Scheduled<Void>?
    }

    /// Response header lists above this reset the stream (gRPC's usual 16 KiB).
    static let maximumResponseHeaderListSize = 16 * 1024

    private let session: HTTP2Session
    private let connectTimeout: Duration
    private let keepalive: GRPCClientConfiguration.Keepalive?
    /// When the last bytes arrived from the server.
    private var lastRead = NIODeadline.now()
    /// Checks every keepalive interval whether a PING is due.
    private var keepaliveTimer: RepeatedTask?
    /// The PING waiting for its answer, and the timer that closes the connection without one.
    private var pendingPing: (payload: UInt64, timer: Scheduled<Void>)?
    private var pingsSent: UInt64 = 0
    private let onEvent: @Sendable (Event) -> Void
    private var logger: Logger
    private var context: ChannelHandlerContext?
    private var streams: [Int32: Stream] = [:]
    private let readyPromise: EventLoopPromise<Void>
    private var isReady = false
    private var readyTimer: Scheduled<Void>?
    /// Why the connection failed, for the calls' error messages.
    private var failure: (any Error)?
    private var goAwayReceived = false
    /// ``beginGracefulClose()`` was called: GOAWAY and close once the last call ends.
    private var closingGracefully = false
    private var flushScheduled = false
    private var closed = false
    /// Reused for every batch of session events.
    private var events: [HTTP2Event] = []

    init(
        eventLoop: any EventLoop, connectTimeout: Duration, keepalive: GRPCClientConfiguration.Keepalive? = nil,
        logger: Logger, onEvent: @escaping @Sendable (Event) -> Void
    ) throws {
        self.connectTimeout = connectTimeout
        self.keepalive = keepalive
        self.logger = logger
        self.onEvent = onEvent
        self.readyPromise = eventLoop.makePromise()
        self.session = try HTTP2Session(
            role: .client,
            configuration: HTTP2Session.Configuration(
                maxHeaderListSize: Self.maximumResponseHeaderListSize,
                connectionWindowSize: 16 << 20))
    }

    /// Succeeds when the server's SETTINGS arrive; fails with the reason the connection closed.
    var ready: EventLoopFuture<Void> { readyPromise.futureResult }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        readyTimer = context.eventLoop.scheduleTask(in: .init(connectTimeout)) {
            let handler = loopBound.value
            guard !handler.isReady else { return }
            handler.failure = ConnectTimedOut(timeout: handler.connectTimeout)
            handler.close()
        }
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        if let address = context.channel.remoteAddress {
            logger[metadataKey: "grpc.server"] = "\(address)"
        }
        // The preface and our SETTINGS; requests may follow before the server's SETTINGS arrive.
        flushNow()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        lastRead = .now()
        do {
            try session.receive(buffer, into: &events)
        } catch {
            // nghttp2 has queued a GOAWAY naming the problem: send it, then close.
            logger.debug("HTTP/2 connection error", metadata: ["error": "\(error)"])
            failure = error
            handlePendingEvents()
            flushNow()
            close()
            return
        }
        handlePendingEvents()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // WINDOW_UPDATE, SETTINGS and PING acknowledgements go out here.
        flushNow()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { flushNow() }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        if failure == nil { failure = error }
        close()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        readyTimer?.cancel()
        keepaliveTimer?.cancel()
        pendingPing?.timer.cancel()
        pendingPing = nil
        let error = connectionLostError()
        if !isReady { readyPromise.fail(failure ?? error) }
        for streamID in Array(streams.keys) {
            complete(streamID, .failure(error), reset: nil)
        }
        streams.removeAll()
        onEvent(.closed)
        context.fireChannelInactive()
    }

    private func connectionLostError() -> RPCError {
        var message = "the connection to the server closed"
        if let failure { message += ": \(failure)" }
        return RPCError(code: .unavailable, message: message, cause: failure)
    }

    // MARK: Session events

    private func handlePendingEvents() {
        var batch: [HTTP2Event] = []
        swap(&batch, &events)
        for event in batch { handle(event) }
        batch.removeAll(keepingCapacity: true)
        if events.isEmpty { swap(&batch, &events) }
    }

    private func handle(_ event: HTTP2Event) {
        switch event {
        case .settingsReceived:
            if !isReady {
                isReady = true
                readyTimer?.cancel()
                readyTimer = nil
                readyPromise.succeed()
                startKeepalive()
            }
        case .headers(let streamID, let headers, let endStream):
            receiveHeaders(streamID, headers: headers, endStream: endStream)
        case .data(let streamID, let bytes, let endStream):
            receiveData(streamID, bytes: bytes, endStream: endStream)
        case .streamClosed(let streamID, let errorCode):
            streamClosed(streamID, errorCode: errorCode)
        case .writable(let streamID):
            guard let writers = streams[streamID]?.waitingWriters, !writers.isEmpty else { return }
            streams[streamID]?.waitingWriters = []
            for writer in writers { writer.succeed() }
        case .headerListTooLarge(let streamID):
            // The session resets the stream itself.
            complete(
                streamID,
                .failure(
                    RPCError(
                        code: .resourceExhausted,
                        message: "the response header list exceeds \(Self.maximumResponseHeaderListSize) bytes")),
                reset: nil)
        case .goAwayReceived(let lastStreamID, let errorCode, _):
            logger.debug(
                "GOAWAY received", metadata: ["h2.last_stream": "\(lastStreamID)", "h2.error": "\(errorCode)"])
            if !goAwayReceived {
                goAwayReceived = true
                onEvent(.goAwayReceived)
            }
        case .pingReceived(let ack, let payload):
            if ack, let pending = pendingPing, pending.payload == payload {
                pending.timer.cancel()
                pendingPing = nil
            }
        case .settingsAcknowledged, .goAwaySent:
            break
        }
    }

    private func receiveHeaders(_ streamID: Int32, headers: [HTTP2Header], endStream: Bool) {
        guard var stream = streams[streamID], !stream.isComplete else { return }
        if stream.headReceived {
            // Trailers: nghttp2 only passes a second block that ends the stream.
            complete(
                streamID, ClientResponseHead.parseStatus(headers),
                reset: session.hasSentEndStream(streamID: streamID) ? nil : .noError)
            return
        }
        stream.headReceived = true
        streams[streamID] = stream
        if endStream {
            stream.receiver.received(.trailersOnly)
            complete(
                streamID, ClientResponseHead.parseStatus(headers, httpStatus: 0),
                reset: session.hasSentEndStream(streamID: streamID) ? nil : .noError)
            return
        }
        switch ClientResponseHead.parse(headers) {
        case .success(let head):
            stream.receiver.received(head)
        case .failure(let error):
            complete(streamID, .failure(error), reset: .cancel)
        }
    }

    private func receiveData(_ streamID: Int32, bytes: ByteBuffer, endStream: Bool) {
        guard let stream = streams[streamID], !stream.isComplete else {
            // Nobody will read these bytes; they still count against the connection's window.
            session.consume(streamID: streamID, count: bytes.readableBytes)
            return
        }
        switch stream.receiver {
        case .streaming(let body, _, _):
            if body.yield(bytes) {
                session.consume(streamID: streamID, count: bytes.readableBytes)
            }
        case .unary(let reader):
            // The reader keeps one message within the limit, and at most the start of a second (which
            // fails the call once whole): the window goes back at once.
            session.consume(streamID: streamID, count: bytes.readableBytes)
            do {
                try reader.received(bytes)
            } catch {
                complete(streamID, .failure(error), reset: .cancel)
                return
            }
        }
        if endStream {
            complete(
                streamID,
                .failure(
                    RPCError(code: Status.Code(httpStatus: 200), message: "the response ended without grpc-status")),
                reset: session.hasSentEndStream(streamID: streamID) ? nil : .noError)
        }
    }

    private func streamClosed(_ streamID: Int32, errorCode: HTTP2ErrorCode) {
        guard let stream = streams[streamID] else { return }
        if !stream.isComplete {
            let refused = errorCode == .refusedStream && !stream.headReceived
            let message =
                refused
                ? "the server refused the stream before processing it" : "the stream was reset (\(errorCode))"
            complete(
                streamID,
                .failure(
                    RPCError(
                        code: ClientResponseHead.code(forReset: errorCode), message: message,
                        cause: refused ? StreamRefused() : nil)),
                reset: nil)
        }
        streams[streamID] = nil
        if streams.isEmpty && closingGracefully { finishGracefulClose() }
    }

    /// Ends the call: hands the outcome to the caller's task and wakes its writers. With `reset`,
    /// the stream is reset (our cancellation, or a server that ended while we still send).
    private func complete(_ streamID: Int32, _ outcome: Result<Metadata, RPCError>, reset: HTTP2ErrorCode?) {
        guard var stream = streams[streamID], !stream.isComplete else { return }
        stream.isComplete = true
        stream.deadlineTimer?.cancel()
        stream.deadlineTimer = nil
        let writers = stream.waitingWriters
        stream.waitingWriters = []
        streams[streamID] = stream
        stream.receiver.finish(outcome)
        switch outcome {
        case .success:
            // The server wants no more requests: pending writes are dropped.
            for writer in writers { writer.succeed() }
        case .failure(let error):
            for writer in writers { writer.fail(error) }
        }
        if let reset, !closed {
            session.resetStream(streamID: streamID, errorCode: reset)
            scheduleFlush()
        }
    }

    // MARK: What calls do (on the event loop, through ClientConnection and ClientStream)

    /// Opens a stream with the request HEADERS and, when given, its first message; its response
    /// reaches the caller as it arrives.
    func openStream(_ request: OpenStreamRequest) -> Result<OpenedStream, OpenStreamFailure> {
        submit(request).map { streamID in
            let eventLoop = self.context!.eventLoop
            let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
            let body = RequestBodyStream { consumed in
                eventLoop.execute { loopBound.value.consumed(streamID, count: consumed) }
            }
            let head = eventLoop.makePromise(of: ClientResponseHead.self)
            let end = eventLoop.makePromise(of: Metadata.self)
            register(streamID, receiver: .streaming(body: body, head: head, end: end), request: request)
            return OpenedStream(streamID: streamID, body: body, head: head.futureResult, end: end.futureResult)
        }
    }

    /// Opens a unary call's stream with its whole request; the response reaches the caller whole,
    /// when the call ends.
    func openUnary(
        _ request: OpenStreamRequest, maximumMessageSize: Int
    ) -> Result<OpenedUnary, OpenStreamFailure> {
        submit(request).map { streamID in
            let reader = UnaryResponseReader(
                promise: self.context!.eventLoop.makePromise(), maximumMessageSize: maximumMessageSize)
            register(streamID, receiver: .unary(reader), request: request)
            return OpenedUnary(streamID: streamID, response: reader.response)
        }
    }

    /// Submits the request HEADERS and, when given, the first message; answers the new stream's id.
    private func submit(_ request: OpenStreamRequest) -> Result<Int32, OpenStreamFailure> {
        guard context != nil, !closed, !goAwayReceived, !closingGracefully else { return .failure(.connectionUnusable) }
        var head = request.head
        if let deadline = request.deadline {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                return .failure(
                    .failed(RPCError(code: .deadlineExceeded, message: "the deadline passed before the call started")))
            }
            head.timeout = remaining
        }
        do {
            let streamID = try session.submitRequest(headers: head.headers, endStream: false)
            if let message = request.message {
                try session.writeData(streamID: streamID, data: message, endStream: request.endRequest)
            } else if request.endRequest {
                try session.finishRequest(streamID: streamID)
            }
            return .success(streamID)
        } catch {
            if error.code == .sessionClosing || error.code == .streamIDsExhausted {
                if !goAwayReceived {
                    goAwayReceived = true
                    onEvent(.goAwayReceived)
                }
                return .failure(.connectionUnusable)
            }
            return .failure(
                .failed(RPCError(code: .internalError, message: "cannot start the call: \(error)", cause: error)))
        }
    }

    /// Tracks a submitted stream, with its deadline, and sends it.
    private func register(_ streamID: Int32, receiver: Receiver, request: OpenStreamRequest) {
        var stream = Stream(receiver: receiver, requestEnded: request.endRequest)
        if let deadline = request.deadline, let eventLoop = context?.eventLoop {
            let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
            stream.deadlineTimer = eventLoop.scheduleTask(in: .init(ContinuousClock.now.duration(to: deadline))) {
                loopBound.value.deadlineExceeded(streamID)
            }
        }
        streams[streamID] = stream
        scheduleFlush()
    }

    /// Queues one framed request message; the future succeeds once the stream has room for more.
    /// Fails with ``ClientStreamEnded`` once the call is over.
    func write(_ streamID: Int32, frame: ByteBuffer) -> EventLoopFuture<Void> {
        let eventLoop = context!.eventLoop
        guard let stream = streams[streamID], !stream.isComplete, !closed else {
            return eventLoop.makeFailedFuture(ClientStreamEnded())
        }
        guard !stream.requestEnded else {
            return eventLoop.makeFailedFuture(
                RPCError(code: .internalError, message: "a request message was written after the requests finished"))
        }
        do {
            try session.writeData(streamID: streamID, data: frame, endStream: false)
        } catch {
            return eventLoop.makeFailedFuture(ClientStreamEnded())
        }
        scheduleFlush()
        if session.canWrite(streamID: streamID) { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        streams[streamID]?.waitingWriters.append(promise)
        return promise.futureResult
    }

    /// Ends the request side (END_STREAM after what was written).
    func finishRequest(_ streamID: Int32) {
        guard var stream = streams[streamID], !stream.isComplete, !stream.requestEnded, !closed else { return }
        stream.requestEnded = true
        streams[streamID] = stream
        try? session.finishRequest(streamID: streamID)
        scheduleFlush()
    }

    /// Ends the call with `error` and resets the stream with CANCEL; nothing if it is over.
    func cancel(_ streamID: Int32, error: RPCError) {
        complete(streamID, .failure(error), reset: .cancel)
    }

    private func deadlineExceeded(_ streamID: Int32) {
        complete(streamID, .failure(RPCError(code: .deadlineExceeded, message: "deadline exceeded")), reset: .cancel)
    }

    private func consumed(_ streamID: Int32, count: Int) {
        guard !closed else { return }
        session.consume(streamID: streamID, count: count)
        scheduleFlush()
    }

    // MARK: Keepalive

    private func startKeepalive() {
        guard let keepalive, let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let interval = TimeAmount(keepalive.interval)
        keepaliveTimer = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBound.value.keepaliveTick()
        }
    }

    /// Sends a PING when calls are open, none is outstanding and nothing arrived for an interval.
    private func keepaliveTick() {
        guard let keepalive, let context, !closed, pendingPing == nil, !streams.isEmpty else { return }
        guard NIODeadline.now() - lastRead >= TimeAmount(keepalive.interval) else { return }
        pingsSent += 1
        let payload = pingsSent
        do {
            try session.sendPing(payload: payload)
        } catch {
            return
        }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let timer = context.eventLoop.scheduleTask(in: TimeAmount(keepalive.timeout)) {
            let handler = loopBound.value
            guard handler.pendingPing?.payload == payload else { return }
            handler.failure = KeepaliveTimedOut(timeout: keepalive.timeout)
            handler.logger.debug("keepalive PING unanswered; closing", metadata: ["timeout": "\(keepalive.timeout)"])
            handler.close()
        }
        pendingPing = (payload, timer)
        flushNow()
    }

    // MARK: Graceful close

    /// No new call starts here; once the last one ends, GOAWAY and close.
    func beginGracefulClose() {
        guard !closed, !closingGracefully else { return }
        closingGracefully = true
        if streams.isEmpty { finishGracefulClose() }
    }

    private func finishGracefulClose() {
        guard !closed else { return }
        try? session.submitGoAway(errorCode: .noError)
        flushNow()
        close()
    }

    // MARK: Output

    private func scheduleFlush() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute { loopBound.value.flushNow() }
    }

    /// Sends what the session has queued, unless the socket is backed up; then handles the events
    /// sending caused (streams closed by our END_STREAM or RST_STREAM, writers to wake).
    private func flushNow() {
        flushScheduled = false
        guard let context, !closed else { return }
        if context.channel.isWritable {
            var buffer = context.channel.allocator.buffer(capacity: 0)
            do {
                try session.flush(into: &buffer, events: &events)
            } catch {
                logger.debug("HTTP/2 session failed", metadata: ["error": "\(error)"])
                failure = error
                close()
                return
            }
            if buffer.readableBytes > 0 {
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            }
            handlePendingEvents()
        }
        if !session.wantsRead && !session.wantsWrite {
            close()
        }
    }

    private func close() {
        guard !closed, let context else { return }
        closed = true
        context.close(promise: nil)
    }
}
