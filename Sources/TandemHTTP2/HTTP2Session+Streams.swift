internal import CNGHTTP2
package import NIOCore

// Submitting headers, data and trailers. Everything here runs outside nghttp2's callbacks: it is
// called by the driver, never from an event handler inside `receive` or `flush`.
//
// The outbound data path: HEADERS are submitted with a data provider whose read callback copies
// from the stream's queue. With an empty queue the callback returns NGHTTP2_ERR_DEFERRED; the next
// `writeData`, `finishRequest` or `submitTrailers` calls `nghttp2_session_resume_data`.
//
// Trailers (a gRPC response): `submitTrailers` stores them and marks the stream as finishing. During
// a later `flush`, the read callback drains the queue and ends the last DATA frame with
// NGHTTP2_DATA_FLAG_EOF | NGHTTP2_DATA_FLAG_NO_END_STREAM, recording the stream. When `mem_send`
// returns that frame, `flush` calls `nghttp2_submit_trailer` (END_STREAM) and calls `mem_send` again,
// so the trailers follow the data in the same flush.

extension HTTP2Session {
    // MARK: Server

    /// Submits the response HEADERS of a stream the peer opened (with `:status`).
    ///
    /// With `endStream` the HEADERS ends the stream: a gRPC trailers-only response puts
    /// `grpc-status` in this single block. Otherwise data may follow with ``writeData(streamID:data:endStream:)``
    /// and the stream ends with ``submitTrailers(streamID:headers:)`` or `writeData(…, endStream: true)`.
    package func submitResponseHeaders(
        streamID: Int32, headers: [HTTP2Header], endStream: Bool
    ) throws(HTTP2Error) {
        guard self.role == .server else {
            throw HTTP2Error(.invalidState, message: "a client cannot submit response headers")
        }
        guard let index = self.streams.index(forKey: streamID) else {
            throw HTTP2Error(.unknownStream, message: "stream \(streamID) is not open")
        }
        guard self.streams.values[index].phase == .idle else {
            throw HTTP2Error(.invalidState, message: "stream \(streamID) already has response headers or was reset")
        }
        let result: Int32
        if endStream {
            result = self.nameValueScratch.withPairs(headers) { pairs, count in
                nghttp2_submit_response(self.session, streamID, pairs, count, nil)
            }
        } else {
            var provider = Self.makeDataProvider()
            result = self.nameValueScratch.withPairs(headers) { pairs, count in
                nghttp2_submit_response(self.session, streamID, pairs, count, &provider)
            }
        }
        try Self.check(result, "submit response headers on stream \(streamID)")
        self.streams.values[index].phase = endStream ? .finished : .streaming
    }

    /// Ends the stream with trailers once every byte written before has been sent.
    package func submitTrailers(streamID: Int32, headers trailers: [HTTP2Header]) throws(HTTP2Error) {
        let index = try self.streamingIndex(streamID)
        self.streams.values[index].trailers = trailers
        self.streams.values[index].phase = .finishing
        self.resumeIfDeferred(index: index, streamID: streamID)
    }

    // MARK: Client

    /// Opens a stream with request HEADERS (`:method`, `:scheme`, `:path`, `:authority` first) and
    /// returns its identifier. nghttp2 holds the HEADERS back while the peer's
    /// SETTINGS_MAX_CONCURRENT_STREAMS is reached; data written meanwhile waits with it.
    package func submitRequest(headers: [HTTP2Header], endStream: Bool) throws(HTTP2Error) -> Int32 {
        guard self.role == .client else {
            throw HTTP2Error(.invalidState, message: "a server cannot submit requests")
        }
        guard nghttp2_session_check_request_allowed(self.session) != 0 else {
            throw HTTP2Error(.sessionClosing, message: "the connection is closing; no new stream may start")
        }
        let streamID: Int32
        if endStream {
            streamID = self.nameValueScratch.withPairs(headers) { pairs, count in
                nghttp2_submit_request(self.session, nil, pairs, count, nil, nil)
            }
        } else {
            var provider = Self.makeDataProvider()
            streamID = self.nameValueScratch.withPairs(headers) { pairs, count in
                nghttp2_submit_request(self.session, nil, pairs, count, &provider, nil)
            }
        }
        try Self.check(streamID, "submit request")
        self.streams[streamID] = HTTP2StreamState(phase: endStream ? .finished : .streaming)
        return streamID
    }

