internal import CNGHTTP2
package import NIOCore

/// One HTTP/2 connection's protocol state: an nghttp2 session (server or client) that does no I/O.
///
/// Bytes from the network go in through ``receive(_:into:)`` (`nghttp2_session_mem_recv`); bytes
/// for the network come out of ``flush(into:events:)`` (`nghttp2_session_mem_send`, each chunk
/// copied before the next call). A SwiftNIO handler (server) or a client connection drives it, always
/// on one thread: it is not `Sendable`.
///
/// nghttp2's callbacks only record what happened into this object (events, deferred work); nothing
/// calls back into nghttp2 from inside one of its callbacks. The deferred work — RST_STREAM for an
/// oversized header block, trailers after the last DATA frame, returning a closed stream's
/// window — runs right after `mem_recv` or `mem_send` returns.
///
/// Typical driving loop: `receive` each read, handle the events, submit responses, then `flush`
/// and write the output; close the connection when both ``wantsRead`` and ``wantsWrite`` are false,
/// or after `receive` throws (flush first: a GOAWAY is queued).
package final class HTTP2Session {
    package let role: Role
    package let configuration: Configuration

    /// The nghttp2 session this object owns; freed in `deinit`. Its user data is this object,
    /// unretained: callbacks only run inside our own calls to `mem_recv` and `mem_send`.
    let session: OpaquePointer

    // State the C callbacks (HTTP2Session+Callbacks.swift) write into.

    /// Events recorded by the callbacks; holds the caller's array during `receive` and `flush`.
    var pendingEvents: [HTTP2Event] = []
    /// Every stream this session tracks: opened by the peer (from its first HEADERS) or submitted
    /// by us, until nghttp2 closes it.
    var streams: [Int32: HTTP2StreamState] = [:]
    /// The header block being received (HTTP/2 never interleaves two).
    var inboundHeaders = InboundHeaderBlock()
    /// Streams to reset once `mem_recv` returns.
    var deferredResets: [(streamID: Int32, errorCode: HTTP2ErrorCode)] = []
    /// Streams whose END_STREAM we just sent; a server resets those the peer has not ended.
    var streamsEndedLocally: [Int32] = []
    /// Bytes to give back to the connection window once nghttp2 returns: data of refused, reset or
    /// closed streams, which no application will consume.
    var deferredConnectionConsumption = 0
    /// Streams whose provider ended with NO_END_STREAM: trailers are submitted after `mem_send` returns.
    var streamsAwaitingTrailers: [Int32] = []
    /// Streams for which `canWrite` turned false; a `.writable` event tells when it turns true again.
    var backpressuredStreams: Set<Int32> = []
    /// Sum of every stream's queued outbound bytes.
    var bufferedOutboundBytesTotal = 0
    /// Set once nghttp2 failed fatally: later calls to `receive` throw it again.
    var failure: HTTP2Error?

    var nameValueScratch = NameValueScratch()
    let allocator = ByteBufferAllocator()

    /// Creates the nghttp2 session and queues our SETTINGS (and, when larger than the default, a
    /// connection WINDOW_UPDATE). A client's first ``flush(into:events:)`` also writes the preface.
    package init(role: Role, configuration: Configuration = Configuration()) throws(HTTP2Error) {
        self.role = role
        self.configuration = configuration

        var callbacks: OpaquePointer?
        guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else {
            throw HTTP2Error(.sessionFailure, message: "cannot allocate nghttp2 callbacks")
        }
        defer { nghttp2_session_callbacks_del(callbacks) }
        Self.installCallbacks(callbacks)

        var option: OpaquePointer?
        guard nghttp2_option_new(&option) == 0, let option else {
            throw HTTP2Error(.sessionFailure, message: "cannot allocate nghttp2 options")
        }
        defer { nghttp2_option_del(option) }
        configuration.apply(to: option)

        var session: OpaquePointer?
        let result =
            switch role {
            case .server: nghttp2_session_server_new2(&session, callbacks, nil, option)
            case .client: nghttp2_session_client_new2(&session, callbacks, nil, option)
            }
        guard result == 0, let session else {
            throw HTTP2Error(.sessionFailure, message: "cannot create nghttp2 session", libraryErrorCode: result)
        }
        self.session = session
        nghttp2_session_set_user_data(session, Unmanaged.passUnretained(self).toOpaque())

        let settings = configuration.settings(for: role)
        let settingsResult = nghttp2_submit_settings(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), settings, settings.count)
        try Self.check(settingsResult, "submit SETTINGS")
        if configuration.connectionWindowSize != 65_535 {
            let windowResult = nghttp2_session_set_local_window_size(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, Int32(configuration.connectionWindowSize))
            try Self.check(windowResult, "set connection window")
        }
    }

    deinit {
        nghttp2_session_del(self.session)
    }

    // MARK: Input

    /// Feeds bytes read from the connection to nghttp2 and appends what happened to `events`.
    ///
    /// Throws when the connection cannot go on (bad preface, flood, nghttp2 failure). The events
    /// recorded before the failure are still appended; a GOAWAY is queued, so the caller flushes,
    /// then closes. Protocol errors that nghttp2 answers on its own (a GOAWAY with PROTOCOL_ERROR,
    /// FLOW_CONTROL_ERROR…, or the RST_STREAM rate limit) do not throw: the GOAWAY goes out with the
    /// next flush, as a `.goAwaySent` event, and ``wantsRead`` turns false.
    package func receive(_ bytes: UnsafeRawBufferPointer, into events: inout [HTTP2Event]) throws(HTTP2Error) {
        if let failure = self.failure { throw failure }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        swap(&events, &self.pendingEvents)
        defer { swap(&events, &self.pendingEvents) }

        let result = nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        if result < 0 {
            throw self.fail(libraryError: Int32(result))
        }
        self.performDeferredWork()
    }

    /// ``receive(_:into:)`` for a `ByteBuffer`'s readable bytes (the reader index does not move).
    package func receive(_ buffer: ByteBuffer, into events: inout [HTTP2Event]) throws(HTTP2Error) {
        var thrown: HTTP2Error?
        buffer.withUnsafeReadableBytes { bytes in
            do throws(HTTP2Error) { try self.receive(bytes, into: &events) } catch { thrown = error }
        }
        if let thrown { throw thrown }
    }

    /// ``receive(_:into:)`` returning a new array (one allocation per call when events occur).
    package func receive(_ bytes: UnsafeRawBufferPointer) throws(HTTP2Error) -> [HTTP2Event] {
        var events: [HTTP2Event] = []
        try self.receive(bytes, into: &events)
        return events
    }

    // MARK: Output

    /// Writes every frame nghttp2 has ready into `output` and appends the events that sending caused
    /// (streams closed, GOAWAY sent, streams writable again).
    ///
    /// Loops `nghttp2_session_mem_send`, copying each chunk into `output` before the next call (the
    /// chunk is only valid until then). Between calls, it performs deferred work: trailers whose
    /// stream's last DATA frame was just produced are submitted here, outside the data provider's
    /// callback, and go out in the same flush.
    package func flush(into output: inout ByteBuffer, events: inout [HTTP2Event]) throws(HTTP2Error) {
        swap(&events, &self.pendingEvents)
        defer { swap(&events, &self.pendingEvents) }

        while true {
            var chunk: UnsafePointer<UInt8>?
            let count = nghttp2_session_mem_send(self.session, &chunk)
            if count < 0 {
                throw self.fail(libraryError: Int32(count))
            }
            if count > 0, let chunk {
                output.writeBytes(UnsafeRawBufferPointer(start: chunk, count: count))
            }
            let submitted = self.performDeferredWork()
            if count == 0 && !submitted { break }
        }
        self.reportWritableStreams()
    }

    /// ``flush(into:events:)`` returning the events: they matter (a stream closes as our END_STREAM
    /// or RST_STREAM goes out), so the result is not discardable.
    package func flush(into output: inout ByteBuffer) throws(HTTP2Error) -> [HTTP2Event] {
        var events: [HTTP2Event] = []
        try self.flush(into: &output, events: &events)
        return events
    }

    /// Whether nghttp2 still expects input (false once a GOAWAY was exchanged and no stream is left,
    /// or after a terminating GOAWAY was sent).
    package var wantsRead: Bool { nghttp2_session_want_read(self.session) != 0 }

    /// Whether nghttp2 has frames to send. When both this and ``wantsRead`` are false, close.
    package var wantsWrite: Bool { nghttp2_session_want_write(self.session) != 0 }

    // MARK: State

    /// Streams the session tracks: opened by the peer or submitted by us, not yet closed (a client's
    /// requests waiting for a free stream slot included).
    package var openStreamCount: Int { self.streams.count }

    /// The highest peer-initiated stream passed to the caller: what a final GOAWAY lets finish.
    /// Whether our END_STREAM for the stream has been sent (a queued one does not count).
    package func hasSentEndStream(streamID: Int32) -> Bool {
        nghttp2_session_get_stream_local_close(self.session, streamID) == 1
    }

    /// A header block has begun and not ended: a peer that stops here holds the connection
    /// until the caller's header timeout.
    package var isReceivingHeaderBlock: Bool { self.inboundHeaders.isOpen }

    package var lastProcessedStreamID: Int32 { nghttp2_session_get_last_proc_stream_id(self.session) }

    /// Bytes written to the stream and not yet handed to nghttp2 (0 for an unknown stream).
    package func bufferedOutboundBytes(streamID: Int32) -> Int {
        self.streams[streamID]?.queuedBytes ?? 0
    }

    /// Bytes written to all streams and not yet handed to nghttp2.
    package var bufferedOutboundBytes: Int { self.bufferedOutboundBytesTotal }

    /// Whether the caller should write more to the stream now: it accepts data and neither the
    /// stream's nor the connection's buffer is over its limit. Once this answers false for a stream
    /// that accepts data (or a write leaves it so), a `.writable` event follows when the buffers
    /// have drained under their limits (as the peer opens its windows).
    package func canWrite(streamID: Int32) -> Bool {
        guard let stream = self.streams[streamID], stream.phase == .streaming else { return false }
        let writable =
            stream.queuedBytes < self.configuration.maxBufferedOutboundBytesPerStream
            && self.bufferedOutboundBytesTotal < self.configuration.maxBufferedOutboundBytesPerConnection
        if !writable { self.backpressuredStreams.insert(streamID) }
        return writable
    }

    // MARK: Internals

    /// Work the callbacks recorded and that must not run inside them. Returns whether anything was
    /// submitted to nghttp2 (so `flush` sends again).
    @discardableResult
    func performDeferredWork() -> Bool {
        var submitted = false
        if !self.streamsEndedLocally.isEmpty {
            // RFC 9113 section 8.1: a server that has sent a complete response while the client is
            // still sending may reset the stream with NO_ERROR, so that the client stops and the
            // stream's flow-control window is not left waiting for data nobody will read.
            for streamID in self.streamsEndedLocally
            where self.role == .server && nghttp2_session_get_stream_remote_close(self.session, streamID) == 0 {
                _ = nghttp2_submit_rst_stream(
                    self.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, HTTP2ErrorCode.noError.rawValue)
                submitted = true
            }
            self.streamsEndedLocally.removeAll(keepingCapacity: true)
        }
        if !self.deferredResets.isEmpty {
            for (streamID, errorCode) in self.deferredResets {
                _ = nghttp2_submit_rst_stream(
                    self.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode.rawValue)
            }
            self.deferredResets.removeAll(keepingCapacity: true)
            submitted = true
        }
        if !self.streamsAwaitingTrailers.isEmpty {
            for streamID in self.streamsAwaitingTrailers {
                guard let index = self.streams.index(forKey: streamID),
                    let trailers = self.streams.values[index].trailers
                else { continue }
                self.streams.values[index].trailers = nil
                _ = self.nameValueScratch.withPairs(trailers) { pairs, count in
                    nghttp2_submit_trailer(self.session, streamID, pairs, count)
                }
            }
            self.streamsAwaitingTrailers.removeAll(keepingCapacity: true)
            submitted = true
        }
        if self.deferredConnectionConsumption > 0 {
            _ = nghttp2_session_consume_connection(self.session, self.deferredConnectionConsumption)
            self.deferredConnectionConsumption = 0
            submitted = true
        }
        return submitted
    }

    /// Emits `.writable` for backpressured streams whose buffers drained under their limits.
    private func reportWritableStreams() {
        guard !self.backpressuredStreams.isEmpty else { return }
        for streamID in self.backpressuredStreams {
            guard let stream = self.streams[streamID], stream.phase == .streaming else {
                self.backpressuredStreams.remove(streamID)
                continue
            }
            if stream.queuedBytes < self.configuration.maxBufferedOutboundBytesPerStream
                && self.bufferedOutboundBytesTotal < self.configuration.maxBufferedOutboundBytesPerConnection
            {
                self.backpressuredStreams.remove(streamID)
                self.pendingEvents.append(.writable(streamID: streamID))
            }
        }
    }

    /// Records a fatal nghttp2 error and queues the GOAWAY that tells the peer why.
    private func fail(libraryError: Int32) -> HTTP2Error {
        let (code, goAwayCode, text): (HTTP2Error.Code, HTTP2ErrorCode, String) =
            switch libraryError {
            case NGHTTP2_ERR_BAD_CLIENT_MAGIC.rawValue:
                (.badPreface, .protocolError, "the peer did not send the HTTP/2 client preface")
            case NGHTTP2_ERR_FLOODED.rawValue:
                (.flood, .enhanceYourCalm, "the peer sent frames needing an answer faster than it reads them")
            case NGHTTP2_ERR_TOO_MANY_CONTINUATIONS.rawValue:
                (
                    .flood, .enhanceYourCalm,
                    "the peer sent more than \(self.configuration.maxContinuations) CONTINUATION frames"
                )
            default:
                (.sessionFailure, .internalError, "nghttp2 failed")
            }
        _ = nghttp2_session_terminate_session(self.session, goAwayCode.rawValue)
        let error = HTTP2Error(code, message: text, libraryErrorCode: libraryError)
        self.failure = error
        return error
    }

    static func check(_ result: Int32, _ what: @autoclosure () -> String) throws(HTTP2Error) {
        guard result < 0 else { return }
        let code: HTTP2Error.Code =
            switch result {
            case NGHTTP2_ERR_STREAM_CLOSED.rawValue, NGHTTP2_ERR_INVALID_STREAM_ID.rawValue: .unknownStream
            case NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE.rawValue: .streamIDsExhausted
            case NGHTTP2_ERR_SESSION_CLOSING.rawValue, NGHTTP2_ERR_START_STREAM_NOT_ALLOWED.rawValue:
                .sessionClosing
            case NGHTTP2_ERR_NOMEM.rawValue: .sessionFailure
            default: .invalidState
            }
        throw HTTP2Error(code, message: "cannot \(what())", libraryErrorCode: result)
    }
}
