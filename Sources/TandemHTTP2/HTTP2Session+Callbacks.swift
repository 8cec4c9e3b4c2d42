internal import CNGHTTP2
internal import NIOCore

// nghttp2's callbacks. Each is a private static trampoline that recovers the session from the
// unretained user data and hands the frame to a small method that only records into the session:
// an event, a count, a stream to reset or to send trailers for later. None calls nghttp2.

extension HTTP2Session {
    /// Registers every trampoline on a callbacks object (copied by nghttp2 at session creation).
    static func installCallbacks(_ callbacks: OpaquePointer) {
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { _, frame, userData in
            HTTP2Session.onBeginHeaders(frame, userData)
        }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) {
            _, frame, name, nameLength, value, valueLength, _, userData in
            HTTP2Session.onHeader(frame, name, nameLength, value, valueLength, userData)
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, userData in
            HTTP2Session.onFrameReceived(frame, userData)
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) {
            _, _, streamID, data, length, userData in
            HTTP2Session.onDataChunk(streamID, data, length, userData)
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, streamID, errorCode, userData in
            HTTP2Session.onStreamClose(streamID, errorCode, userData)
        }
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks) { _, frame, userData in
            HTTP2Session.onFrameSent(frame, userData)
        }
        nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks) { _, frame, libraryError, userData in
            HTTP2Session.onFrameNotSent(frame, libraryError, userData)
        }
    }

    /// The provider attached to every HEADERS that data follows: it reads from the stream's queue.
    static func makeDataProvider() -> nghttp2_data_provider {
        nghttp2_data_provider(
            source: nghttp2_data_source(ptr: nil),
            read_callback: { _, streamID, buffer, length, flags, _, userData in
                HTTP2Session.onReadData(streamID, buffer, length, flags, userData)
            })
    }

    @inline(__always)
    private static func owner(_ userData: UnsafeMutableRawPointer?) -> HTTP2Session {
        Unmanaged<HTTP2Session>.fromOpaque(userData!).takeUnretainedValue()
    }

    // MARK: Trampolines

    private static func onBeginHeaders(
        _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        let frame = frame!
        owner(userData).beginHeaderBlock(
            streamID: frame.pointee.hd.stream_id,
            isRequest: frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST)
        return 0
    }

    private static func onHeader(
        _ frame: UnsafePointer<nghttp2_frame>?, _ name: UnsafePointer<UInt8>?, _ nameLength: Int,
        _ value: UnsafePointer<UInt8>?, _ valueLength: Int, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        let session = owner(userData)
        session.inboundHeaders.append(
            name: UnsafeBufferPointer(start: name, count: nameLength),
            value: UnsafeBufferPointer(start: value, count: valueLength),
            limit: session.configuration.maxHeaderListSize)
        return 0
    }

    private static func onFrameReceived(
        _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        owner(userData).frameReceived(frame!)
        return 0
    }

    private static func onDataChunk(
        _ streamID: Int32, _ data: UnsafePointer<UInt8>?, _ length: Int, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        owner(userData).dataReceived(streamID: streamID, UnsafeRawBufferPointer(start: data, count: length))
        return 0
    }

    private static func onStreamClose(
        _ streamID: Int32, _ errorCode: UInt32, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        owner(userData).streamClosed(streamID: streamID, errorCode: HTTP2ErrorCode(errorCode))
        return 0
    }

    private static func onFrameSent(
        _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        let frame = frame!
        let type = frame.pointee.hd.type
        if frame.pointee.hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
            && (type == UInt8(NGHTTP2_HEADERS.rawValue) || type == UInt8(NGHTTP2_DATA.rawValue))
        {
            owner(userData).streamsEndedLocally.append(frame.pointee.hd.stream_id)
        }
        if type == UInt8(NGHTTP2_GOAWAY.rawValue) {
            owner(userData).pendingEvents.append(
                .goAwaySent(
                    lastStreamID: frame.pointee.goaway.last_stream_id,
                    errorCode: HTTP2ErrorCode(frame.pointee.goaway.error_code)))
        }
        return 0
    }

    private static func onFrameNotSent(
        _ frame: UnsafePointer<nghttp2_frame>?, _ libraryError: Int32, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        let frame = frame!
        // A request HEADERS that never went out (GOAWAY received, or reset before it started)
        // never opened a stream, so nghttp2 will not report it closed: do it here.
        if frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue)
            && frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST
        {
            owner(userData).requestNotSent(streamID: frame.pointee.hd.stream_id)
        }
        return 0
    }

    private static func onReadData(
        _ streamID: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ length: Int,
        _ flags: UnsafeMutablePointer<UInt32>?, _ userData: UnsafeMutableRawPointer?
    ) -> Int {
        owner(userData).readOutbound(
            streamID: streamID, into: UnsafeMutableRawBufferPointer(start: buffer, count: length), flags: flags!)
    }

    // MARK: What each callback records

    private func beginHeaderBlock(streamID: Int32, isRequest: Bool) {
        self.inboundHeaders.begin(streamID: streamID)
        if isRequest && self.streams[streamID] == nil {
            self.streams[streamID] = HTTP2StreamState(phase: .idle)
        }
    }

    private func frameReceived(_ frame: UnsafePointer<nghttp2_frame>) {
        let header = frame.pointee.hd
        let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch Int(header.type) {
        case Int(NGHTTP2_HEADERS.rawValue):
            guard self.inboundHeaders.streamID == header.stream_id else { return }
            self.inboundHeaders.end()
            if self.inboundHeaders.isTooLarge {
                // Reset after mem_recv returns; until then the stream's data is discarded.
                self.streams[header.stream_id]?.isRefused = true
                self.streams[header.stream_id]?.localResetCode = .enhanceYourCalm
                self.deferredResets.append((header.stream_id, .enhanceYourCalm))
                self.pendingEvents.append(.headerListTooLarge(streamID: header.stream_id))
            } else if self.streams[header.stream_id]?.isRefused != true {
                self.pendingEvents.append(
                    .headers(streamID: header.stream_id, headers: self.inboundHeaders.take(), endStream: endStream))
            }
        case Int(NGHTTP2_DATA.rawValue):
            guard endStream, let stream = self.streams[header.stream_id], !stream.isRefused else { return }
            // Mark the frame's last chunk as the end, or report an empty end.
            if case .data(let streamID, let bytes, false) = self.pendingEvents.last, streamID == header.stream_id {
                self.pendingEvents[self.pendingEvents.count - 1] = .data(
                    streamID: streamID, bytes: bytes, endStream: true)
            } else {
                self.pendingEvents.append(.data(streamID: header.stream_id, bytes: ByteBuffer(), endStream: true))
            }
        case Int(NGHTTP2_SETTINGS.rawValue):
            let isAck = header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0
            self.pendingEvents.append(isAck ? .settingsAcknowledged : .settingsReceived)
        case Int(NGHTTP2_PING.rawValue):
            let isAck = header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0
            let payload = withUnsafeBytes(of: frame.pointee.ping.opaque_data) { bytes in
                bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
            self.pendingEvents.append(.pingReceived(ack: isAck, payload: payload))
        case Int(NGHTTP2_GOAWAY.rawValue):
            let goAway = frame.pointee.goaway
            let debugData = self.allocator.buffer(
                bytes: UnsafeRawBufferPointer(start: goAway.opaque_data, count: goAway.opaque_data_len))
            self.pendingEvents.append(
                .goAwayReceived(
                    lastStreamID: goAway.last_stream_id, errorCode: HTTP2ErrorCode(goAway.error_code),
                    debugData: debugData))
        default:
            // RST_STREAM: reported by the close callback that follows. WINDOW_UPDATE: nghttp2
            // resumes data that waited for the window on its own.
            break
        }
    }

    private func dataReceived(streamID: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard let index = self.streams.index(forKey: streamID), !self.streams.values[index].isRefused else {
            // Nobody will consume these bytes: give them back to the connection window.
            self.deferredConnectionConsumption += bytes.count
            return
        }
        self.streams.values[index].unconsumedInbound += bytes.count
        var buffer = self.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        self.pendingEvents.append(.data(streamID: streamID, bytes: buffer, endStream: false))
    }

    private func streamClosed(streamID: Int32, errorCode: HTTP2ErrorCode) {
        // Untracked: a request already reported by on_frame_not_send.
        guard let stream = self.streams.removeValue(forKey: streamID) else { return }
        self.bufferedOutboundBytesTotal -= stream.queuedBytes
        self.deferredConnectionConsumption += stream.unconsumedInbound
        self.pendingEvents.append(.streamClosed(streamID: streamID, errorCode: errorCode))
    }

    private func requestNotSent(streamID: Int32) {
        guard let stream = self.streams.removeValue(forKey: streamID) else { return }
        self.bufferedOutboundBytesTotal -= stream.queuedBytes
        self.pendingEvents.append(
            .streamClosed(streamID: streamID, errorCode: stream.localResetCode ?? .refusedStream))
    }

    private func readOutbound(
        streamID: Int32, into destination: UnsafeMutableRawBufferPointer, flags: UnsafeMutablePointer<UInt32>
    ) -> Int {
        guard let index = self.streams.index(forKey: streamID) else {
            // Cannot happen (the provider outlives no stream we track); nghttp2 resets the stream.
            return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
        }
        switch self.streams.values[index].read(into: destination) {
        case .deferred:
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        case .data(let count):
            self.bufferedOutboundBytesTotal -= count
            return count
        case .end(let count, let trailers):
            self.bufferedOutboundBytesTotal -= count
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            if trailers {
                flags.pointee |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                self.streamsAwaitingTrailers.append(streamID)
            }
            return count
        }
    }
}