    /// Ends the request stream (an empty DATA frame with END_STREAM, or END_STREAM on the last
    /// queued frame) once every byte written before has been sent.
    package func finishRequest(streamID: Int32) throws(HTTP2Error) {
        let index = try self.streamingIndex(streamID)
        self.streams.values[index].phase = .finishing
        self.resumeIfDeferred(index: index, streamID: streamID)
    }

    // MARK: Both

    /// Queues body bytes on the stream (no copy when its queue is empty); `endStream` ends the stream
    /// after them. The caller stops writing when ``canWrite(streamID:)`` turns false and resumes
    /// on the `.writable` event: the session accepts more, but the limits are the caller's to keep.
    package func writeData(streamID: Int32, data: ByteBuffer, endStream: Bool = false) throws(HTTP2Error) {
        let index = try self.streamingIndex(streamID)
        self.streams.values[index].enqueue(data)
        self.bufferedOutboundBytesTotal += data.readableBytes
        if endStream {
            self.streams.values[index].phase = .finishing
        } else {
            _ = self.canWrite(streamID: streamID)  // registers for `.writable` when over a limit
        }
        self.resumeIfDeferred(index: index, streamID: streamID)
    }

    /// Resets the stream with RST_STREAM (gRPC cancellation: `.cancel`) and drops its queued data.
    /// A stream the session does not track (already closed) is left alone.
    package func resetStream(streamID: Int32, errorCode: HTTP2ErrorCode) {
        guard let index = self.streams.index(forKey: streamID) else { return }
        self.bufferedOutboundBytesTotal -= self.streams.values[index].discardOutbound()
        self.streams.values[index].localResetCode = errorCode
        _ = nghttp2_submit_rst_stream(self.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode.rawValue)
    }

    /// Tells nghttp2 the application has taken `count` bytes of the stream's data, reopening the
    /// stream's and the connection's windows (WINDOW_UPDATE when half a window is consumed). Bytes of
    /// a stream already closed went back to the connection at close: consuming them is a no-op.
    package func consume(streamID: Int32, count: Int) {
        guard count > 0, let index = self.streams.index(forKey: streamID) else { return }
        let consumed = min(count, self.streams.values[index].unconsumedInbound)
        guard consumed > 0 else { return }
        self.streams.values[index].unconsumedInbound -= consumed
        _ = nghttp2_session_consume(self.session, streamID, consumed)
    }

    // MARK: Helpers

    /// The stream's index when it accepts data, or the error saying why not.
    private func streamingIndex(_ streamID: Int32) throws(HTTP2Error) -> Dictionary<Int32, HTTP2StreamState>.Index {
        guard let index = self.streams.index(forKey: streamID) else {
            throw HTTP2Error(.unknownStream, message: "stream \(streamID) is not open")
        }
        switch self.streams.values[index].phase {
        case .streaming:
            return index
        case .idle:
            throw HTTP2Error(.invalidState, message: "stream \(streamID) has no headers submitted")
        case .finishing, .finished:
            throw HTTP2Error(.invalidState, message: "stream \(streamID) is already ended")
        }
    }

    private func resumeIfDeferred(index: Dictionary<Int32, HTTP2StreamState>.Index, streamID: Int32) {
        guard self.streams.values[index].isDeferred else { return }
        self.streams.values[index].isDeferred = false
        _ = nghttp2_session_resume_data(self.session, streamID)
    }
}
