public import TandemRPC
public import TandemTLS

/// Where a ``GRPCClient`` connects and how its calls behave. Every setting but the address has a
/// documented default.
public struct GRPCClientConfiguration: Sendable {
    /// How long to wait between failed connection attempts: gRPC's `connection-backoff.md`.
    ///
    /// The first retry waits `initial`; each later one `multiplier` times longer, at most
    /// `maximum`, spread by `jitter` (0.2: ±20 %) so that clients do not reconnect in lockstep.
    /// A connection that becomes ready resets the sequence.
    public struct Backoff: Sendable, Hashable {
        public var initial: Duration
        public var multiplier: Double
        public var jitter: Double
        public var maximum: Duration

        /// - Parameters:
        ///   - initial: Default 1 s.
        ///   - multiplier: Default 1.6.
        ///   - jitter: Default 0.2; 0 makes delays exact.
        ///   - maximum: Default 120 s.
        public init(
            initial: Duration = .seconds(1), multiplier: Double = 1.6, jitter: Double = 0.2,
            maximum: Duration = .seconds(120)
        ) {
            precondition(initial >= .zero && maximum >= initial, "backoff needs 0 <= initial <= maximum")
            precondition(multiplier >= 1 && (0...1).contains(jitter), "backoff needs multiplier >= 1, jitter in 0...1")
            self.initial = initial
            self.multiplier = multiplier
            self.jitter = jitter
            self.maximum = maximum
        }
    }

    /// gRPC's client keepalive (`keepalive_time`, `keepalive_timeout`): after `interval` with
    /// nothing received while calls are open, the client sends a PING; a connection whose PING is
    /// not answered within `timeout` is closed, its calls fail with UNAVAILABLE, and the next
    /// call reconnects. So a call on a connection that died silently (a peer gone without a FIN, a
    /// NAT entry dropped) fails instead of waiting forever. No PING is sent while no call is open,
    /// and `interval` should not be shorter than the server's minimum ping interval (Tandem's
    /// servers: 5 min) or the server answers GOAWAY `too_many_pings`.
    public struct Keepalive: Sendable, Hashable {
        public var interval: Duration
        public var timeout: Duration

        /// - Parameters:
        ///   - interval: Default 5 min.
        ///   - timeout: Default 20 s.
        public init(interval: Duration = .seconds(300), timeout: Duration = .seconds(20)) {
            precondition(interval > .zero && timeout > .zero, "keepalive needs a positive interval and timeout")
            self.interval = interval
            self.timeout = timeout
        }
    }

    /// The server's host name or IP address.
    public var host: String
    public var port: Int
    /// TLS settings (role `.client`); `nil` speaks cleartext HTTP/2 with prior knowledge. The
    /// server's certificate must name `tls.serverHostname`, or `host` when that is nil.
    public var tls: TLSConfiguration?
    /// How long one connection attempt may take: TCP, TLS and the server's HTTP/2 SETTINGS.
    public var connectTimeout: Duration
    /// Waits between failed connection attempts.
    public var backoff: Backoff
    /// Largest response message accepted, checked from its length prefix and while
    /// decompressing; a larger one fails the call with RESOURCE_EXHAUSTED.
    public var maximumResponseMessageSize: Int
    /// How request messages are compressed: `nil` (none) or `.gzip`.
    public var requestCompression: Compression?
    /// The timeout of calls that do not give one; `nil` means none.
    public var defaultTimeout: Duration?
    /// The `:authority` of every request; `nil` means `host:port`.
    public var authority: String?
    /// The `user-agent` of every request.
    public var userAgent: String
    /// Keepalive PINGs while calls are open; `nil` sends none.
    public var keepalive: Keepalive?

    /// The user agent sent when none is configured.
    public static let defaultUserAgent = "tandem-grpc/0.1"

    /// - Parameters:
    ///   - host: The server's host name or address.
    ///   - port: The server's port.
    ///   - tls: Default `nil`: cleartext.
    ///   - connectTimeout: Default 5 s.
    ///   - backoff: Default 1 s, ×1.6, ±20 %, at most 120 s.
    ///   - maximumResponseMessageSize: Default 4 MiB.
    ///   - requestCompression: Default `nil`: requests go uncompressed.
    ///   - defaultTimeout: Default `nil`: calls without a timeout wait as long as the server takes.
    ///   - authority: Default `nil`: `host:port`.
    ///   - userAgent: Default `tandem-grpc/0.1`.
    ///   - keepalive: Default a PING after 5 min without a frame while calls are open, 20 s to answer.
    public init(
        host: String,
        port: Int,
        tls: TLSConfiguration? = nil,
        connectTimeout: Duration = .seconds(5),
        backoff: Backoff = Backoff(),
        maximumResponseMessageSize: Int = 4 * 1024 * 1024,
        requestCompression: Compression? = nil,
        defaultTimeout: Duration? = nil,
        authority: String? = nil,
        userAgent: String = GRPCClientConfiguration.defaultUserAgent,
        keepalive: Keepalive? = Keepalive()
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.backoff = backoff
        self.maximumResponseMessageSize = maximumResponseMessageSize
        self.requestCompression = requestCompression
        self.defaultTimeout = defaultTimeout
        self.authority = authority
        self.userAgent = userAgent
        self.keepalive = keepalive
    }

    /// What `:authority` carries: the configured one, or `host:port` (an IPv6 host in brackets).
    var effectiveAuthority: String {
        if let authority { return authority }
        let host = self.host.contains(":") && !self.host.hasPrefix("[") ? "[\(self.host)]" : self.host
        return "\(host):\(self.port)"
    }

    /// The name the server's certificate must carry, also sent as SNI.
    var serverHostname: String {
        tls?.serverHostname ?? host
    }
}
