internal import CNGHTTP2

extension HTTP2Session {
    /// Limits and windows of one connection. Every parameter has a documented default; the defaults
    /// are the transport rules of DESIGN.md (8 KiB header list, 100 concurrent streams, bounded
    /// buffers) and nghttp2's own flood limits.
    package struct Configuration: Hashable, Sendable {
        /// SETTINGS_MAX_CONCURRENT_STREAMS we advertise; nghttp2 refuses streams beyond it. Default 100.
        /// (The number of streams *we* may open is the peer's setting, applied by nghttp2: a client's
        /// extra requests wait until a stream closes.)
        package var maxConcurrentStreams: Int
        /// SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce: a header block whose size (names,
        /// values and 32 bytes per field) exceeds it resets that stream with ENHANCE_YOUR_CALM.
        /// Default 8192.
        package var maxHeaderListSize: Int
        /// SETTINGS_INITIAL_WINDOW_SIZE: how many bytes a peer may send on one stream before the
        /// application consumes them. Default 65,535.
        package var initialStreamWindowSize: Int
        /// The connection's receive window across all streams (sent as a WINDOW_UPDATE at start).
        /// Default 1 MiB.
        package var connectionWindowSize: Int
        /// ``HTTP2Session/canWrite(streamID:)`` turns false once a stream has this many bytes queued
        /// and not yet handed to nghttp2. Default 1 MiB.
        package var maxBufferedOutboundBytesPerStream: Int
        /// ``HTTP2Session/canWrite(streamID:)`` turns false for every stream once the connection has
        /// this many bytes queued. Default 16 MiB.
        package var maxBufferedOutboundBytesPerConnection: Int
        /// Size of the token bucket that limits incoming RST_STREAM frames (server only; the "rapid
        /// reset" attack, CVE-2023-44487). Default 1000.
        package var streamResetBurst: Int
        /// Tokens refilled per second; with the bucket empty nghttp2 sends GOAWAY (INTERNAL_ERROR) and
        /// accepts no new stream. Default 33.
        package var streamResetRatePerSecond: Int
        /// CONTINUATION frames accepted after one HEADERS frame before the connection is torn down
        /// (CVE-2024-28182). Default 8, nghttp2's own.
        package var maxContinuations: Int

        package init(
            maxConcurrentStreams: Int = 100,
            maxHeaderListSize: Int = 8192,
            initialStreamWindowSize: Int = 65_535,
            connectionWindowSize: Int = 1 << 20,
            maxBufferedOutboundBytesPerStream: Int = 1 << 20,
            maxBufferedOutboundBytesPerConnection: Int = 16 << 20,
            streamResetBurst: Int = 1000,
            streamResetRatePerSecond: Int = 33,
            maxContinuations: Int = 8
        ) {
            precondition(maxConcurrentStreams >= 0 && maxHeaderListSize > 0)
            precondition((0...Int(Int32.max)).contains(initialStreamWindowSize))
            precondition((65_535...Int(Int32.max)).contains(connectionWindowSize))
            self.maxConcurrentStreams = maxConcurrentStreams
            self.maxHeaderListSize = maxHeaderListSize
            self.initialStreamWindowSize = initialStreamWindowSize
            self.connectionWindowSize = connectionWindowSize
            self.maxBufferedOutboundBytesPerStream = maxBufferedOutboundBytesPerStream
            self.maxBufferedOutboundBytesPerConnection = maxBufferedOutboundBytesPerConnection
            self.streamResetBurst = streamResetBurst
            self.streamResetRatePerSecond = streamResetRatePerSecond
            self.maxContinuations = maxContinuations
        }

        /// Sets the nghttp2 options this configuration implies.
        func apply(to option: OpaquePointer) {
            // Inbound flow control follows consumption: WINDOW_UPDATE only through consume(streamID:count:).
            nghttp2_option_set_no_auto_window_update(option, 1)
            nghttp2_option_set_stream_reset_rate_limit(
                option, UInt64(self.streamResetBurst), UInt64(self.streamResetRatePerSecond))
            nghttp2_option_set_max_continuations(option, self.maxContinuations)
            // Closed streams are kept only for the deprecated priority tree: do not pay for them.
            nghttp2_option_set_no_closed_streams(option, 1)
        }

        /// The SETTINGS frame we open the connection with.
        func settings(for role: Role) -> [nghttp2_settings_entry] {
            var entries = [
                nghttp2_settings_entry(
                    settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue),
                    value: UInt32(clamping: self.maxConcurrentStreams)),
                nghttp2_settings_entry(
                    settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue),
                    value: UInt32(clamping: self.maxHeaderListSize)),
                nghttp2_settings_entry(
                    settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue),
                    value: UInt32(clamping: self.initialStreamWindowSize)),
            ]
            if role == .client {
                entries.append(
                    nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0))
            }
            return entries
        }
    }
}
