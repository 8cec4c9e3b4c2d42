import Foundation
import Testing
@testable import TandemRuntime

@Suite("The optional configuration file (TANDEM_CONFIG_FILE)")
struct ConfigurationFileTests {
    @Test("NAME=VALUE lines, comments, export and quotes; the environment wins over the file")
    func reads() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-config-\(UUID()).env").path
        try """
        # Tandem settings
        TANDEM_TASKS_LISTEN=0.0.0.0:9001

        export TANDEM_LOG_LEVEL="debug"
          TANDEM_SHUTDOWN_GRACE_SECONDS=5
        TANDEM_WEBHOOK_ALLOW='loopback'
        """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var environment = Environment(["TANDEM_LOG_LEVEL": "error", "TANDEM_SHUTDOWN_GRACE_SECONDS": ""])
        try environment.complete(fromFileAt: path)
        #expect(environment["TANDEM_TASKS_LISTEN"] == "0.0.0.0:9001")
        #expect(environment["TANDEM_LOG_LEVEL"] == "error", "the environment wins")
        #expect(environment["TANDEM_SHUTDOWN_GRACE_SECONDS"] == "5", "an empty variable counts as unset")
        #expect(environment["TANDEM_WEBHOOK_ALLOW"] == "loopback")
        let configuration = try ServerConfiguration(server: .tasks, environment: environment)
        #expect(configuration.listen == HostAndPort(host: "0.0.0.0", port: 9001))
        #expect(configuration.shutdownGracePeriod == .seconds(5))
    }

    @Test("A malformed line or an unreadable file is refused, naming TANDEM_CONFIG_FILE, the file and the line")
    func refuses() {
        for (text, expected) in [("A=1\nnot a setting\n", "x.env:2"), ("lower=1", "x.env:1"), ("=1", "x.env:1")] {
            let error = #expect(throws: ConfigurationError.self) { try Environment.parseFile(text, path: "x.env") }
            #expect(error?.variable == "TANDEM_CONFIG_FILE")
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        }
        var environment = Environment([:])
        let error = #expect(throws: ConfigurationError.self) { try environment.complete(fromFileAt: "/nonexistent/tandem.env") }
        #expect(error?.message.contains("/nonexistent/tandem.env") == true)
    }
}
