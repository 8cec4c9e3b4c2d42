import Foundation
public import TandemPostgres

/// The throwaway PostgreSQL that `scripts/test` starts, for integration tests.
///
/// `TANDEM_TEST_DATABASE_URL` connects as `tandem_owner` (which may create databases there) and
/// `TANDEM_TEST_APP_DATABASE_URL` as `tandem_app`. Without them the integration tests are
/// disabled: run them through `scripts/test`.
public enum TestPostgres {
    public static var ownerURL: String? { ProcessInfo.processInfo.environment["TANDEM_TEST_DATABASE_URL"] }
    public static var appURL: String? { ProcessInfo.processInfo.environment["TANDEM_TEST_APP_DATABASE_URL"] }
    public static var isAvailable: Bool { ownerURL != nil && appURL != nil }

    /// A database of its own for one test: empty, owned by `tandem_owner`, reachable by `tandem_app`.
    public struct Database: Sendable {
        public let name: String
        public let ownerURL: String
        public let appURL: String

        public func ownerPool(
            maximumConnections: Int = 4, statementTimeout: Duration = .seconds(30), acquireTimeout: Duration = .seconds(5)
        ) -> PostgresPool {
            PostgresPool(
                configuration: .init(
                    options: .init(url: ownerURL, applicationName: "tandem-test-owner", statementTimeout: statementTimeout),
                    maximumConnections: maximumConnections, acquireTimeout: acquireTimeout, name: name))
        }

        public func appPool(
            maximumConnections: Int = 4, statementTimeout: Duration = .seconds(30), acquireTimeout: Duration = .seconds(10)
        ) -> PostgresPool {
            PostgresPool(
                configuration: .init(
                    options: .init(url: appURL, applicationName: "tandem-test-app", statementTimeout: statementTimeout),
                    maximumConnections: maximumConnections, acquireTimeout: acquireTimeout, name: name))
        }
    }

    /// Creates a new, empty database. It is left behind for the throwaway cluster to take away.
    public static func makeDatabase() throws -> Database {
        guard let ownerURL, let appURL else {
            throw PostgresError(kind: .misuse, message: "TANDEM_TEST_DATABASE_URL is not set: run scripts/test")
        }
        let name = "tandem_t_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let connection = try PostgresConnection(options: .init(url: ownerURL, applicationName: "tandem-test-setup"))
        // Two commands: CREATE DATABASE refuses to run inside the implicit transaction of a script.
        try connection.execute(script: "CREATE DATABASE \(name)")
        try connection.execute(script: "GRANT CONNECT, TEMPORARY ON DATABASE \(name) TO tandem_app")
        return Database(name: name, ownerURL: replacingDatabase(in: ownerURL, with: name), appURL: replacingDatabase(in: appURL, with: name))
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        let afterAuthority = url.range(of: "@").map { $0.upperBound } ?? url.startIndex
        guard let slash = url[afterAuthority...].firstIndex(of: "/") else { return url + "/" + name }
        let end = url[slash...].firstIndex(of: "?") ?? url.endIndex
        return url.replacingCharacters(in: url.index(after: slash)..<end, with: name)
    }
}
