/// A named PostgreSQL cluster of a service: the database it keeps there.
public struct NamedDatabase: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var url: DatabaseURL

    public init(name: String, url: DatabaseURL) {
        self.name = name
        self.url = url
    }

    public var description: String { "\(name)=\(url.redacted)" }
}

/// How a server reaches its data and decides who may call it.
public struct TenancyConfiguration: Sendable, Hashable {
    /// The clusters the service's queries go to, connecting as the application role (no table
    /// owned, no BYPASSRLS). Empty: no database; the server serves health and reflection only.
    public var clusters: [NamedDatabase]
    /// The same clusters reached as the schema owner, for migrations. Empty: this process does
    /// not migrate (run `tandemctl migrate`).
    public var migrationClusters: [NamedDatabase]
    /// Whether to apply migrations at start-up when `migrationClusters` is set. Default true.
    public var migrateOnStart: Bool
    /// Connections per cluster. Default 10.
    public var poolSize: Int
    /// Default 30 s.
    public var statementTimeout: Duration
    /// The administrator credential (reaches TenantAdmin only).
    public var administratorToken: Secret?
    /// The credential Tandem's services present to each other.
    public var serviceToken: Secret?
    /// Client-certificate identities that count as services (mTLS).
    public var serviceIdentities: [String]
    /// Per-tenant rate limit. Default 200 calls per second, bursts of 400.
    public var rateLimitPerSecond: Double
    public var rateLimitBurst: Double
    /// Where each server listens, for service-to-service calls.
    public var peers: [TandemServer: HostAndPort]

    public static let defaultPoolSize = 10
    public static let defaultStatementTimeout: Duration = .seconds(30)
    public static let defaultRatePerSecond = 200.0
    public static let defaultBurst = 400.0

    public init(
        clusters: [NamedDatabase] = [], migrationClusters: [NamedDatabase] = [], migrateOnStart: Bool = true,
        poolSize: Int = TenancyConfiguration.defaultPoolSize,
        statementTimeout: Duration = TenancyConfiguration.defaultStatementTimeout, administratorToken: Secret? = nil,
        serviceToken: Secret? = nil, serviceIdentities: [String] = [],
        rateLimitPerSecond: Double = TenancyConfiguration.defaultRatePerSecond,
        rateLimitBurst: Double = TenancyConfiguration.defaultBurst,
        peers: [TandemServer: HostAndPort] = TenancyConfiguration.defaultPeers
    ) {
        self.clusters = clusters
        self.migrationClusters = migrationClusters
        self.migrateOnStart = migrateOnStart
        self.poolSize = poolSize
        self.statementTimeout = statementTimeout
        self.administratorToken = administratorToken
        self.serviceToken = serviceToken
        self.serviceIdentities = serviceIdentities
        self.rateLimitPerSecond = rateLimitPerSecond
        self.rateLimitBurst = rateLimitBurst
        self.peers = peers
    }

    public static var defaultPeers: [TandemServer: HostAndPort] {
        Dictionary(uniqueKeysWithValues: TandemServer.allCases.map { ($0, $0.defaultListen) })
    }

    /// The variables, for messages and documentation.
    public struct Variables: Sendable {
        public let clusters: String
        public let migrationClusters: String
        public let migrationDatabaseURL: String
        public let migrateOnStart = "TANDEM_MIGRATE_ON_START"
        public let poolSize = "TANDEM_DATABASE_POOL_SIZE"
        public let statementTimeout = "TANDEM_DATABASE_STATEMENT_TIMEOUT_SECONDS"
        public let administratorToken = "TANDEM_ADMIN_TOKEN"
        public let serviceToken = "TANDEM_SERVICE_TOKEN"
        public let serviceIdentities = "TANDEM_SERVICE_IDENTITIES"
        public let ratePerSecond = "TANDEM_RATE_LIMIT_PER_SECOND"
        public let burst = "TANDEM_RATE_LIMIT_BURST"

        init(server: TandemServer) {
            self.clusters = "\(server.variablePrefix)_CLUSTERS"
            self.migrationClusters = "\(server.variablePrefix)_MIGRATION_CLUSTERS"
            self.migrationDatabaseURL = "\(server.variablePrefix)_MIGRATION_DATABASE_URL"
        }

        /// Where another server is reached: `TANDEM_<PEER>_ADDRESS`.
        public func peerAddress(_ peer: TandemServer) -> String { "\(peer.variablePrefix)_ADDRESS" }
    }

