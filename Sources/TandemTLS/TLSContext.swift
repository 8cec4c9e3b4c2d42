internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads certificates, keys and trust once per process so that each connection is only an `SSL_new`.
///
/// Building one reads files: do it at start-up, never on an event loop thread.
///
/// `@unchecked Sendable`: the SSL_CTX is never changed after init, and OpenSSL allows SSL_new on it from any thread.
public final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX`, owned by this object and freed in `deinit`.
    let pointer: OpaquePointer
    public let configuration: TLSConfiguration
    /// Kept alive as long as the context: the ALPN callback reads it through an unretained pointer.
    private let alpnPreferences: ALPNPreferences?

    public init(configuration: TLSConfiguration) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }

        let method = configuration.role == .server ? TLS_server_method() : TLS_client_method()
        guard let pointer = SSL_CTX_new(method) else {
            throw .fromQueue(.internalError, "SSL_CTX_new failed")
        }
        // Free the context if anything below throws.
        var owned: OpaquePointer? = pointer
        defer { if let owned { SSL_CTX_free(owned) } }

        try Self.configureVersions(pointer, configuration)
        // Renegotiation is a source of attacks and of surprise writes; HTTP/2 forbids it anyway.
        SSL_CTX_set_options(pointer, tandem_SSL_OP_NO_RENEGOTIATION() | tandem_SSL_OP_NO_COMPRESSION())
        // An encrypted key would make OpenSSL prompt on the terminal; fail instead.
        SSL_CTX_set_default_passwd_cb(pointer, refusePassphrase)

        let wire = try ALPNPreferences.wireFormat(configuration.applicationProtocols)
        switch configuration.role {
        case .server:
            try Self.configureServer(pointer, configuration)
        case .client:
            try Self.configureClient(pointer, configuration)
            if !wire.isEmpty {
                // Returns 0 on success, unlike almost everything else in OpenSSL.
                let failed = wire.withUnsafeBufferPointer {
                    SSL_CTX_set_alpn_protos(pointer, $0.baseAddress, UInt32($0.count))
                }
                guard failed == 0 else { throw .fromQueue(.internalError, "SSL_CTX_set_alpn_protos failed") }
            }
        }

        self.pointer = pointer
        self.configuration = configuration
        if configuration.role == .server, !configuration.applicationProtocols.isEmpty {
            let preferences = ALPNPreferences(configuration.applicationProtocols)
            self.alpnPreferences = preferences
            SSL_CTX_set_alpn_select_cb(
                pointer, selectApplicationProtocol, Unmanaged.passUnretained(preferences).toOpaque())
        } else {
            self.alpnPreferences = nil
        }
        owned = nil
    }

    deinit {
        SSL_CTX_free(self.pointer)
    }

    private static func configureVersions(_ context: OpaquePointer, _ config: TLSConfiguration) throws(TLSError) {
        let minimum: TLSVersion
        var maximum: TLSVersion? = nil
        if let pinned = config.pinnedVersionForTesting {
            minimum = pinned
            maximum = pinned
            if pinned < .tls1_2 {
                // OpenSSL 3 refuses TLS 1.1 at the default security level; a test that plays an old
                // client needs it to actually send an old ClientHello.
                SSL_CTX_set_security_level(context, 0)
                guard SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0") == 1 else {
                    throw .fromQueue(.internalError, "SSL_CTX_set_cipher_list failed")
                }
            }
        } else {
            minimum = max(config.minimumVersion, .tls1_2)
        }
        guard tandem_SSL_CTX_set_min_proto_version(context, minimum.openSSLValue) == 1 else {
            throw .fromQueue(.invalidConfiguration, "cannot set the minimum version to \(minimum)")
        }
        if let maximum {
            guard tandem_SSL_CTX_set_max_proto_version(context, maximum.openSSLValue) == 1 else {
                throw .fromQueue(.invalidConfiguration, "cannot set the maximum version to \(maximum)")
            }
        }
    }

    private static func configureServer(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
        guard let chain = configuration.certificateChainPath, let key = configuration.privateKeyPath else {
            throw TLSError(
                code: .invalidConfiguration, message: "a TLS server needs certificateChainPath and privateKeyPath")
        }
        try Self.loadIdentity(context, chain: chain, key: key)

        // The client never stores sessions, so resumption state would be wasted memory and bytes.
        tandem_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        SSL_CTX_set_num_tickets(context, 0)

        let mode: Int32
        switch configuration.clientCertificateVerification {
        case .none:
            mode = SSL_VERIFY_NONE
        case .optional:
            mode = SSL_VERIFY_PEER
        case .required:
            mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
        }
        if configuration.clientCertificateVerification != .none {
            guard let caPath = configuration.clientCAPath else {
                throw TLSError(
                    code: .invalidConfiguration,
                    message:
                        "clientCertificateVerification \(configuration.clientCertificateVerification) needs clientCAPath"
                )
            }
            try Self.loadTrust(context, path: caPath, what: "client CA")
            // Tell clients which CAs we accept, so one with several identities picks the right one.
            guard let names = SSL_load_client_CA_file(caPath) else {
                throw .fromQueue(.fileError, "cannot read client CA names from \(caPath)")
            }
            SSL_CTX_set_client_CA_list(context, names)
        }
        SSL_CTX_set_verify(context, mode, nil)
    }

    private static func configureClient(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
        switch (configuration.certificateChainPath, configuration.privateKeyPath) {
        case (let chain?, let key?):
            try Self.loadIdentity(context, chain: chain, key: key)
        case (nil, nil):
            break
        default:
            throw TLSError(
                code: .invalidConfiguration,
                message: "a client certificate needs both certificateChainPath and privateKeyPath")
        }
        if let roots = configuration.trustRootsPath {
            try Self.loadTrust(context, path: roots, what: "trust roots")
        } else if SSL_CTX_set_default_verify_paths(context) != 1 {
            throw .fromQueue(.fileError, "cannot load the system's default trust roots")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
    }

    private static func loadIdentity(_ context: OpaquePointer, chain: String, key: String) throws(TLSError) {
        guard SSL_CTX_use_certificate_chain_file(context, chain) == 1 else {
            throw .fromQueue(.fileError, "cannot load certificate chain from \(chain)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1 else {
            let entries = OpenSSLErrorQueue.drain()
            // OpenSSL checks the key against the certificate while loading it.
            if entries.contains(where: { $0.library == ERR_LIB_X509 && $0.reason == X509_R_KEY_VALUES_MISMATCH }) {
                throw TLSError(
                    code: .privateKeyMismatch,
                    message: "private key \(key) does not belong to the certificate in \(chain)",
                    entries: entries)
            }
            throw TLSError(code: .fileError, message: "cannot load private key from \(key)", entries: entries)
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .fromQueue(
                .privateKeyMismatch, "private key \(key) does not belong to the certificate in \(chain)")
        }
    }

    private static func loadTrust(_ context: OpaquePointer, path: String, what: String) throws(TLSError) {
        var status = stat()
        let isDirectory = stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
        let loaded =
            isDirectory
            ? SSL_CTX_load_verify_locations(context, nil, path) : SSL_CTX_load_verify_locations(context, path, nil)
        guard loaded == 1 else {
            throw .fromQueue(.fileError, "cannot load \(what) from \(path)")
        }
    }
}

/// The passphrase callback: no passphrase, so an encrypted key fails to load instead of prompting.
private func refusePassphrase(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int32, _ writing: Int32, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    0
}
