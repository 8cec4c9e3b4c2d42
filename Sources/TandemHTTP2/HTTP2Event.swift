package import NIOCore

/// Something the peer did, or a change the caller must react to, in the order it happened.
///
/// Events come out of ``HTTP2Session/receive(_:into:)`` and ``HTTP2Session/flush(into:events:)``:
/// a stream can close while frames are being sent (our END_STREAM after the peer's, a RST_STREAM we
/// submitted), and a stream's outbound buffer drains only while sending.
package enum HTTP2Event: Hashable, Sendable {
    /// A complete header block: request or response headers, or trailers when `endStream` is true
    /// and headers were already received on the stream.
    case headers(streamID: Int32, headers: [HTTP2Header], endStream: Bool)
    /// Body bytes. Every byte must eventually be passed to ``HTTP2Session/consume(streamID:count:)``
    /// (the stream's flow-control window only reopens as the application takes data) unless the
    /// stream closes first: a closed stream's unconsumed bytes are returned to the connection.
    /// A DATA frame may arrive split into several events; `endStream` is set on the last one, which
    /// may be empty.
    case data(streamID: Int32, bytes: ByteBuffer, endStream: Bool)
    /// The peer's header block on this stream exceeded ``HTTP2Session/Configuration/maxHeaderListSize``.
    /// Its headers are dropped; the session resets the stream with ENHANCE_YOUR_CALM, so a
    /// ``streamClosed(streamID:errorCode:)`` follows. Other streams are unaffected.
    case headerListTooLarge(streamID: Int32)
    /// The stream is closed: both sides ended it, or RST_STREAM was received or sent (its error code),
    /// or a GOAWAY refused it. This can name a stream the caller never saw headers for.
    case streamClosed(streamID: Int32, errorCode: HTTP2ErrorCode)
    /// The stream's outbound buffer fell back under its limits after ``HTTP2Session/canWrite(streamID:)``
    /// had turned false: the caller may write again.
    case writable(streamID: Int32)
    /// The peer's SETTINGS (its first one ends the connection preface).
    case settingsReceived
    /// The peer acknowledged our SETTINGS.
    case settingsAcknowledged
    /// A PING from the peer (already answered by nghttp2) when `ack` is false; the answer to our
    /// ``HTTP2Session/sendPing(payload:)`` when `ack` is true.
    case pingReceived(ack: Bool, payload: UInt64)
    /// The peer is closing the connection: streams above `lastStreamID` that we initiated were not
    /// processed (they close with REFUSED_STREAM).
    case goAwayReceived(lastStreamID: Int32, errorCode: HTTP2ErrorCode, debugData: ByteBuffer)
    /// We sent a GOAWAY: one we submitted, or nghttp2's own after a connection error or a flood.
    case goAwaySent(lastStreamID: Int32, errorCode: HTTP2ErrorCode)
}
