extension HTTP2Session {
    /// Which streams a final GOAWAY lets finish.
    package enum GoAwayLastStream: Hashable, Sendable {
        /// The highest peer-initiated stream this session has handed to the caller
        /// (`nghttp2_session_get_last_proc_stream_id`): everything accepted so far finishes.
        case lastProcessed
        /// An explicit stream identifier.
        case streamID(Int32)
    }
}
