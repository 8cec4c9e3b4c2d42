internal import COpenSSL
public import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TLS session that does no I/O: ciphertext goes in with `receive` and comes out with
/// `drainCiphertext`, so a channel handler, a client or a unit test can pump it however it likes.
///
/// Not `Sendable`: use it from one thread at a time (its event loop). After any call, drain the
/// ciphertext and send it, even when the call threw: it may hold an alert for the peer.
public final class TLSConnection {
    /// Where the handshake stands.
    public enum HandshakeState: Sendable, Hashable {
        case inProgress
        case complete
        /// The handshake failed; `failure` says why.
        case failed
    }

    /// Retained because OpenSSL's callbacks read state the context owns.
    public let context: TLSContext
    /// Client only: the name the server's certificate was checked against.
    public let serverHostname: String?
    public private(set) var handshakeState: HandshakeState = .inProgress
    /// The ALPN protocol both ends agreed on, once the handshake is complete; nil when the client
    /// offered none (a server) or the server chose none (a client).
    public private(set) var negotiatedALPN: String?
    /// Server only: the hostname the client asked for with SNI, once the handshake is complete.
    public private(set) var requestedServerName: String?
    /// The protocol version agreed on, once the handshake is complete.
    public private(set) var negotiatedVersion: TLSVersion?
    /// The peer's verified certificate, once the handshake is complete: the server's for a client, the
    /// client's for an mTLS server (nil when verification is `.none` or an `.optional` client sent
    /// none).
    public private(set) var peerCertificate: PeerCertificate?
    /// The peer sent close_notify: it will send nothing more. Reply with `close()`.
    public private(set) var receivedCloseNotify = false
    /// Our close_notify is in the ciphertext (or already drained).
    public private(set) var sentCloseNotify = false
    /// What ended this connection; every later call throws it again. A TLS 1.3 client finishes its
    /// handshake before the server has judged its certificate, so a refusal of it shows here while
    /// `handshakeState` stays `.complete`.
    public private(set) var failure: TLSError?

    /// The `SSL`, owned by this object and freed in `deinit`; it owns the two memory BIOs below.
    private let ssl: OpaquePointer
    /// Ciphertext from the network, read by OpenSSL.
    private let networkBIO: OpaquePointer
    /// Ciphertext OpenSSL wrote for the network.
    private let outboundBIO: OpaquePointer
    /// Plaintext written before the handshake completed (or that OpenSSL could not take yet).
    private var unencrypted: ByteBuffer
    /// Plaintext decrypted but not read yet.
    private var decrypted: ByteBuffer
    private var closeRequested = false

    /// The largest plaintext record, so that one read never stops in the middle of one.
    private static let readChunk = 16 * 1024

    /// - Parameter serverHostname: Client only: overrides the configuration's `serverHostname`.
    public init(context: TLSContext, serverHostname: String? = nil) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        // Decided before SSL_new, so that no throw below leaves the SSL without an owner.
        switch context.configuration.role {
        case .server:
            self.serverHostname = nil
        case .client:
            guard let hostname = serverHostname ?? context.configuration.serverHostname, !hostname.isEmpty else {
                throw TLSError(
                    code: .invalidConfiguration,
                    message: "a TLS client connection needs a serverHostname to check the server's certificate against"
                )
            }
            self.serverHostname = hostname
        }
        self.context = context
        let allocator = ByteBufferAllocator()
        self.unencrypted = allocator.buffer(capacity: 0)
        self.decrypted = allocator.buffer(capacity: 0)

        guard let ssl = SSL_new(context.pointer) else {
            throw .fromQueue(.internalError, "SSL_new failed")
        }
        let networkBIO = BIO_new(BIO_s_mem())
        let outboundBIO = BIO_new(BIO_s_mem())
        guard let networkBIO, let outboundBIO else {
            BIO_free(networkBIO)
            BIO_free(outboundBIO)
            SSL_free(ssl)
            throw .fromQueue(.internalError, "BIO_new failed")
        }
        // The SSL takes ownership of both BIOs.
        SSL_set_bio(ssl, networkBIO, outboundBIO)
        self.ssl = ssl
        self.networkBIO = networkBIO
        self.outboundBIO = outboundBIO
        // Every stored property is set: from here a throw runs deinit, which frees the SSL.

