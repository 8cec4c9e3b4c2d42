import Foundation
public import Logging
public import TandemGRPC
public import TandemPostgres
public import TandemService

/// What a server process builds from its configuration before serving: its clusters (migrated
/// when configured), its authenticator and its clients to the other servers.
public struct ServiceStack: Sendable {
    public let configuration: ServerConfiguration
    /// Nil when no database is configured: the server then serves health and reflection only.
    public let clusters: ClusterSet?
    public let logger: Logger

    /// Opens the pools and applies migrations (when configured); exits the process with a
    /// message when that cannot be done.
    public static func startOrExit(
        _ configuration: ServerConfiguration, migrations: MigrationSet, logger: Logger
    ) async -> ServiceStack {
        let tenancy = configuration.tenancy
        let program = configuration.server.executableName
        if tenancy.clusters.isEmpty {
            logger.warning("no database configured: serving health and reflection only")
            return ServiceStack(configuration: configuration, clusters: nil, logger: logger)
        }
        if tenancy.serviceToken == nil {
            exitWithConfigurationError(
                .invalidValue("TANDEM_SERVICE_TOKEN", "required when the service has a database (services call each other with it)"),
                program: program)
        }
        if tenancy.migrateOnStart, !tenancy.migrationClusters.isEmpty {
            do {
                try await migrate(tenancy.migrationClusters, migrations, logger: logger, patience: .seconds(60))
            } catch {
                logger.critical("migrations failed", metadata: ["error": "\(error)"])
                exit(1)
            }
        }
        let clusters = ClusterSet(
            tenancy.clusters.map { cluster in
                (
                    cluster.name,
                    PostgresPool(
                        configuration: .init(
                            options: .init(
                                url: cluster.url.connectionString, applicationName: program,
                                statementTimeout: tenancy.statementTimeout),
                            maximumConnections: tenancy.poolSize, name: cluster.name))
                )
            })
        return ServiceStack(configuration: configuration, clusters: clusters, logger: logger)
    }

    /// Applies `migrations` on every cluster, each under the migration lock, and logs what each
    /// did. Waits up to `patience` for a cluster that cannot be reached yet (a database starting
    /// beside the service). Returns each cluster's report, in order.
    @discardableResult
    public static func migrate(
        _ clusters: [NamedDatabase], _ migrations: MigrationSet, logger: Logger, patience: Duration = .zero
    ) async throws -> [(cluster: String, report: MigrationReport)] {
        var reports: [(cluster: String, report: MigrationReport)] = []
        for cluster in clusters {
            let pool = PostgresPool(
                configuration: .init(
                    options: .init(url: cluster.url.connectionString, applicationName: "tandem-migrate", statementTimeout: .seconds(600)),
                    maximumConnections: 1, name: cluster.name))
            defer { pool.close() }
            let deadline = ContinuousClock.now + patience
            while true {
                do {
                    let report = try await Migrator.apply(migrations, on: pool)
                    logger.info(
                        "migrations applied",
                        metadata: [
                            "service": "\(migrations.service)", "cluster": "\(cluster.name)",
                            "applied": "\(report.applied.map(String.init).joined(separator: ","))",
                            "already_applied": "\(report.alreadyApplied.count)",
                        ])
                    reports.append((cluster.name, report))
                    break
                } catch let error as PostgresError where error.isUnavailable && ContinuousClock.now < deadline {
                    logger.warning("database not reachable yet; retrying", metadata: ["cluster": "\(cluster.name)", "error": "\(error)"])
                    try await Task.sleep(for: .seconds(2))
                }
            }
        }
        return reports
    }

    /// How this server authenticates its callers.
    public var authentication: Authenticator.Configuration {
        let tenancy = configuration.tenancy
        return Authenticator.Configuration(
            administratorToken: tenancy.administratorToken.map { Authenticator.Secret($0.revealed) },
            serviceToken: tenancy.serviceToken.map { Authenticator.Secret($0.revealed) },
            serviceIdentities: Set(tenancy.serviceIdentities),
            rateLimit: .init(ratePerSecond: tenancy.rateLimitPerSecond, burst: tenancy.rateLimitBurst))
    }

    /// A client to another Tandem server.
    public func client(for peer: TandemServer) throws -> GRPCClient {
        let address = configuration.tenancy.peers[peer] ?? peer.defaultListen
        return try GRPCClient(
            configuration: .init(
                host: address.host, port: address.port, tls: configuration.tls?.peerClientConfiguration,
                defaultTimeout: .seconds(30)),
            logger: logger)
    }

    /// Whether every cluster answers `SELECT 1`: what health reports as SERVING.
    public var readiness: (@Sendable () async -> Bool)? {
        guard let clusters else { return nil }
        return {
            for (_, pool) in clusters.all {
                do {
                    _ = try await pool.withConnection { try $0.query("SELECT 1") }
                } catch let error as PostgresError where error.kind == .poolTimeout {
                    continue  // every connection busy: reachable, only loaded
                } catch {
                    return false
                }
            }
            return true
        }
    }

    /// The service secret (present whenever `clusters` is).
    public var serviceToken: String { configuration.tenancy.serviceToken?.revealed ?? "" }

    /// The key that seals page tokens, the same on every replica.
    public var pageTokenKey: [UInt8] { Crypto.sha256(Array(("tandem-page-token|" + serviceToken).utf8)) }

    public func close() {
        clusters?.close()
    }
}
