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
        // Quiet: the lines below say what happened.
        let logger = Logger(label: "tandemctl", factory: { _ in SwiftLogNoOpLogHandler() })
        var migratedAny = false
        for (server, set) in chosen {
            let clusters: [NamedDatabase]
            do {
                if cluster.isEmpty {
                    clusters = try TenancyConfiguration.migrationClusters(server: server, environment: try .process())
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
                // One cluster at a time, so that each line appears as its cluster is done.
                for named in clusters {
                    let (name, report) = try await ServiceStack.migrate([named], set, logger: logger)[0]
                    print(
                        "\(server.executableName) \(name): applied \(report.applied.count) (\(report.applied.map(String.init).joined(separator: ","))), already applied \(report.alreadyApplied.count)"
                    )
                    migratedAny = true
                }
            } catch let error as PostgresError {
                printError("tandemctl: \(server.executableName): \(error)")
                throw ExitCode(error.isUnavailable ? ExitStatus.unavailable : ExitStatus.callFailed)
            }
        }
        if !migratedAny { printError("tandemctl: nothing migrated: configure the migration clusters") }
    }
}
