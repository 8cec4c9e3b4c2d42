import Logging
import TandemRuntime
import Testing

@Suite("Secrets never reach logs or output")
struct RedactionTests {
    @Test(
        "a database URL shows everything but its password",
        arguments: [
            (
                "postgresql://tandem_app:hunter2@127.0.0.1:5432/tandem_tasks",
                "postgresql://tandem_app:<redacted>@127.0.0.1:5432/tandem_tasks", "tandem_tasks"
            ),
            (
                "postgres://app:p%40ss:w0rd@db:5432/tandem_notify?sslmode=require",
                "postgres://app:<redacted>@db:5432/tandem_notify?sslmode=require", "tandem_notify"
            ),
            (
                "postgresql://owner:s3cr3t@h1:5432,h2:5432/tandem?password=hunter2&application_name=x",
                "postgresql://owner:<redacted>@h1:5432,h2:5432/tandem?password=<redacted>&application_name=x",
                "tandem"
            ),
            (
                "postgresql:///tandem_projects?host=/run/pg&user=app&sslpassword=hunter2",
                "postgresql:///tandem_projects?host=/run/pg&user=app&sslpassword=<redacted>", "tandem_projects"
            ),
            ("postgresql://app@localhost", "postgresql://app@localhost", nil),
        ])
    func databaseURL(raw: String, redacted: String, database: String?) throws {
        let url = try DatabaseURL(parsing: raw, variable: "DATABASE_URL")
        #expect(url.redacted == redacted)
        #expect(url.description == redacted)
        #expect(!url.debugDescription.contains("hunter2") && !url.debugDescription.contains("s3cr3t"))
        #expect(url.connectionString == raw)
        #expect(url.database == database)
    }

    @Test(
        "an unusable database URL is refused without repeating it",
        arguments: ["mysql://root:hunter2@db/x", "postgresql://u:hunter2@db/x y", "hunter2"])
    func invalidDatabaseURLIsNotEchoed(raw: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(server: .tasks, environment: Environment(["TANDEM_TASKS_DATABASE_URL": raw]))
        }
        #expect(error?.variable == "TANDEM_TASKS_DATABASE_URL")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test("the client's API key is redacted in its listing and its description")
    func apiKey() throws {
        let configuration = try ClientConfiguration(
            environment: Environment(["TANDEM_API_KEY": "tk_live_abc123", "TANDEM_ADDRESS": "10.0.0.5:443"]))
        #expect(configuration.apiKey?.revealed == "tk_live_abc123")
        #expect(
            configuration.environmentListing == """
                TANDEM_ADDRESS=10.0.0.5:443
                TANDEM_API_KEY=<redacted>
                """)
        #expect(!"\(configuration)".contains("tk_live_abc123"))
        #expect(!String(reflecting: configuration).contains("tk_live_abc123"))
    }

    @Test("an unset API key shows as not set, and defaults are marked")
    func clientDefaults() throws {
        let configuration = try ClientConfiguration(environment: Environment([:]))
        #expect(configuration == ClientConfiguration())
        #expect(
            configuration.environmentListing == """
                TANDEM_ADDRESS=127.0.0.1:7002  (default)
                TANDEM_API_KEY=(not set)
                """)
    }

    @Test("an invalid TANDEM_ADDRESS is refused naming the variable")
    func invalidClientAddress() {
        let error = #expect(throws: ConfigurationError.self) {
            try ClientConfiguration(environment: Environment(["TANDEM_ADDRESS": "https://tandem:443"]))
        }
        #expect(error?.variable == "TANDEM_ADDRESS")
    }

    @Test("a logged server configuration carries the database URL without its password")
    func loggedConfiguration() throws {
        let configuration = try ServerConfiguration(
            server: .tasks,
            environment: Environment([
                "DATABASE_URL": "postgresql://tandem_app:hunter2@127.0.0.1:5432/tandem_tasks?password=hunter2"
            ]))
        let output = LogCapture()
        output.logger(label: "tandem.tasks").info("configuration", metadata: configuration.logMetadata)
        let line = try #require(output.lines.first)
        #expect(!line.contains("hunter2"))
        let fields = try output.jsonObject(line: 0)
        #expect(
            fields["config.database_url"] as? String
                == "postgresql://tandem_app:<redacted>@127.0.0.1:5432/tandem_tasks?password=<redacted>")
        #expect(fields["config.listen"] as? String == "127.0.0.1:7001")
    }

    @Test("a Secret prints as <redacted>")
    func secret() {
        let secret = Secret("tk_live_abc123")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "Secret(<redacted>)")
    }
}
