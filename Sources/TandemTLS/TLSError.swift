/// A TLS failure that a handler can act on by its code, log by its message, and debug by the OpenSSL
/// errors that caused it.
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. A struct over a private enum so that kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case handshakeFailed
            case certificateVerificationFailed
            case protocolError
            case fileError
            case privateKeyMismatch
            case invalidConfiguration
            case connectionClosed
            case internalError
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The handshake could not agree on a version, cipher or application protocol, or the peer
        /// sent something that is not TLS.
        public static let handshakeFailed = Code(.handshakeFailed)
        /// A certificate was missing, untrusted, expired or for another name, on either side: ours
        /// refused the peer's, or the peer's alert says it refused ours.
        public static let certificateVerificationFailed = Code(.certificateVerificationFailed)
        /// The peer broke the protocol after the handshake (bad record, unexpected message, alert).
        public static let protocolError = Code(.protocolError)
        /// A certificate, key or CA file could not be read or parsed.
        public static let fileError = Code(.fileError)
        /// The private key does not belong to the certificate.
        public static let privateKeyMismatch = Code(.privateKeyMismatch)
        /// The configuration asks for something impossible (a server without a key, an empty ALPN
        /// name).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Plaintext was written after `close()`.
        public static let connectionClosed = Code(.connectionClosed)
        /// OpenSSL failed where it should not (out of memory).
        public static let internalError = Code(.internalError)

        public var description: String {
            switch self.wrapped {
            case .handshakeFailed: "handshake failed"
            case .certificateVerificationFailed: "certificate verification failed"
            case .protocolError: "protocol error"
            case .fileError: "file error"
            case .privateKeyMismatch: "private key mismatch"
            case .invalidConfiguration: "invalid configuration"
            case .connectionClosed: "connection closed"
            case .internalError: "internal error"
            }
        }
    }

    public var code: Code
    /// What went wrong, naming the file or host involved. Never contains key material.
    public var message: String
    /// OpenSSL's error queue at the time of the failure, oldest first, as OpenSSL prints it
    /// (`error:0A000086:SSL routines::certificate verify failed`).
    public var openSSLErrors: [String]

    public init(code: Code, message: String, openSSLErrors: [String] = []) {
        self.code = code
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        if self.openSSLErrors.isEmpty {
            return "\(self.code): \(self.message)"
        }
        return "\(self.code): \(self.message) [\(self.openSSLErrors.joined(separator: "; "))]"
    }
}
