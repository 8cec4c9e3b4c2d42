import Foundation

/// Everything a server process (`tandem-tasks`, `tandem-projects`, `tandem-notify`) is
/// configured with. Every setting has a documented default.
public struct ServerConfiguration: ReportableConfiguration, Hashable {
    public var server: TandemServer
    /// Where the gRPC API listens. Default: `server.defaultListen` (127.0.0.1:7001, 7002, 7003).
    public var listen: HostAndPort
    /// Where Prometheus metrics will be served. Default: `server.defaultMetricsListen`
    /// (127.0.0.1:7101, 7102, 7103).
    public var metricsListen: HostAndPort
    /// The service's own database. Default: none.
    public var databaseURL: DatabaseURL?
    /// Default: `LoggingConfiguration()` (info, json).
    public var logging: LoggingConfiguration
    /// How long a graceful shutdown may take before the remaining work is cancelled. Default 10 s.
    public var shutdownGracePeriod: Duration
    /// SwiftNIO event loop threads for gRPC connections. Default: one per CPU core (each call's
    /// handler runs as a task on its connection's event loop).
    public var eventLoopThreads: Int
    /// Clusters, migrations, credentials, rate limits and the other servers' addresses.
    public var tenancy: TenancyConfiguration
    /// TLS for serving and for calling the other servers. Default nil: cleartext HTTP/2.
    public var tls: TLSSettings?
    /// Event subscribers and reminder timing.
    public var events: EventsConfiguration

    public static let defaultShutdownGracePeriod: Duration = .seconds(10)
    public static var defaultEventLoopThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// - Parameters:
    ///   - listen: nil means `server.defaultListen`.
    ///   - metricsListen: nil means `server.defaultMetricsListen`.
    public init(
        server: TandemServer,
        listen: HostAndPort? = nil,
        metricsListen: HostAndPort? = nil,
        databaseURL: DatabaseURL? = nil,
        logging: LoggingConfiguration = LoggingConfiguration(),
        shutdownGracePeriod: Duration = ServerConfiguration.defaultShutdownGracePeriod,
        eventLoopThreads: Int = ServerConfiguration.defaultEventLoopThreads,
        tenancy: TenancyConfiguration? = nil,
        tls: TLSSettings? = nil,
        events: EventsConfiguration = EventsConfiguration()
    ) {
        self.server = server
        self.listen = listen ?? server.defaultListen
        self.metricsListen = metricsListen ?? server.defaultMetricsListen
        self.databaseURL = databaseURL
        self.logging = logging
        self.shutdownGracePeriod = shutdownGracePeriod
        self.eventLoopThreads = eventLoopThreads
        self.tenancy =
            tenancy ?? TenancyConfiguration(clusters: databaseURL.map { [NamedDatabase(name: "main", url: $0)] } ?? [])
        self.tls = tls
        self.events = events
    }

    /// The variable names this server reads, for messages and documentation.
    public struct Variables: Sendable, Hashable {
        public let listen: String
        public let metricsListen: String
        /// Read first; `sharedDatabaseURL` is the fallback.
        public let databaseURL: String
        public let sharedDatabaseURL = "DATABASE_URL"
        public let logLevel = LoggingConfiguration.levelVariable
        public let logFormat = LoggingConfiguration.formatVariable
        public let shutdownGraceSeconds = "TANDEM_SHUTDOWN_GRACE_SECONDS"
        public let eventLoopThreads = "TANDEM_EVENT_LOOP_THREADS"

        init(server: TandemServer) {
            self.listen = "\(server.variablePrefix)_LISTEN"
            self.metricsListen = "\(server.variablePrefix)_METRICS_LISTEN"
            self.databaseURL = "\(server.variablePrefix)_DATABASE_URL"
        }
    }

    public static func variables(for server: TandemServer) -> Variables {
        Variables(server: server)
    }

    /// Reads the configuration of `server` from `environment`; unset variables take their defaults.
    public init(server: TandemServer, environment: Environment) throws(ConfigurationError) {
        let names = Self.variables(for: server)
        let listen = try environment.value(names.listen, default: server.defaultListen, HostAndPort.init)
        let metricsListen = try environment.value(
            names.metricsListen, default: server.defaultMetricsListen, HostAndPort.init)
        if metricsListen == listen {
            throw .invalidValue(
                names.metricsListen, "\"\(metricsListen)\" is the same address as \(names.listen)")
        }
        let databaseVariable =
            environment[names.databaseURL] != nil ? names.databaseURL : names.sharedDatabaseURL
        let databaseURL = try environment.value(databaseVariable, default: nil) {
            raw, variable throws(ConfigurationError) -> DatabaseURL? in
            try DatabaseURL(parsing: raw, variable: variable)
        }
        let grace = try environment.value(
            names.shutdownGraceSeconds, default: Self.defaultShutdownGracePeriod
        ) { raw, variable throws(ConfigurationError) -> Duration in
            guard raw.allSatisfy({ $0.isASCII && $0.isNumber }), raw.count <= 4, let seconds = Int(raw),
                (1...3600).contains(seconds)
            else {
                throw .invalidValue(variable, "\"\(raw)\" is not a whole number of seconds from 1 to 3600")
            }
            return .seconds(seconds)
        }
        let threads = try environment.value(
            names.eventLoopThreads, default: Self.defaultEventLoopThreads
        ) { raw, variable throws(ConfigurationError) -> Int in
            guard raw.allSatisfy({ $0.isASCII && $0.isNumber }), raw.count <= 3, let threads = Int(raw),
                (1...256).contains(threads)
            else {
                throw .invalidValue(variable, "\"\(raw)\" is not a whole number from 1 to 256")
            }
            return threads
        }
        let tenancy = try TenancyConfiguration(server: server, environment: environment, databaseURL: databaseURL)
        self.init(
            server: server, listen: listen, metricsListen: metricsListen, databaseURL: databaseURL,
            logging: try LoggingConfiguration(environment: environment), shutdownGracePeriod: grace,
            eventLoopThreads: threads, tenancy: tenancy, tls: try TLSSettings.read(environment),
            events: try EventsConfiguration(server: server, environment: environment))
    }

    public var entries: [ConfigurationEntry] {
        let names = Self.variables(for: self.server)
        let graceSeconds = self.shutdownGracePeriod.components.seconds
        return [
            ConfigurationEntry(
                key: "listen", variable: names.listen, value: self.listen,
                isDefault: self.listen == self.server.defaultListen),
            ConfigurationEntry(
                key: "metrics_listen", variable: names.metricsListen, value: self.metricsListen,
                isDefault: self.metricsListen == self.server.defaultMetricsListen),
            ConfigurationEntry(
                key: "database_url", variable: names.databaseURL, value: self.databaseURL,
                isDefault: self.databaseURL == nil),
        ] + self.logging.entries + [
            ConfigurationEntry(
                key: "shutdown_grace_seconds", variable: names.shutdownGraceSeconds, value: graceSeconds,
                isDefault: self.shutdownGracePeriod == Self.defaultShutdownGracePeriod),
            ConfigurationEntry(
                key: "event_loop_threads", variable: names.eventLoopThreads, value: self.eventLoopThreads,
                isDefault: self.eventLoopThreads == Self.defaultEventLoopThreads),
        ] + self.tenancy.entries(server: self.server) + self.events.entries(server: self.server) + (self.tls?.entries ?? [
            ConfigurationEntry(key: "tls_cert_file", variable: TLSSettings.Variables.certificate, value: String?.none, isDefault: true)
        ])
    }
}