        if let hostname = self.serverHostname {
            try self.expect(hostname: hostname)
            SSL_set_connect_state(ssl)
        } else {
            SSL_set_accept_state(ssl)
        }
    }

    deinit {
        SSL_free(self.ssl)
    }

    /// Makes OpenSSL check the server's certificate against `hostname` and send it as SNI.
    private func expect(hostname: String) throws(TLSError) {
        let parameters = SSL_get0_param(self.ssl)
        if Self.isIPAddress(hostname) {
            // SNI never carries an address (RFC 6066 section 3); the address must be an IP SAN.
            guard X509_VERIFY_PARAM_set1_ip_asc(parameters, hostname) == 1 else {
                throw .fromQueue(.invalidConfiguration, "cannot expect IP address \(hostname)")
            }
            return
        }
        X509_VERIFY_PARAM_set_hostflags(parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        guard X509_VERIFY_PARAM_set1_host(parameters, hostname, 0) == 1,
            tandem_SSL_set_tlsext_host_name(self.ssl, hostname) == 1
        else {
            throw .fromQueue(.invalidConfiguration, "cannot expect hostname \(hostname)")
        }
    }

    private static func isIPAddress(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, text, &address) == 1 || inet_pton(AF_INET6, text, &address) == 1
    }

    // MARK: - Driving

    /// Starts the handshake: a client's ClientHello is then in `drainCiphertext()`. A server needs no
    /// call; `receive` starts it. Calling it again does no harm.
    public func startHandshake() throws(TLSError) {
        try self.advance()
    }

    /// Hands OpenSSL bytes that arrived from the peer and processes them: the handshake advances,
    /// application data is decrypted for `readPlaintext`, a close_notify sets `receivedCloseNotify`.
    ///
    /// Throws when the bytes are not acceptable TLS or the handshake fails; the connection is then
    /// dead and `drainCiphertext()` may hold the alert that tells the peer.
    public func receive(ciphertext: UnsafeRawBufferPointer) throws(TLSError) {
        if let failure = self.failure { throw failure }
        guard self.feed(ciphertext) else {
            throw self.fail(.fromQueue(.internalError, "cannot buffer received ciphertext"))
        }
        try self.advance()
    }

    public func receive(ciphertext: some Collection<UInt8>) throws(TLSError) {
        if let failure = self.failure { throw failure }
        let fed =
            ciphertext.withContiguousStorageIfAvailable { self.feed(UnsafeRawBufferPointer($0)) }
            ?? Array(ciphertext).withUnsafeBytes { self.feed($0) }
        guard fed else {
            throw self.fail(.fromQueue(.internalError, "cannot buffer received ciphertext"))
        }
        try self.advance()
    }

    public func receive(ciphertext: ByteBuffer) throws(TLSError) {
        if let failure = self.failure { throw failure }
        guard ciphertext.withUnsafeReadableBytes({ self.feed($0) }) else {
            throw self.fail(.fromQueue(.internalError, "cannot buffer received ciphertext"))
        }
        try self.advance()
    }

    /// Moves decrypted application data to the end of `buffer`; returns how many bytes were moved.
    @discardableResult
    public func readPlaintext(into buffer: inout ByteBuffer) -> Int {
        let count = self.decrypted.readableBytes
        guard count > 0 else { return 0 }
        if buffer.readableBytes == 0 {
            // Hand over our storage instead of copying it.
            swap(&buffer, &self.decrypted)
            self.decrypted.clear()
        } else {
            buffer.writeBuffer(&self.decrypted)
            self.decrypted.clear()
        }
        return count
    }

    /// All decrypted application data not read yet.
    public func readPlaintext() -> [UInt8] {
        let bytes = self.decrypted.readBytes(length: self.decrypted.readableBytes) ?? []
        self.decrypted.clear()
        return bytes
    }

    /// Encrypts `plaintext` for the peer, or keeps it until the handshake completes.
    public func writePlaintext(_ plaintext: UnsafeRawBufferPointer) throws(TLSError) {
        try self.checkWritable()
        self.unencrypted.writeBytes(plaintext)
        try self.advance()
    }

    public func writePlaintext(_ plaintext: some Collection<UInt8>) throws(TLSError) {
        try self.checkWritable()
        self.unencrypted.writeBytes(plaintext)
        try self.advance()
    }

    public func writePlaintext(_ plaintext: ByteBuffer) throws(TLSError) {
        try self.checkWritable()
        var plaintext = plaintext
        self.unencrypted.writeBuffer(&plaintext)
        try self.advance()
    }

    /// Appends everything OpenSSL has to send to the peer to `buffer`; returns how many bytes.
    @discardableResult
    public func drainCiphertext(into buffer: inout ByteBuffer) -> Int {
        let pending = Int(tandem_BIO_pending(self.outboundBIO))
        guard pending > 0 else { return 0 }
        return buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { destination in
            var read = 0
            guard BIO_read_ex(self.outboundBIO, destination.baseAddress, pending, &read) == 1 else { return 0 }
            return read
        }
    }

    /// Everything OpenSSL has to send to the peer.
    public func drainCiphertext() -> [UInt8] {
        MemoryBIO.readAll(self.outboundBIO)
    }

    /// Sends close_notify after any plaintext written before it; if the handshake is still running,
    /// once it completes. Does nothing on a failed connection.
    public func close() throws(TLSError) {
        guard self.failure == nil, !self.closeRequested else { return }
        self.closeRequested = true
        try self.advance()
    }

    // MARK: - Inside

    private func checkWritable() throws(TLSError) {
        if let failure = self.failure { throw failure }
        if self.closeRequested {
            throw TLSError(code: .connectionClosed, message: "plaintext written after close()")
        }
    }

    /// Writes ciphertext into the network BIO; false only when memory runs out.
    private func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        OpenSSLErrorQueue.clear()
        var written = 0
        return BIO_write_ex(self.networkBIO, base, bytes.count, &written) == 1 && written == bytes.count
    }

    /// Does everything the bytes received and written so far allow: handshake, pending writes,
    /// reading, close_notify.
    private func advance() throws(TLSError) {
        if let failure = self.failure { throw failure }
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }

        if self.handshakeState == .inProgress {
            let result = SSL_do_handshake(self.ssl)
            guard result == 1 else {
                let error = SSL_get_error(self.ssl, result)
                if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE {
                    return
                }
                self.handshakeState = .failed
                throw self.fail(self.classify(error, duringHandshake: true))
            }
            self.handshakeCompleted()
        }
        try self.encryptPending()
        try self.decryptAvailable()
        if self.closeRequested, !self.sentCloseNotify, self.unencrypted.readableBytes == 0 {
            try self.sendCloseNotify()
        }
    }

    private func handshakeCompleted() {
        self.handshakeState = .complete
        self.negotiatedVersion = TLSVersion(SSL_version(self.ssl))

        var alpn: UnsafePointer<UInt8>? = nil
        var alpnLength: UInt32 = 0
        SSL_get0_alpn_selected(self.ssl, &alpn, &alpnLength)
        if let alpn, alpnLength > 0 {
            self.negotiatedALPN = String(
                decoding: UnsafeBufferPointer(start: alpn, count: Int(alpnLength)), as: UTF8.self)
        }

        if self.serverHostname == nil, let name = SSL_get_servername(self.ssl, TLSEXT_NAMETYPE_host_name) {
            self.requestedServerName = String(cString: name)
        }

        // Only a certificate that passed verification is an identity.
        if SSL_get_verify_result(self.ssl) == X509_V_OK, let x509 = SSL_get1_peer_certificate(self.ssl) {
            self.peerCertificate = PeerCertificate(x509: x509)
            X509_free(x509)
        }
    }

    private func encryptPending() throws(TLSError) {
        while self.unencrypted.readableBytes > 0 {
            var written = 0
            let result = self.unencrypted.withUnsafeReadableBytes { bytes in
                SSL_write_ex(self.ssl, bytes.baseAddress, bytes.count, &written)
            }
            guard result == 1 else {
                let error = SSL_get_error(self.ssl, result)
                if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE {
                    return  // retried after the next receive
                }
                throw self.fail(self.classify(error, duringHandshake: false))
            }
            self.unencrypted.moveReaderIndex(forwardBy: written)
        }
        self.unencrypted.clear()
    }

    private func decryptAvailable() throws(TLSError) {
        // Nothing to read: skip reserving a record's worth of buffer.
        if tandem_BIO_pending(self.networkBIO) == 0 && SSL_has_pending(self.ssl) == 0 {
            return
        }
        while !self.receivedCloseNotify {
            var result: Int32 = 0
            self.decrypted.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.readChunk) { destination in
                var read = 0
                result = SSL_read_ex(self.ssl, destination.baseAddress, destination.count, &read)
                return result == 1 ? read : 0
            }
            if result == 1 {
                continue
            }
            let error = SSL_get_error(self.ssl, result)
            switch error {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return
            case SSL_ERROR_ZERO_RETURN:
                self.receivedCloseNotify = true
                return
            default:
                throw self.fail(self.classify(error, duringHandshake: false))
            }
        }
    }

    private func sendCloseNotify() throws(TLSError) {
        let result = SSL_shutdown(self.ssl)
        if result < 0 {
            let error = SSL_get_error(self.ssl, result)
            guard error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE else {
                throw self.fail(self.classify(error, duringHandshake: false))
            }
        }
        self.sentCloseNotify = true
    }

    private func fail(_ error: TLSError) -> TLSError {
        self.failure = error
        return error
    }

    /// Turns a failed OpenSSL call and the drained error queue into a `TLSError`.
    private func classify(_ sslError: Int32, duringHandshake: Bool) -> TLSError {
        let entries = OpenSSLErrorQueue.drain()
        let texts = entries.map(\.text)

        let verifyResult = SSL_get_verify_result(self.ssl)
        if verifyResult != X509_V_OK {
            let reason = String(cString: X509_verify_cert_error_string(verifyResult))
            let message =
                if let host = self.serverHostname {
                    "certificate of \(host) failed verification: \(reason)"
                } else {
                    "client certificate failed verification: \(reason)"
                }
            return TLSError(code: .certificateVerificationFailed, message: message, openSSLErrors: texts)
        }
        let sslReasons = entries.filter { $0.library == ERR_LIB_SSL }.map(\.reason)
        if sslReasons.contains(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
            return TLSError(
                code: .certificateVerificationFailed, message: "the client sent no certificate", openSSLErrors: texts)
        }
        if let alert = entries.first(where: { $0.library == ERR_LIB_SSL && Self.isCertificateAlert($0.reason) }) {
            return TLSError(
                code: .certificateVerificationFailed, message: "the peer refused our certificate: \(alert.reasonText)",
                openSSLErrors: texts)
        }
        if sslError == SSL_ERROR_SYSCALL, entries.isEmpty {
            return TLSError(code: .protocolError, message: "the TLS stream ended without close_notify")
        }
        if duringHandshake {
            return TLSError(code: .handshakeFailed, message: "TLS handshake failed", entries: entries)
        }
        return TLSError(code: .protocolError, message: "TLS connection failed", entries: entries)
    }

    /// Whether an OpenSSL reason reports an alert by which the peer rejected our certificate.
    private static func isCertificateAlert(_ reason: Int32) -> Bool {
        let alert = reason - SSL_AD_REASON_OFFSET
        return [
            SSL_AD_BAD_CERTIFICATE, SSL_AD_UNSUPPORTED_CERTIFICATE, SSL_AD_CERTIFICATE_REVOKED,
            SSL_AD_CERTIFICATE_EXPIRED, SSL_AD_CERTIFICATE_UNKNOWN, SSL_AD_UNKNOWN_CA, SSL_AD_CERTIFICATE_REQUIRED,
        ].contains(alert)
    }
}

/// One thread at a time: the `SSL` and its buffers are not synchronised.
@available(*, unavailable)
extension TLSConnection: Sendable {}
