/// An HTTP/2 error code as carried by RST_STREAM and GOAWAY (RFC 9113 §7).
///
/// A struct over the raw value rather than an enum: a peer may send any 32-bit code, and unknown
/// codes must be passed on, not dropped.
package struct HTTP2ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package var rawValue: UInt32

    package init(rawValue: UInt32) { self.rawValue = rawValue }
    package init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// 0x0: graceful close.
    package static let noError = HTTP2ErrorCode(0x0)
    /// 0x1: the peer broke the protocol.
    package static let protocolError = HTTP2ErrorCode(0x1)
    /// 0x2: a failure of our own.
    package static let internalError = HTTP2ErrorCode(0x2)
    /// 0x3: the peer broke flow control.
    package static let flowControlError = HTTP2ErrorCode(0x3)
    /// 0x4: SETTINGS were not acknowledged in time.
    package static let settingsTimeout = HTTP2ErrorCode(0x4)
    /// 0x5: a frame arrived on a half-closed stream.
    package static let streamClosed = HTTP2ErrorCode(0x5)
    /// 0x6: a frame had an invalid size.
    package static let frameSizeError = HTTP2ErrorCode(0x6)
    /// 0x7: the stream was not processed at all; the request may be retried (gRPC: UNAVAILABLE).
    package static let refusedStream = HTTP2ErrorCode(0x7)
    /// 0x8: the stream is no longer needed (gRPC cancellation).
    package static let cancel = HTTP2ErrorCode(0x8)
    /// 0x9: the HPACK context can no longer be maintained.
    package static let compressionError = HTTP2ErrorCode(0x9)
    /// 0xa: a CONNECT tunnel failed.
    package static let connectError = HTTP2ErrorCode(0xa)
    /// 0xb: the peer generates excessive load (gRPC: RESOURCE_EXHAUSTED).
    package static let enhanceYourCalm = HTTP2ErrorCode(0xb)
    /// 0xc: the transport's security is inadequate.
    package static let inadequateSecurity = HTTP2ErrorCode(0xc)
    /// 0xd: use HTTP/1.1 instead.
    package static let http11Required = HTTP2ErrorCode(0xd)

    package var description: String {
        switch self.rawValue {
        case 0x0: "NO_ERROR"
        case 0x1: "PROTOCOL_ERROR"
        case 0x2: "INTERNAL_ERROR"
        case 0x3: "FLOW_CONTROL_ERROR"
        case 0x4: "SETTINGS_TIMEOUT"
        case 0x5: "STREAM_CLOSED"
        case 0x6: "FRAME_SIZE_ERROR"
        case 0x7: "REFUSED_STREAM"
        case 0x8: "CANCEL"
        case 0x9: "COMPRESSION_ERROR"
        case 0xa: "CONNECT_ERROR"
        case 0xb: "ENHANCE_YOUR_CALM"
        case 0xc: "INADEQUATE_SECURITY"
        case 0xd: "HTTP_1_1_REQUIRED"
        default: "0x" + String(self.rawValue, radix: 16)
        }
    }
}
