/// A connection of its own that `LISTEN`s on one channel, for background work that a commit's
/// `NOTIFY` wakes (the outbox relay, the webhook dispatcher, the inbox listener).
///
/// It reaches the same server as `pool`, with its own application name, and issues `LISTEN`
/// before every wait, so that a connection made again after PostgreSQL restarts listens too.
public final class PostgresListener: Sendable {
    private let connection: PostgresPool
    private let channel: String

    /// - Parameters:
    ///   - pool: The cluster's pool, whose connection options it copies.
    ///   - channel: The channel to listen on (an identifier: `tandem_outbox`).
    ///   - applicationName: Its `application_name` in `pg_stat_activity`.
    ///   - name: Its pool's name, for logs and metrics (`main-relay`).
    public init(pool: PostgresPool, channel: String, applicationName: String, name: String) {
        var options = pool.configuration.options
        options.applicationName = applicationName
        self.connection = PostgresPool(configuration: .init(options: options, maximumConnections: 1, name: name))
        self.channel = channel
    }

    /// Listens without waiting: a commit after this returns wakes the next `wait`.
    public func listen() async throws {
        let channel = self.channel
        try await connection.withConnection { _ = try $0.query("LISTEN \(identifier: channel)") }
    }

    /// The payloads of the notifications that arrive within `timeout` (at least one unless the
    /// time ran out; empty when it did).
    public func wait(timeout: Duration) async throws -> [String] {
        let channel = self.channel
        return try await connection.withConnection { connection in
            try connection.query("LISTEN \(identifier: channel)")
            return try connection.waitForNotificationPayloads(timeout: timeout).map(\.payload)
        }
    }

    public func close() {
        connection.close()
    }
}
