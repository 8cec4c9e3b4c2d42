import Foundation
import Testing
import TandemRuntime
import TandemSchema
import TandemTestSupport

/// tandemctl, the built executable, against the three servers.
@Suite("tandemctl against a running Tandem", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct TandemctlTests {
    static func object(_ json: String) -> [String: String]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String]
    }

    @Test("tenant and key commands: table and JSON output, errors in words with a hint, documented exit statuses")
    func commands() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let tandemctl = Shell.product("tandemctl")
        let address = "127.0.0.1:\(deployment.port(of: .projects))"
        func run(_ arguments: [String], token: String? = Deployment.adminToken) async -> (status: Int32, stdout: String, stderr: String) {
            var environment = ["TANDEM_ADDRESS": address]
            if let token { environment["TANDEM_ADMIN_TOKEN"] = token }
            return await Shell.capture(tandemctl, arguments, environment: environment)
        }

        let created = await run(["tenant", "create", "--slug", "cli-tenant", "--display-name", "CLI tenant", "--output", "json"])
        #expect(created.status == 0, "\(created.stderr)")
        let tenant = try #require(Self.object(created.stdout), "\(created.stdout)")
        #expect(tenant["slug"] == "cli-tenant" && tenant["state"] == "active")
        let id = try #require(tenant["id"])

        let table = await run(["tenant", "list"])
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("ID"), "\(table.stdout)")
        #expect(table.stdout.contains("cli-tenant"))

        let key = await run(["key", "create", "--tenant", id, "--name", "ci", "--scope", "read", "--output", "json"])
        #expect(key.status == 0, "\(key.stderr)")
        let keyObject = try #require(Self.object(key.stdout), "\(key.stdout)")
        #expect(keyObject["secret"]?.hasPrefix("tdm_") == true && keyObject["scopes"] == "read")

        // Exit statuses: 1 for an error answer, 4 for a refused credential, 3 when unreachable, 64 for usage.
        let invalid = await run(["tenant", "create", "--slug", "X", "--display-name", "x"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("INVALID_ARGUMENT: slug"))
        #expect(invalid.stderr.contains("hint:"))
        let missing = await run(["tenant", "get", "0190a000-0000-7000-8000-00000000000a"])
        #expect(missing.status == 1 && missing.stderr.contains("NOT_FOUND"))
        let refused = await run(["tenant", "list", "--token", keyObject["secret"]!])
        #expect(refused.status == 4 && refused.stderr.contains("PERMISSION_DENIED"))
        let anonymous = await run(["tenant", "list"], token: nil)
        #expect(anonymous.status == 4 && anonymous.stderr.contains("UNAUTHENTICATED"))
        let unreachable = await run(["tenant", "list", "--address", "127.0.0.1:1", "--timeout", "3"])
        #expect(unreachable.status == 3 && unreachable.stderr.contains("UNAVAILABLE"))
        let usage = await run(["tenant", "delete", id])
        #expect(usage.status == 64, "deleting without --yes is refused: \(usage.status)")

        let revoked = await run(["key", "revoke", keyObject["id"]!, "--output", "json"])
        #expect(revoked.status == 0 && revoked.stdout.contains(#""revoked":"yes""#))
        let deleted = await run(["tenant", "delete", id, "--yes"])
        #expect(deleted.status == 0 && deleted.stdout.contains("deleted \(id)"))
    }
}