    /// Reads the settings of `server`; `databaseURL` is the single-cluster setting already read
    /// (`TANDEM_<SERVICE>_DATABASE_URL` or `DATABASE_URL`), used as cluster `main` when no
    /// cluster list is given.
    public init(server: TandemServer, environment: Environment, databaseURL: DatabaseURL?) throws(ConfigurationError) {
        let names = Variables(server: server)
        var clusters = try Self.clusterList(environment, names.clusters)
        if clusters.isEmpty, let databaseURL { clusters = [NamedDatabase(name: "main", url: databaseURL)] }
        let migrationClusters = try Self.migrationClusters(server: server, environment: environment)
        for cluster in migrationClusters where !clusters.contains(where: { $0.name == cluster.name }) {
            throw .invalidValue(
                names.migrationClusters, "cluster \"\(cluster.name)\" is not one of the service's clusters (\(names.clusters))")
        }
        let migrateOnStart = try environment.value(names.migrateOnStart, default: true) {
            raw, variable throws(ConfigurationError) -> Bool in
            switch raw.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw .invalidValue(variable, "\"\(raw)\" is not true or false")
            }
        }
        let poolSize = try Self.wholeNumber(environment, names.poolSize, 1...500, default: Self.defaultPoolSize)
        let timeout = try Self.wholeNumber(environment, names.statementTimeout, 1...3600, default: 30)
        let identities = environment[names.serviceIdentities].map {
            $0.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        } ?? []
        let rate = try Self.wholeNumber(environment, names.ratePerSecond, 1...1_000_000, default: Int(Self.defaultRatePerSecond))
        let burst = try Self.wholeNumber(environment, names.burst, 1...1_000_000, default: Int(Self.defaultBurst))
        var peers = Self.defaultPeers
        for peer in TandemServer.allCases {
            peers[peer] = try environment.value(names.peerAddress(peer), default: peer.defaultListen, HostAndPort.init)
        }
        self.init(
            clusters: clusters, migrationClusters: migrationClusters, migrateOnStart: migrateOnStart, poolSize: poolSize,
            statementTimeout: .seconds(timeout), administratorToken: environment[names.administratorToken].map(Secret.init),
            serviceToken: environment[names.serviceToken].map(Secret.init), serviceIdentities: identities,
            rateLimitPerSecond: Double(rate), rateLimitBurst: Double(burst), peers: peers)
    }

    /// The clusters `server` is migrated on, as the schema owner: `TANDEM_<SERVICE>_MIGRATION_CLUSTERS`,
    /// else `TANDEM_<SERVICE>_MIGRATION_DATABASE_URL` as cluster `main`, else none.
    public static func migrationClusters(server: TandemServer, environment: Environment) throws(ConfigurationError)
        -> [NamedDatabase]
    {
        let names = Variables(server: server)
        let clusters = try clusterList(environment, names.migrationClusters)
        if clusters.isEmpty, let raw = environment[names.migrationDatabaseURL] {
            return [NamedDatabase(name: "main", url: try DatabaseURL(parsing: raw, variable: names.migrationDatabaseURL))]
        }
        return clusters
    }

    /// `name=postgresql://...,name=postgresql://...`; names are lower-case words.
    public static func clusterList(_ environment: Environment, _ variable: String) throws(ConfigurationError) -> [NamedDatabase] {
        guard let raw = environment[variable] else { return [] }
        var clusters: [NamedDatabase] = []
        for item in raw.split(separator: ",") {
            guard let equals = item.firstIndex(of: "=") else {
                throw .invalidValue(variable, "expected name=postgresql://... items separated by commas")
            }
            let name = String(item[..<equals]).trimmingSpaces()
            guard !name.isEmpty, name.count <= 40,
                name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") })
            else {
                throw .invalidValue(variable, "cluster name \"\(name)\" must be 1 to 40 lower-case letters, digits, - or _")
            }
            guard !clusters.contains(where: { $0.name == name }) else {
                throw .invalidValue(variable, "cluster \"\(name)\" is named twice")
            }
            let url = try DatabaseURL(parsing: String(item[item.index(after: equals)...]).trimmingSpaces(), variable: variable)
            clusters.append(NamedDatabase(name: name, url: url))
        }
        return clusters
    }

    static func wholeNumber(_ environment: Environment, _ variable: String, _ range: ClosedRange<Int>, default value: Int)
        throws(ConfigurationError) -> Int
    {
        try environment.value(variable, default: value) { raw, variable throws(ConfigurationError) -> Int in
            guard raw.count <= 8, raw.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(raw), range.contains(number)
            else {
                throw .invalidValue(variable, "\"\(raw)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
    }

    func entries(server: TandemServer) -> [ConfigurationEntry] {
        let names = Variables(server: server)
        var entries = [
            ConfigurationEntry(
                key: "clusters", variable: names.clusters,
                value: clusters.isEmpty ? nil : clusters.map(\.description).joined(separator: ","), isDefault: clusters.isEmpty),
            ConfigurationEntry(
                key: "migration_clusters", variable: names.migrationClusters,
                value: migrationClusters.isEmpty ? nil : migrationClusters.map(\.description).joined(separator: ","),
                isDefault: migrationClusters.isEmpty),
            ConfigurationEntry(key: "migrate_on_start", variable: names.migrateOnStart, value: migrateOnStart, isDefault: migrateOnStart),
            ConfigurationEntry(
                key: "database_pool_size", variable: names.poolSize, value: poolSize, isDefault: poolSize == Self.defaultPoolSize),
            ConfigurationEntry(
                key: "database_statement_timeout_seconds", variable: names.statementTimeout,
                value: statementTimeout.components.seconds, isDefault: statementTimeout == Self.defaultStatementTimeout),
            ConfigurationEntry(key: "admin_token", variable: names.administratorToken, secret: administratorToken),
            ConfigurationEntry(key: "service_token", variable: names.serviceToken, secret: serviceToken),
            ConfigurationEntry(
                key: "service_identities", variable: names.serviceIdentities,
                value: serviceIdentities.isEmpty ? nil : serviceIdentities.joined(separator: ","), isDefault: serviceIdentities.isEmpty),
            ConfigurationEntry(
                key: "rate_limit_per_second", variable: names.ratePerSecond, value: Int(rateLimitPerSecond),
                isDefault: rateLimitPerSecond == Self.defaultRatePerSecond),
            ConfigurationEntry(
                key: "rate_limit_burst", variable: names.burst, value: Int(rateLimitBurst), isDefault: rateLimitBurst == Self.defaultBurst),
        ]
        for peer in TandemServer.allCases where peer != server {
            let address = peers[peer] ?? peer.defaultListen
            entries.append(
                ConfigurationEntry(
                    key: "\(peer.rawValue)_address", variable: names.peerAddress(peer), value: address,
                    isDefault: address == peer.defaultListen))
        }
        return entries
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
