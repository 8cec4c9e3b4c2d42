import Logging
import TandemRuntime
import Testing

@Suite("Server configuration from the environment")
struct ServerConfigurationTests {
    @Test("an empty environment gives every documented default", arguments: TandemServer.allCases)
    func defaults(server: TandemServer) throws {
        let configuration = try ServerConfiguration(server: server, environment: Environment([:]))
        let expectedPort = [TandemServer.tasks: 7001, .projects: 7002, .notify: 7003][server]!
        #expect(configuration.listen == HostAndPort(host: "127.0.0.1", port: expectedPort))
        #expect(configuration.metricsListen == HostAndPort(host: "127.0.0.1", port: expectedPort + 100))
        #expect(configuration.databaseURL == nil)
        #expect(configuration.logging.level == .info)
        #expect(configuration.logging.format == .json)
        #expect(configuration.shutdownGracePeriod == .seconds(10))
        #expect(configuration == ServerConfiguration(server: server))
        #expect(configuration.entries.allSatisfy { $0.isDefault })
    }

    @Test("set variables override the defaults", arguments: TandemServer.allCases)
    func overrides(server: TandemServer) throws {
        let prefix = server.variablePrefix
        let configuration = try ServerConfiguration(
            server: server,
            environment: Environment([
                "\(prefix)_LISTEN": "0.0.0.0:8001",
                "\(prefix)_METRICS_LISTEN": "[::1]:9001",
                "\(prefix)_DATABASE_URL": "postgresql://app:pw@db.internal:5433/tandem_\(server.rawValue)",
                "TANDEM_LOG_LEVEL": "DEBUG",
                "TANDEM_LOG_FORMAT": "text",
                "TANDEM_SHUTDOWN_GRACE_SECONDS": "30",
                "TANDEM_EVENT_LOOP_THREADS": "\(ServerConfiguration.defaultEventLoopThreads + 1)",
                "\(prefix)_MIGRATION_DATABASE_URL": "postgresql://owner:pw@db.internal:5433/tandem_\(server.rawValue)",
                "TANDEM_MIGRATE_ON_START": "false",
                "TANDEM_DATABASE_POOL_SIZE": "4",
                "TANDEM_DATABASE_STATEMENT_TIMEOUT_SECONDS": "5",
                "TANDEM_ADMIN_TOKEN": "a", "TANDEM_SERVICE_TOKEN": "s", "TANDEM_SERVICE_IDENTITIES": "tandem-tasks, tandem-notify",
                "TANDEM_RATE_LIMIT_PER_SECOND": "10", "TANDEM_RATE_LIMIT_BURST": "20",
                "TANDEM_TASKS_ADDRESS": "10.0.0.1:7001", "TANDEM_PROJECTS_ADDRESS": "10.0.0.2:7002",
                "TANDEM_NOTIFY_ADDRESS": "10.0.0.3:7003",
                "\(prefix)_EVENT_SUBSCRIBERS": server == .notify ? "projects" : "notify",
                "TANDEM_REMINDER_LEAD_HOURS": "2",
                "TANDEM_WEBHOOK_MAX_ATTEMPTS": "3", "TANDEM_WEBHOOK_RETRY_BASE_MS": "100",
                "TANDEM_WEBHOOK_RETRY_CAP_SECONDS": "60", "TANDEM_WEBHOOK_TIMEOUT_SECONDS": "2",
                "TANDEM_WEBHOOK_CONCURRENCY": "4", "TANDEM_WEBHOOK_ALLOW": "loopback, private",
                // Parsing checks only that the files are readable.
                "TANDEM_TLS_CERT_FILE": "/etc/hostname", "TANDEM_TLS_KEY_FILE": "/etc/hostname",
                "TANDEM_TLS_CLIENT_CA_FILE": "/etc/hostname", "TANDEM_TLS_CLIENT_AUTH": "require",
                "TANDEM_TLS_CA_FILE": "/etc/hostname",
            ]))
        #expect(configuration.tls?.clientAuthentication == .required)
        #expect(configuration.tenancy.clusters.map(\.name) == ["main"])
        #expect(configuration.tenancy.migrationClusters.map(\.url.database) == ["tandem_\(server.rawValue)"])
        #expect(configuration.tenancy.serviceIdentities == ["tandem-tasks", "tandem-notify"])
        #expect(configuration.tenancy.peers[.projects] == HostAndPort(host: "10.0.0.2", port: 7002))
        #expect(configuration.listen == HostAndPort(host: "0.0.0.0", port: 8001))
        #expect(configuration.metricsListen == HostAndPort(host: "::1", port: 9001))
        #expect(configuration.databaseURL?.database == "tandem_\(server.rawValue)")
        #expect(configuration.logging == LoggingConfiguration(level: .debug, format: .text))
        #expect(configuration.shutdownGracePeriod == .seconds(30))
        #expect(configuration.eventLoopThreads == ServerConfiguration.defaultEventLoopThreads + 1)
        #expect(configuration.events.subscribers == [server == .notify ? .projects : .notify])
        if server == .notify {
            #expect(configuration.events.webhooks.allow == ["loopback", "private"])
            #expect(configuration.events.webhooks.maxAttempts == 3 && configuration.events.webhooks.retryBaseMilliseconds == 100)
        }
        #expect(configuration.entries.allSatisfy { !$0.isDefault }, "\(configuration.entries.filter(\.isDefault))")
    }

