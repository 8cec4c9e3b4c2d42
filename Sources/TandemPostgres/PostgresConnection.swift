internal import CPostgres
import Foundation

/// One libpq connection, used by one thread at a time (its pool worker's).
///
/// Statements go through the extended protocol only: each distinct SQL text is prepared once per
/// connection and executed with bound parameters. The connection runs with `TimeZone=UTC`, ISO
/// dates and the configured `statement_timeout`.
public final class PostgresConnection {
    public struct Options: Sendable, Hashable {
        /// `postgresql://...` as libpq accepts it.
        public var url: String
        public var applicationName: String
        /// The server cancels a statement that runs longer (SQLSTATE 57014). Default 30 s.
        public var statementTimeout: Duration
        /// How long establishing the connection may take. Default 5 s.
        public var connectTimeout: Duration

        public init(
            url: String, applicationName: String = "tandem", statementTimeout: Duration = .seconds(30),
            connectTimeout: Duration = .seconds(5)
        ) {
            self.url = url
            self.applicationName = applicationName
            self.statementTimeout = statementTimeout
            self.connectTimeout = connectTimeout
        }
    }

    public let options: Options
    private var connection: OpaquePointer?
    /// SQL text → prepared statement name, for this server session.
    private var prepared: [PostgresQuery.Text: String] = [:]
    /// SQL text → the names of its rows' columns, copied from its first result sent with
    /// others: a prepared statement's columns stay as they were prepared.
    private var columnNames: [PostgresQuery.Text: [String]] = [:]
    private var statementCounter = 0
    /// Statements waiting to go out ahead of the next one, in its round trip: a transaction's
    /// `BEGIN` and tenant setting (see `sendWithNext`).
    private var leading: [PostgresQuery] = []
    /// Statements waiting to go out with the transaction's `COMMIT` (see `sendWithCommit`).
    private var trailing: [PostgresQuery] = []
    /// Whether `PostgresPool.transaction` is running a body on this connection, and so will send
    /// what `sendWithCommit` holds.
    var inTransactionBody = false

    /// Connects now; throws `.connection` when the server is unreachable or refuses.
    public init(options: Options) throws(PostgresError) {
        self.options = options
        try connect()
    }

    deinit {
        if let connection { PQfinish(connection) }
    }

    /// Whether the connection is usable as far as libpq knows.
    public var isHealthy: Bool {
        guard let connection else { return false }
        return PQstatus(connection) == CONNECTION_OK
    }

    /// Drops the session and connects again (prepared statements are forgotten).
    public func reconnect() throws(PostgresError) {
        if let connection { PQfinish(connection) }
        connection = nil
        prepared.removeAll()
        columnNames.removeAll()
        statementCounter = 0
        try connect()
    }

