public import TandemRPC
public import TandemTLS

/// How a gRPC server listens and what it tolerates from its peers.
public struct GRPCServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// TLS (and mutual TLS) settings; `nil` serves cleartext HTTP/2 with prior knowledge.
    public var tls: TLSConfiguration?
    /// Limits and policies applied to each call.
    public var calls: ServerCallRunner.Configuration
    /// Concurrent streams per connection, advertised in SETTINGS (default 100).
    public var maximumConcurrentStreams: Int
    /// Largest header list accepted, advertised in SETTINGS (default 8 KiB).
    public var maximumHeaderListSize: Int
    /// Response bytes buffered per stream before its writer waits (default 1 MiB).
    public var maximumBufferedBytesPerStream: Int
    /// Response bytes buffered per connection before every writer waits (default 16 MiB).
    public var maximumBufferedBytesPerConnection: Int
    /// A new connection must send its preface (magic and SETTINGS) within this time (default 10 s).
    public var prefaceTimeout: Duration
    /// A header block (HEADERS and its CONTINUATION frames) must be complete within this time
    /// of its first frame (default 10 s).
    public var headerTimeout: Duration
    /// A connection with no open stream for this long is closed with GOAWAY (default 5 min).
    public var idleTimeout: Duration
    /// The shortest interval between client pings the server accepts without a strike
    /// (gRPC's `min_recv_ping_interval_without_data`, default 5 min).
    public var minimumPingInterval: Duration
    /// Strikes allowed before GOAWAY ENHANCE_YOUR_CALM `too_many_pings` (default 2).
    public var maximumPingStrikes: Int
    /// At shutdown, how long in-flight calls may take to finish after the GOAWAY (default 10 s).
    public var shutdownGracePeriod: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: TLSConfiguration? = nil,
        calls: ServerCallRunner.Configuration = ServerCallRunner.Configuration(),
        maximumConcurrentStreams: Int = 100,
        maximumHeaderListSize: Int = 8 * 1024,
        maximumBufferedBytesPerStream: Int = 1024 * 1024,
        maximumBufferedBytesPerConnection: Int = 16 * 1024 * 1024,
        prefaceTimeout: Duration = .seconds(10),
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(300),
        minimumPingInterval: Duration = .seconds(300),
        maximumPingStrikes: Int = 2,
        shutdownGracePeriod: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.calls = calls
        self.maximumConcurrentStreams = maximumConcurrentStreams
        self.maximumHeaderListSize = maximumHeaderListSize
        self.maximumBufferedBytesPerStream = maximumBufferedBytesPerStream
        self.maximumBufferedBytesPerConnection = maximumBufferedBytesPerConnection
        self.prefaceTimeout = prefaceTimeout
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.minimumPingInterval = minimumPingInterval
        self.maximumPingStrikes = maximumPingStrikes
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}
