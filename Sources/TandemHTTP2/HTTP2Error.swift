internal import CNGHTTP2

/// A failure of the HTTP/2 session: a connection-level error the peer caused, or a call that does
/// not fit the stream's state.
///
/// After a connection-level error (``Code/badPreface``, ``Code/flood``, ``Code/sessionFailure``)
/// the session has queued a GOAWAY: the caller flushes it and closes the connection.
package struct HTTP2Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. A struct over a private enum, so cases can be added later.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case badPreface
            case flood
            case sessionFailure
            case unknownStream
            case invalidState
            case sessionClosing
            case streamIDsExhausted
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The peer did not start with the HTTP/2 client preface (an HTTP/1.1 client, a scanner).
        package static let badPreface = Code(.badPreface)
        /// The peer sent more than nghttp2 allows: too many CONTINUATION frames, or frames that each
        /// need an answer (PING, SETTINGS) faster than it reads the answers.
        package static let flood = Code(.flood)
        /// nghttp2 failed (out of memory, a callback failure); the session is unusable.
        package static let sessionFailure = Code(.sessionFailure)
        /// The stream is not open on this session (never opened, or already closed).
        package static let unknownStream = Code(.unknownStream)
        /// The call does not fit the stream's or the session's state (data before headers, data after
        /// the end of the stream, a server-only call on a client).
        package static let invalidState = Code(.invalidState)
        /// A GOAWAY was sent or received: no new stream may start.
        package static let sessionClosing = Code(.sessionClosing)
        /// A client used every stream identifier a connection has (2^31 - 1).
        package static let streamIDsExhausted = Code(.streamIDsExhausted)

        package var description: String {
            switch self.base {
            case .badPreface: "bad connection preface"
            case .flood: "flood"
            case .sessionFailure: "session failure"
            case .unknownStream: "unknown stream"
            case .invalidState: "invalid state"
            case .sessionClosing: "session closing"
            case .streamIDsExhausted: "stream identifiers exhausted"
            }
        }
    }

    package var code: Code
    /// What happened, in words; never echoes header values or body bytes.
    package var message: String
    /// The nghttp2 library error (`nghttp2_error`, negative) behind this error; 0 when none.
    package var libraryErrorCode: Int32

    package init(_ code: Code, message: String, libraryErrorCode: Int32 = 0) {
        self.code = code
        self.message = message
        self.libraryErrorCode = libraryErrorCode
    }

    /// nghttp2's text for ``libraryErrorCode`` (`nghttp2_strerror`), or nil when there is none.
    package var libraryErrorDescription: String? {
        guard self.libraryErrorCode != 0 else { return nil }
        return String(cString: nghttp2_strerror(self.libraryErrorCode))
    }

    package var description: String {
        var text = "HTTP/2 \(self.code): \(self.message)"
        if let library = self.libraryErrorDescription {
            text += " (nghttp2 \(self.libraryErrorCode): \(library))"
        }
        return text
    }
}
