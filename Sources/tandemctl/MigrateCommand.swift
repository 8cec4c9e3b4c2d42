import ArgumentParser
import Logging
import TandemMigrations
import TandemPostgres
import TandemRuntime

/// `tandemctl migrate`: applies the services' migrations on every configured cluster.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the services' SQL migrations on every configured cluster (as the schema owner).",
        discussion: """
            Each service's clusters come from --cluster, else from TANDEM_<SERVICE>_MIGRATION_CLUSTERS \
            (name=postgresql://...,...) or TANDEM_<SERVICE>_MIGRATION_DATABASE_URL. Migrations are \
            forward-only and recorded; several replicas or runs at once apply each file once. \
            Exit status: 0 applied or nothing to do; 1 a migration failed; 3 a cluster is unreachable; \
            78 bad configuration.
            """)

    @Option(help: "tasks, projects, notify or all.") var service = "all"
    @Option(help: "name=postgresql://owner@host/db for the chosen service; repeatable.") var cluster: [String] = []

    func run() async throws {
        let sets: [(TandemServer, MigrationSet)] = [(.tasks, .tasks), (.projects, .projects), (.notify, .notify)]
        let chosen = service == "all" ? sets : sets.filter { $0.0.rawValue == service }
        guard !chosen.isEmpty else { throw ValidationError("unknown service \(service): tasks, projects, notify or all") }
        if !cluster.isEmpty, chosen.count != 1 { throw ValidationError("--cluster needs one --service") }
        let logger = Logger(label: "tandemctl")
        var migratedAny = false
        for (server, set) in chosen {
            let clusters: [NamedDatabase]
            do {
                if cluster.isEmpty {
                    let environment = Environment.process()
                    let configuration = try TenancyConfiguration(server: server, environment: environment, databaseURL: nil)
                    clusters = configuration.migrationClusters
                } else {
                    clusters = try TenancyConfiguration.clusterList(
                        Environment(["--cluster": cluster.joined(separator: ",")]), "--cluster")
                }
            } catch {
                exitWithConfigurationError(error, program: "tandemctl")
            }
            if clusters.isEmpty {
                print("\(server.executableName): no migration cluster configured; skipped")
                continue
            }
            do {
                for named in clusters {
                    let pool = PostgresPool(
                        configuration: .init(
                            options: .init(url: named.url.connectionString, applicationName: "tandemctl-migrate", statementTimeout: .seconds(600)),
                            maximumConnections: 1, name: named.name))
                    defer { pool.close() }
                    let report = try await Migrator.apply(set, on: pool)
                    print(
                        "\(server.executableName) \(named.name): applied \(report.applied.count) (\(report.applied.map(String.init).joined(separator: ","))), already applied \(report.alreadyApplied.count)"
                    )
                    migratedAny = true
                }
            } catch let error as PostgresError {
                printError("tandemctl: \(server.executableName): \(error)")
                throw ExitCode(error.isUnavailable ? ExitStatus.unavailable : ExitStatus.callFailed)
            }
        }
        _ = logger
        if !migratedAny { printError("tandemctl: nothing migrated: configure the migration clusters") }
    }
}