    @Test("Clusters by name; migration clusters must be among them; bad lists name their variable")
    func clusters() throws {
        let configuration = try ServerConfiguration(
            server: .tasks,
            environment: Environment([
                "TANDEM_TASKS_CLUSTERS": "east=postgresql://app:pw@east/tandem_tasks, west=postgresql://app:pw@west/tandem_tasks",
                "TANDEM_TASKS_MIGRATION_CLUSTERS": "west=postgresql://owner:pw@west/tandem_tasks",
            ]))
        #expect(configuration.tenancy.clusters.map(\.name) == ["east", "west"])
        #expect(configuration.tenancy.migrationClusters.map(\.name) == ["west"])
        #expect(!configuration.entries.map(\.shownValue).joined().contains("pw"), "passwords never show")

        for (variables, variable) in [
            (["TANDEM_TASKS_CLUSTERS": "east"], "TANDEM_TASKS_CLUSTERS"),
            (["TANDEM_TASKS_CLUSTERS": "East=postgresql://h/d"], "TANDEM_TASKS_CLUSTERS"),
            (["TANDEM_TASKS_CLUSTERS": "a=postgresql://h/d,a=postgresql://h/e"], "TANDEM_TASKS_CLUSTERS"),
            (["TANDEM_TASKS_CLUSTERS": "a=mysql://h/d"], "TANDEM_TASKS_CLUSTERS"),
            (
                ["TANDEM_TASKS_CLUSTERS": "a=postgresql://h/d", "TANDEM_TASKS_MIGRATION_CLUSTERS": "b=postgresql://h/d"],
                "TANDEM_TASKS_MIGRATION_CLUSTERS"
            ),
            (["TANDEM_DATABASE_POOL_SIZE": "0"], "TANDEM_DATABASE_POOL_SIZE"),
            (["TANDEM_MIGRATE_ON_START": "maybe"], "TANDEM_MIGRATE_ON_START"),
            (["TANDEM_PROJECTS_ADDRESS": "nowhere"], "TANDEM_PROJECTS_ADDRESS"),
        ] {
            let error = #expect(throws: ConfigurationError.self) {
                try ServerConfiguration(server: .tasks, environment: Environment(variables))
            }
            #expect(error?.variable == variable, "\(variables)")
        }
    }

    @Test("TLS settings come in pairs and name the variable that is missing or unreadable")
    func tlsSettings() throws {
        #expect(try ServerConfiguration(server: .tasks, environment: Environment([:])).tls == nil)
        for (variables, variable) in [
            (["TANDEM_TLS_CERT_FILE": "/etc/hostname"], "TANDEM_TLS_KEY_FILE"),
            (["TANDEM_TLS_KEY_FILE": "/etc/hostname"], "TANDEM_TLS_CERT_FILE"),
            (["TANDEM_TLS_CERT_FILE": "/nonexistent/cert.pem", "TANDEM_TLS_KEY_FILE": "/etc/hostname"], "TANDEM_TLS_CERT_FILE"),
            (
                ["TANDEM_TLS_CERT_FILE": "/etc/hostname", "TANDEM_TLS_KEY_FILE": "/etc/hostname", "TANDEM_TLS_CLIENT_AUTH": "require"],
                "TANDEM_TLS_CLIENT_CA_FILE"
            ),
            (
                ["TANDEM_TLS_CERT_FILE": "/etc/hostname", "TANDEM_TLS_KEY_FILE": "/etc/hostname", "TANDEM_TLS_CLIENT_AUTH": "always"],
                "TANDEM_TLS_CLIENT_AUTH"
            ),
        ] {
            let error = #expect(throws: ConfigurationError.self) {
                try ServerConfiguration(server: .tasks, environment: Environment(variables))
            }
            #expect(error?.variable == variable, "\(variables)")
        }
    }

    @Test("another server's variables are not read")
    func otherServersVariables() throws {
        let configuration = try ServerConfiguration(
            server: .tasks,
            environment: Environment(["TANDEM_PROJECTS_LISTEN": "127.0.0.1:9999", "TANDEM_NOTIFY_LISTEN": "x"]))
        #expect(configuration.listen.port == 7001)
    }

    @Test("the service's own database URL wins over DATABASE_URL")
    func databaseURLPrecedence() throws {
        let shared = Environment(["DATABASE_URL": "postgresql://u@h/shared"])
        #expect(try ServerConfiguration(server: .notify, environment: shared).databaseURL?.database == "shared")

        var both = shared
        both.variables["TANDEM_NOTIFY_DATABASE_URL"] = "postgresql://u@h/own"
        #expect(try ServerConfiguration(server: .notify, environment: both).databaseURL?.database == "own")
    }

    @Test("a variable set to the empty string counts as unset")
    func emptyIsUnset() throws {
        let configuration = try ServerConfiguration(
            server: .tasks,
            environment: Environment(["TANDEM_TASKS_LISTEN": "", "DATABASE_URL": "", "TANDEM_LOG_LEVEL": ""]))
        #expect(configuration == ServerConfiguration(server: .tasks))
    }

    static let invalidValues: [(variable: String, value: String)] = [
        ("TANDEM_TASKS_LISTEN", "127.0.0.1"),
        ("TANDEM_TASKS_LISTEN", "127.0.0.1:0"),
        ("TANDEM_TASKS_LISTEN", "127.0.0.1:65536"),
        ("TANDEM_TASKS_LISTEN", "127.0.0.1:70x1"),
        ("TANDEM_TASKS_LISTEN", ":7001"),
        ("TANDEM_TASKS_LISTEN", "my host:7001"),
        ("TANDEM_TASKS_LISTEN", "[::1:7001"),
        ("TANDEM_TASKS_LISTEN", "[]:7001"),
        ("TANDEM_TASKS_METRICS_LISTEN", "localhost:-1"),
        ("TANDEM_TASKS_METRICS_LISTEN", "127.0.0.1:7001"),  // the gRPC address
        ("TANDEM_LOG_LEVEL", "verbose"),
        ("TANDEM_LOG_FORMAT", "yaml"),
        ("TANDEM_SHUTDOWN_GRACE_SECONDS", "0"),
        ("TANDEM_SHUTDOWN_GRACE_SECONDS", "3601"),
        ("TANDEM_SHUTDOWN_GRACE_SECONDS", "1.5"),
        ("TANDEM_SHUTDOWN_GRACE_SECONDS", "-3"),
        ("TANDEM_EVENT_LOOP_THREADS", "0"),
        ("TANDEM_EVENT_LOOP_THREADS", "257"),
        ("TANDEM_EVENT_LOOP_THREADS", "two"),
        ("TANDEM_TASKS_DATABASE_URL", "mysql://u:p@h/db"),
        ("DATABASE_URL", "host=localhost dbname=tandem"),
        ("TANDEM_TASKS_EVENT_SUBSCRIBERS", "notify,mail"),
        ("TANDEM_TASKS_EVENT_SUBSCRIBERS", "tasks"),
        ("TANDEM_REMINDER_LEAD_HOURS", "721"),
        ("TANDEM_REMINDER_LEAD_HOURS", "1.5"),
    ]

    @Test("an invalid value is refused with an error naming its variable", arguments: invalidValues)
    func invalidValueNamesVariable(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(server: .tasks, environment: Environment([variable: value]))
        }
        #expect(error?.variable == variable)
        #expect(error?.code == .invalidValue)
        #expect(error?.description.hasPrefix("\(variable): ") == true)
    }

    @Test(
        "a refused non-secret value is quoted in the message",
        arguments: invalidValues.filter { !$0.variable.hasSuffix("DATABASE_URL") })
    func invalidValueIsQuoted(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(server: .tasks, environment: Environment([variable: value]))
        }
        #expect(error?.message.contains("\"\(value)\"") == true)
    }

    @Test(
        "tandem-notify refuses invalid webhook settings, naming the variable",
        arguments: [
            ("TANDEM_WEBHOOK_MAX_ATTEMPTS", "0"), ("TANDEM_WEBHOOK_MAX_ATTEMPTS", "51"), ("TANDEM_WEBHOOK_RETRY_BASE_MS", "5"),
            ("TANDEM_WEBHOOK_RETRY_CAP_SECONDS", "0"), ("TANDEM_WEBHOOK_TIMEOUT_SECONDS", "301"),
            ("TANDEM_WEBHOOK_CONCURRENCY", "many"), ("TANDEM_WEBHOOK_ALLOW", "loopback,everything"),
        ])
    func invalidWebhookSetting(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(server: .notify, environment: Environment([variable: value]))
        }
        #expect(error?.variable == variable)
        #expect(error?.message.contains("\"\(value)\"") == true)
        // The other servers do not read them.
        #expect(throws: Never.self) { try ServerConfiguration(server: .tasks, environment: Environment([variable: value])) }
    }

    @Test("every valid log level is accepted", arguments: Logger.Level.allCases)
    func logLevels(level: Logger.Level) throws {
        let configuration = try ServerConfiguration(
            server: .projects, environment: Environment(["TANDEM_LOG_LEVEL": level.rawValue.uppercased()]))
        #expect(configuration.logging.level == level)
    }

    @Test("the configuration lists each setting under its variable")
    func entries() throws {
        let configuration = try ServerConfiguration(
            server: .projects, environment: Environment(["TANDEM_PROJECTS_LISTEN": "10.1.2.3:7202"]))
        let byVariable = Dictionary(uniqueKeysWithValues: configuration.entries.map { ($0.variable, $0) })
        #expect(byVariable["TANDEM_PROJECTS_LISTEN"]?.shownValue == "10.1.2.3:7202")
        #expect(byVariable["TANDEM_PROJECTS_LISTEN"]?.isDefault == false)
        #expect(byVariable["TANDEM_PROJECTS_METRICS_LISTEN"]?.shownValue == "127.0.0.1:7102")
        #expect(byVariable["TANDEM_PROJECTS_DATABASE_URL"]?.shownValue == ConfigurationEntry.notSet)
        #expect(byVariable["TANDEM_LOG_LEVEL"]?.shownValue == "info")
        #expect(byVariable["TANDEM_SHUTDOWN_GRACE_SECONDS"]?.shownValue == "10")
    }
}