    private func connect() throws(PostgresError) {
        let milliseconds = Self.milliseconds(options.statementTimeout)
        let connectSeconds = max(1, Int(options.connectTimeout.components.seconds))
        let keywords = ["dbname", "application_name", "options", "connect_timeout", "client_encoding"]
        let values = [
            options.url, options.applicationName,
            "-c statement_timeout=\(milliseconds) -c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=iso_8601",
            String(connectSeconds), "UTF8",
        ]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: message)
        }
        self.connection = connection
    }

    /// Holds `queries` back until the next statement, and sends them in its round trip (pipeline
    /// mode): a transaction's `BEGIN` and tenant setting cost no round trip of their own. An error
    /// in them is thrown by that next statement.
    func sendWithNext(_ queries: [PostgresQuery]) {
        leading += queries
    }

    /// Drops the statements held back by `sendWithNext` and `sendWithCommit`; returns whether any
    /// of the first kind were waiting (so nothing was sent since).
    @discardableResult
    func dropHeldBack() -> Bool {
        defer {
            leading.removeAll()
            trailing.removeAll()
        }
        return !leading.isEmpty
    }

    /// The statements given to `sendWithCommit`, which are no longer held.
    func takeTrailing() -> [PostgresQuery] {
        defer { trailing.removeAll() }
        return trailing
    }

    /// Sends `query` with the enclosing transaction's `COMMIT`, in the same round trip, when
    /// `PostgresPool.transaction` commits; it is dropped if the transaction rolls back. For
    /// statements whose result nobody reads, such as `pg_notify`. Outside a transaction's body it
    /// runs at once.
    public func sendWithCommit(_ query: PostgresQuery) throws(PostgresError) {
        guard inTransactionBody else {
            try self.query(query)
            return
        }
        trailing.append(query)
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    public func query(_ query: PostgresQuery) throws(PostgresError) -> PostgresResult {
        try Self.checkBindings(query)
        if !leading.isEmpty {
            // The held-back statements and this one in one round trip; this one's result is last.
            return try pipeline([query])[0]
        }
        let connection = try live()
        let name = try prepare(query.text, on: connection)
        let result = withParameters(query.bindings) { values in
            PQexecPrepared(connection, name, Int32(query.bindings.count), values, nil, nil, 0)
        }
        return try consume(result, on: connection)
    }

    /// Runs SQL text with no parameters through the simple protocol; it may hold several
    /// statements (a migration file, say). Returns nothing: use `query` for rows.
    public func execute(script sql: String) throws(PostgresError) {
        if !leading.isEmpty { _ = try pipeline([]) }
        let connection = try live()
        let result = PQexec(connection, sql)
        _ = try consume(result, on: connection)
    }

    /// Waits up to `timeout` for notifications on the channels this session `LISTEN`s to, and
    /// returns each one's channel and payload (empty when none came in time).
    public func waitForNotificationPayloads(timeout: Duration) throws(PostgresError) -> [(channel: String, payload: String)] {
        let connection = try live()
        guard PQconsumeInput(connection) == 1 else { throw connectionError(connection) }
        var notifications = Self.drainNotifications(connection)
        if !notifications.isEmpty { return notifications }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, Int32(Self.milliseconds(timeout))) > 0 {
            guard PQconsumeInput(connection) == 1 else { throw connectionError(connection) }
            notifications = Self.drainNotifications(connection)
        }
        return notifications
    }

    private static func drainNotifications(_ connection: OpaquePointer) -> [(channel: String, payload: String)] {
        var notifications: [(channel: String, payload: String)] = []
        while let notification = PQnotifies(connection) {
            notifications.append(
                (String(cString: notification.pointee.relname), String(cString: notification.pointee.extra)))
            PQfreemem(notification)
        }
        return notifications
    }

    /// Sends every query in one round trip (pipeline mode) and returns each one's result.
    ///
    /// The queries run in one implicit transaction unless they manage their own: if one fails, the
    /// ones after it are skipped, everything is rolled back, and the first error is thrown.
    ///
    /// Statements held back by `sendWithNext` go first, in the same round trip; their results are
    /// not returned.
    public func pipeline(_ queries: [PostgresQuery]) throws(PostgresError) -> [PostgresResult] {
        for query in queries { try Self.checkBindings(query) }
        if !leading.isEmpty {
            let held = leading
            leading.removeAll()
            return Array(try pipeline(held + queries).dropFirst(held.count))
        }
        let connection = try live()
        guard PQenterPipelineMode(connection) == 1 else {
            throw connectionError(connection)
        }
        var expectations: [Bool] = []  // one per result to read: true for a query, false for a prepare
        var newlyPrepared: [(text: PostgresQuery.Text, result: Int)] = []  // and the index of its prepare's result
        var sendFailed = false
        for query in queries {
            let name: String
            if let existing = prepared[query.text] {
                name = existing
            } else {
                name = nextStatementName()
                guard PQsendPrepare(connection, name, query.sql, Int32(query.bindings.count), nil) == 1 else {
                    sendFailed = true
                    break
                }
                newlyPrepared.append((query.text, expectations.count))
                expectations.append(false)
                prepared[query.text] = name
            }
            guard Self.send(query, as: name, on: connection) else {
                sendFailed = true
                break
            }
            expectations.append(true)
        }
        if sendFailed || PQpipelineSync(connection) != 1 { throw abandon(connection) }

        let (collected, sawSync) = Self.resultsUntilSync(connection)
        defer { collected.forEach { PQclear($0) } }
        let firstError = Self.firstError(in: collected, connection: connection)
        guard sawSync, collected.count >= expectations.count, PQexitPipelineMode(connection) == 1 else {
            let error = abandon(connection)
            throw firstError ?? error
        }
        if let firstError {
            // A prepare that failed or was skipped left its name unknown to the server; one that
            // succeeded stays, as prepared statements outlive a rolled-back transaction.
            for (text, result) in newlyPrepared where PQresultStatus(collected[result]) != PGRES_COMMAND_OK {
                prepared.removeValue(forKey: text)
            }
            throw firstError
        }
        return zip(expectations, collected).compactMap { isQuery, result in isQuery ? PostgresResult(result) : nil }
    }

    /// Sends each list of queries as a transaction of its own, all in one round trip: pipeline
    /// mode with a sync point after each list, so each commits or fails by itself. Returns each
    /// list's results, or the first error in it (the list then took no effect), and how many
    /// lists went out together with others.
    ///
    /// The lists run in order. One holding a statement not yet prepared on this connection runs
    /// by itself, exactly as `pipeline` runs it (its statements prepared in its own round trip,
    /// in order), so that no statement has to parse before the ones ahead of it have run; the
    /// lists before it go out first. If the connection breaks, the lists whose sync point was
    /// read keep their outcome and the rest fail with `.connection`.
    ///
    /// Lists that only read (`readsOnly[index]`), one after another, share one sync point: one
    /// transaction, made read-only by its first statement, in which each list's statements run
    /// as they would alone (a tenant setting is the first statement of each; every statement
    /// takes its own snapshot at READ COMMITTED). The server then commits and answers once for
    /// all of them. A list that fails there skips the lists after it, which then run again alone
    /// (still read-only); a list that writes fails (SQLSTATE 25006) and takes no effect. A list
    /// that begins with the same local setting (`PostgresQuery.isLocalSetting`) as the list
    /// before it in such a run does not send it again: that setting is still in force, and the
    /// list answers with the earlier list's result for it.
    func pipelineEach(
        _ transactions: [[PostgresQuery]], readsOnly: [Bool]
    ) -> (outcomes: [Result<[PostgresResult], PostgresError>], together: Int) {
        precondition(leading.isEmpty, "pipelineEach runs outside a transaction body")
        precondition(readsOnly.count == transactions.count, "one readsOnly per list")
        var outcomes = [Result<[PostgresResult], PostgresError>?](repeating: nil, count: transactions.count)
        var together = 0
        var waiting: [Waiting] = []
        func flush() -> Bool {
            defer { waiting.removeAll() }
            if waiting.count > 1 { together += waiting.count }
            return sendTogether(waiting, of: transactions, into: &outcomes)
        }
        for (index, queries) in transactions.enumerated() {
            let names = queries.compactMap { prepared[$0.text] }
            if names.count == queries.count, !readsOnly[index] || prepared[Self.readOnlyTransaction.text] != nil {
                do throws(PostgresError) {
                    for query in queries { try Self.checkBindings(query) }
                    let setting = queries.first?.isLocalSetting == true ? queries.first : nil
                    let inForce = waiting.last.flatMap { $0.readOnly && readsOnly[index] ? transactions[$0.index].first : nil }
                    waiting.append(
                        Waiting(
                            index: index, names: names, readOnly: readsOnly[index],
                            settingInForce: setting != nil && setting == inForce))
                } catch {
                    outcomes[index] = .failure(error)
                }
                continue
            }
            guard flush() else { break }
            outcomes[index] = Result { () throws(PostgresError) in try pipeline(queries, readOnly: readsOnly[index]) }
        }
        _ = flush()
        let lost = PostgresError(kind: .connection, message: "the connection was lost")
        return (outcomes.map { $0 ?? .failure(lost) }, together)
    }

    /// The first statement of a read-only pipeline, or of read-only lists sharing a sync point:
    /// the rest of that transaction can then write nothing.
    static let readOnlyTransaction: PostgresQuery = "SELECT set_config('transaction_read_only', 'on', true)"

    /// `pipeline(queries)`, in a transaction that can write nothing when `readOnly`.
    func pipeline(_ queries: [PostgresQuery], readOnly: Bool) throws(PostgresError) -> [PostgresResult] {
        guard readOnly else { return try pipeline(queries) }
        return Array(try pipeline([Self.readOnlyTransaction] + queries).dropFirst())
    }

    /// A list waiting to go out with others: its position, its statements' prepared names,
    /// whether it only reads, and whether its first statement is a local setting that the list
    /// before it in the same transaction begins with too (and is then not sent again).
    private struct Waiting {
        let index: Int
        let names: [String]
        let readOnly: Bool
        let settingInForce: Bool

        /// How many of the list's first statements are not sent.
        var unsent: Int { settingInForce ? 1 : 0 }
    }

    /// Sends the lists at `batch` (with their statements' prepared names) in one round trip, a
    /// sync point after each list, or after each run of read-only lists, and records each one's
    /// outcome. Returns false when the connection broke: it is then closed, and the lists not yet
    /// answered fail with its error.
    private func sendTogether(
        _ batch: [Waiting], of transactions: [[PostgresQuery]],
        into outcomes: inout [Result<[PostgresResult], PostgresError>?]
    ) -> Bool {
        guard !batch.isEmpty else { return true }
        let connection: OpaquePointer
        do throws(PostgresError) {
            connection = try live()
        } catch {
            for list in batch { outcomes[list.index] = .failure(error) }
            return false
        }
        func lose() -> Bool {
            let error = abandon(connection)
            for list in batch where outcomes[list.index] == nil { outcomes[list.index] = .failure(error) }
            return false
        }
        // Each sync point's lists: a list that may write, or a run of read-only ones (whose
        // statement `pipelineEach` saw prepared).
        var groups: [ArraySlice<Waiting>] = []
        var start = 0
        for position in batch.indices
        where !(batch[position].readOnly && position + 1 < batch.count && batch[position + 1].readOnly) {
            groups.append(batch[start...position])
            start = position + 1
        }
        let readOnlyName = prepared[Self.readOnlyTransaction.text] ?? ""
        guard PQenterPipelineMode(connection) == 1 else { return lose() }
        // libpq writes to the socket at every sync point, and whenever 8 KiB are waiting: held
        // back, the transactions reach the server together, which then wakes once for them rather
        // than once per transaction. One sync point under 8 KiB (read-only lists only) goes out
        // in one write anyway, and holding back would cost two system calls for nothing.
        let corked =
            (groups.count > 1 || Self.estimatedSize(of: batch, in: transactions) >= 8192)
            && tandem_pq_cork(connection, 1) == 0
        for group in groups {
            if group.first!.readOnly, !Self.send(Self.readOnlyTransaction, as: readOnlyName, on: connection) { return lose() }
            for list in group {
                for (query, name) in zip(transactions[list.index], list.names).dropFirst(list.unsent)
                where !Self.send(query, as: name, on: connection) {
                    return lose()
                }
            }
            guard PQpipelineSync(connection) == 1 else { return lose() }
        }
        if corked { _ = tandem_pq_cork(connection, 0) }
        var skipped: [Int] = []
        for group in groups {
            let (collected, sawSync) = Self.resultsUntilSync(connection)
            defer { collected.forEach { PQclear($0) } }
            if !group.first!.readOnly, let index = group.first?.index {
                let firstError = Self.firstError(in: collected, connection: connection)
                guard sawSync, collected.count >= transactions[index].count else {
                    outcomes[index] = firstError.map { .failure($0) }
                    return lose()
                }
                outcomes[index] =
                    firstError.map { .failure($0) }
                    ?? .success(zip(transactions[index], collected).map { copy($1, of: $0.text) })
                continue
            }
            let expected = 1 + group.reduce(0) { $0 + transactions[$1.index].count - $1.unsent }
            guard sawSync, collected.count >= expected else { return lose() }
            // A result beyond the statements' is a failed commit: it fails every list.
            let commitError = collected.count > expected ? Self.firstError(in: Array(collected[expected...]), connection: connection) : nil
            // Whether the transaction was made read-only: if not, no list of the group ran.
            let begun = PQresultStatus(collected[0]) == PGRES_TUPLES_OK
            var offset = 1
            // The result of the local setting that the list before began with, when it succeeded.
            var setting: PostgresResult?
            for list in group {
                let index = list.index
                let results = collected[offset..<offset + transactions[index].count - list.unsent]
                offset += results.count
                if begun, let error = Self.firstError(in: Array(results), connection: connection) {
                    outcomes[index] = .failure(error)  // its own error; its later statements were skipped
                    setting = nil
                } else if !begun || results.contains(where: { PQresultStatus($0) == PGRES_PIPELINE_ABORTED }) {
                    skipped.append(index)  // an earlier list failed, so this one did not run
                    setting = nil
                } else if let commitError {
                    outcomes[index] = .failure(commitError)
                } else if list.settingInForce && setting == nil {
                    // Nothing but the setting, left out after a list that failed or did not run:
                    // no result shows it, but it did not run either.
                    skipped.append(index)
                } else {
                    var answers = zip(transactions[index].dropFirst(list.unsent), results).map { copy($1, of: $0.text) }
                    if list.settingInForce, let setting { answers.insert(setting, at: 0) }
                    outcomes[index] = .success(answers)
                    setting = transactions[index].first?.isLocalSetting == true ? answers.first : nil
                }
            }
        }
        guard PQexitPipelineMode(connection) == 1 else { return lose() }
        for index in skipped {
            outcomes[index] = Result { () throws(PostgresError) in try pipeline(transactions[index], readOnly: true) }
        }
        return true
    }

    /// About how many bytes the lists at `batch` take to send: their values, and a generous
    /// allowance for each statement's messages. Only the 8 KiB libpq writes at matter.
    private static func estimatedSize(of batch: [Waiting], in transactions: [[PostgresQuery]]) -> Int {
        var size = 0
        for list in batch {
            for query in transactions[list.index] {
                size += 64
                for value in query.bindings { size += 4 + (value?.utf8.count ?? 0) }
            }
        }
        return size
    }

    /// `result` of the statement `text` copied, with the column names of its earlier results.
    private func copy(_ result: OpaquePointer, of text: PostgresQuery.Text) -> PostgresResult {
        if let names = columnNames[text], names.count == Int(PQnfields(result)) {
            return PostgresResult(result, columns: names)
        }
        let copied = PostgresResult(result)
        columnNames[text] = copied.columns
        return copied
    }

    /// Sends one execution of the prepared statement `name` with `query`'s values (pipeline mode).
    private static func send(_ query: PostgresQuery, as name: String, on connection: OpaquePointer) -> Bool {
        withParameters(query.bindings) { values in
            PQsendQueryPrepared(connection, name, Int32(query.bindings.count), values, nil, nil, 0)
        } == 1
    }

    /// The first error among one sync point's results. Each statement (and prepare) answers with
    /// a result; one more comes when the commit at the sync point itself failed (a deferred
    /// constraint, a serialization failure).
    private static func firstError(in results: [OpaquePointer], connection: OpaquePointer) -> PostgresError? {
        results.first { PQresultStatus($0) == PGRES_FATAL_ERROR }.map { serverError($0, connection: connection) }
    }

    /// Closes a connection whose protocol state is unknown (a send failed, a sync point never
    /// came, pipeline mode would not end) and returns the error to report; the pool's worker
    /// makes a new connection for the next call.
    private func abandon(_ connection: OpaquePointer) -> PostgresError {
        let error = connectionError(connection)
        PQfinish(connection)
        self.connection = nil
        forgetSession()
        return error
    }

    /// Reads results up to the next sync point. Every command answers with one result followed
    /// by NULL; two NULLs in a row, or a lost connection, mean that no sync point is coming.
    private static func resultsUntilSync(_ connection: OpaquePointer) -> (results: [OpaquePointer], sawSync: Bool) {
        var collected: [OpaquePointer] = []
        var consecutiveNulls = 0
        while true {
            guard let result = PQgetResult(connection) else {
                consecutiveNulls += 1
                if consecutiveNulls > 1 || PQstatus(connection) != CONNECTION_OK { return (collected, false) }
                continue
            }
            consecutiveNulls = 0
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)
                return (collected, true)
            }
            collected.append(result)
        }
    }

    // MARK: - Internals

    /// Text values go to libpq as C strings, which end at a NUL byte: one inside a value would cut
    /// it short (two request ids that differ after a NUL would be one). PostgreSQL's text types
    /// cannot hold NUL either; refuse it as the server does (SQLSTATE 22021).
    static func checkBindings(_ query: PostgresQuery) throws(PostgresError) {
        for value in query.bindings where value.map(containsNUL) == true {
            throw PostgresError(
                kind: .server, sqlState: SQLState.characterNotInRepertoire, message: "a bound value contains a NUL byte")
        }
    }

    /// Whether `text` holds a NUL byte, which libpq would take for the value's end.
    static func containsNUL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.count > 0 && memchr(bytes.baseAddress!, 0, bytes.count) != nil }
    }

    private func live() throws(PostgresError) -> OpaquePointer {
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            throw PostgresError(kind: .connection, message: "the connection is closed")
        }
        return connection
    }

    private func prepare(_ text: PostgresQuery.Text, on connection: OpaquePointer) throws(PostgresError) -> String {
        if let name = prepared[text] { return name }
        let name = nextStatementName()
        let result = PQprepare(connection, name, text.sql, 0, nil)
        _ = try consume(result, on: connection)
        prepared[text] = name
        return name
    }

    /// Turns a PGresult into rows or an error, and frees it.
    private func consume(_ result: OpaquePointer?, on connection: OpaquePointer) throws(PostgresError) -> PostgresResult {
        guard let result else { throw connectionError(connection) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(result)
        default:
            let error = Self.serverError(result, connection: connection)
            if error.kind == .connection { forgetSession() }
            return try { () throws(PostgresError) -> PostgresResult in throw error }()
        }
    }

    /// Names are never reused within a session, so one that failed to prepare cannot collide.
    private func nextStatementName() -> String {
        statementCounter += 1
        return "tandem_\(statementCounter)"
    }

    private func forgetSession() {
        prepared.removeAll()
        columnNames.removeAll()
    }

    private func connectionError(_ connection: OpaquePointer) -> PostgresError {
        PostgresError(kind: .connection, message: Self.trimmed(PQerrorMessage(connection)))
    }

    static func serverError(_ result: OpaquePointer, connection: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let pointer = PQresultErrorField(result, code) else { return nil }
            return String(cString: pointer)
        }
        let sqlState = field(Int32(UInt8(ascii: "C")))
        let message = field(Int32(UInt8(ascii: "M"))) ?? trimmed(PQresultErrorMessage(result))
        if sqlState == nil || PQstatus(connection) != CONNECTION_OK {
            return PostgresError(kind: .connection, sqlState: sqlState, message: message)
        }
        return PostgresError(kind: .server, sqlState: sqlState, message: message, constraint: field(Int32(UInt8(ascii: "n"))))
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "unknown error" : text
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// Calls `body` with a NULL-terminated-free array of C strings that live for the call.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) } + [nil])
}

/// Parameter values as C strings (nil for NULL) for the length of `body`: copied one after
/// another into one temporary buffer (on the stack when small), with an array of pointers into it.
private func withParameters<R>(_ bindings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    if bindings.isEmpty { return body(nil) }
    var size = 0
    for value in bindings { size += (value?.utf8.count ?? -1) + 1 }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(size, 1)) { bytes in
        withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: bindings.count) { pointers in
            var offset = 0
            for (index, value) in bindings.enumerated() {
                guard let value else {
                    pointers.initializeElement(at: index, to: nil)
                    continue
                }
                let slot = UnsafeMutableBufferPointer(rebasing: bytes[offset...])
                let end = slot.initialize(fromContentsOf: value.utf8)
                slot[end] = 0
                pointers.initializeElement(at: index, to: UnsafeRawPointer(slot.baseAddress!).assumingMemoryBound(to: CChar.self))
                offset += end + 1
            }
            return body(UnsafePointer(pointers.baseAddress!))
        }
    }
}

