internal import CNGHTTP2

// Connection-level frames: PING and the two GOAWAYs of a graceful shutdown.

extension HTTP2Session {
    /// Sends a PING; the peer's answer arrives as `.pingReceived(ack: true, payload:)`.
    package func sendPing(payload: UInt64) throws(HTTP2Error) {
        let result = withUnsafeBytes(of: payload.bigEndian) { bytes in
            nghttp2_submit_ping(
                self.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        try Self.check(result, "submit PING")
    }

    /// Server: the first of gRPC's two GOAWAYs (last stream 2^31 - 1, NO_ERROR). It warns the client
    /// to start no new streams while still accepting those in flight; after a round trip (a PING),
    /// ``submitGoAway(errorCode:debugData:lastStreamID:)`` sends the real last stream.
    package func submitShutdownNotice() throws(HTTP2Error) {
        guard self.role == .server else {
            throw HTTP2Error(.invalidState, message: "only a server sends a shutdown notice")
        }
        try Self.check(nghttp2_submit_shutdown_notice(self.session), "submit shutdown notice")
    }

    /// Sends GOAWAY: streams above `lastStreamID` the peer opened are closed (REFUSED_STREAM) as
    /// the frame is sent; those at or below finish. Once it is sent and no stream is left,
    /// ``wantsRead`` turns false. With an error code other than NO_ERROR this is the end of the
    /// connection. `debugData` is for diagnostics; it must not leak internal detail.
    package func submitGoAway(
        errorCode: HTTP2ErrorCode = .noError, debugData: [UInt8] = [],
        lastStreamID: GoAwayLastStream = .lastProcessed
    ) throws(HTTP2Error) {
        let last =
            switch lastStreamID {
            case .lastProcessed: self.lastProcessedStreamID
            case .streamID(let streamID): streamID
            }
        let result = debugData.withUnsafeBufferPointer { bytes in
            nghttp2_submit_goaway(
                self.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), last, errorCode.rawValue,
                bytes.baseAddress, bytes.count)
        }
        try Self.check(result, "submit GOAWAY")
    }
}
