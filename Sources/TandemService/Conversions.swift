public import Foundation
public import Logging
public import TandemPostgres
public import TandemRPC
public import TandemSchema

extension PostgresTimestamp {
    /// The same instant as a `google.protobuf.Timestamp`.
    public var protobuf: GoogleProtobuf.Timestamp {
        GoogleProtobuf.Timestamp(seconds: seconds, nanos: nanos)
    }
}

/// Days as a tenant lives them: in its IANA time zone (UTC when the name is unknown).
public enum TenantCalendar {
    public static func calendar(timeZone name: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The day it is at `instant` in the zone.
    public static func today(timeZone: String, at instant: Date = Date()) -> CalendarDay {
        let parts = calendar(timeZone: timeZone).dateComponents([.year, .month, .day], from: instant)
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The instant `day` begins in the zone.
    public static func start(of day: CalendarDay, timeZone: String) -> Date {
        let (year, month, dayOfMonth) = day.components
        return calendar(timeZone: timeZone).date(from: DateComponents(year: year, month: month, day: dayOfMonth))
            ?? Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
    }
}

/// Checks every service applies to request fields the same way.
public enum Validation {
    /// The day a message names, or nil when unset; INVALID_ARGUMENT naming `field` when it names
    /// no calendar day.
    public static func day(_ date: CommonV1.Date?, field: String) throws(RPCError) -> CalendarDay? {
        guard let date else { return nil }
        guard let day = CalendarDay(date) else {
            throw .invalidArgument(field: field, "\(date.year)-\(date.month)-\(date.day) is not a calendar date")
        }
        return day
    }

    /// The distinct values of a repeated enum filter, in ascending order, as text (for
    /// `= ANY(...::smallint[])` and page-token bindings); INVALID_ARGUMENT naming `field[i]` (with
    /// `unknown`'s words) for the first value outside `known`.
    public static func enumValues(
        _ values: [Int32], known: ClosedRange<Int32>, field: String, unknown: (Int32) -> String
    ) throws(RPCError) -> [String] {
        for (index, value) in values.enumerated() where !known.contains(value) {
            throw .invalidArgument(field: "\(field)[\(index)]", unknown(value))
        }
        return Set(values).sorted().map(String.init)
    }

    /// An optional `request_id` (at most 128 characters, as common.proto says); nil when empty.
    public static func requestID(_ id: String) throws(RPCError) -> String? {
        if id.isEmpty { return nil }
        guard id.unicodeScalars.count <= 128 else { throw .invalidArgument(field: "request_id", "at most 128 characters") }
        return id
    }

    /// A `LIKE` pattern matching `text` anywhere, with `%`, `_` and `\` in it matching themselves.
    public static func containsPattern(_ text: String) -> String {
        var escaped = "%"
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }
}

extension CommonV1.Event {
    /// An event of `source` about a change made now: a fresh UUIDv7 id, the time, the recipients
    /// without empties or repeats, and the `traceparent` of the call that made it (none when a
    /// background task made it).
    public init(
        type: String, tenantID: String, actor: String, source: String, subjectType: String, subjectID: String,
        projectID: String, recipients: [String], payload: Payload, now: Date = Date()
    ) {
        self.init()
        id = Identifiers.uuidV7(now: now)
        self.type = type
        self.tenantID = tenantID
        occurredAt = PostgresTimestamp(now).protobuf
        self.actor = actor
        self.source = source
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.projectID = projectID
        var seen = Set<String>()
        self.recipients = recipients.filter { !$0.isEmpty && seen.insert($0).inserted }
        self.payload = payload
        traceParent = CallTrace.current?.traceparent ?? ""
    }

    /// The trace id this event's `trace_parent` names, or "" when it names none; receivers log it
    /// so that one request can be followed into the services its events reach.
    public var traceID: String {
        CallTrace.parse(traceParent)?.traceID ?? ""
    }

    /// Runs `body` as a span of the trace this event was made in (when it names one), so the
    /// events and calls its handling causes continue that trace, and logs the event's receipt
    /// with the trace id.
    public func handled<T>(by receiver: String, logger: Logger, _ body: () async throws -> T) async rethrows -> T {
        logReceipt(by: receiver, logger: logger)
        guard !traceParent.isEmpty else { return try await body() }
        let trace = CallTrace.incoming(traceparent: traceParent, requestID: CallTrace.current?.requestID)
        return try await CallTrace.$current.withValue(trace, operation: body)
    }

    /// Logs the event's receipt by `receiver`: its id, type, tenant and trace id.
    public func logReceipt(by receiver: String, logger: Logger) {
        logger.info(
            "event received",
            metadata: [
                "event_id": "\(id)", "event_type": "\(type)", "tenant": "\(tenantID)", "receiver": "\(receiver)",
                "trace_id": "\(traceID)",
            ])
    }

    /// What every receiver checks of a batch of events delivered for `tenantID`: at most 500
    /// (RESOURCE_EXHAUSTED), each with an id and a type, each of that tenant.
    public static func checkBatch(_ events: [Self], tenantID: String) throws(RPCError) {
        guard events.count <= 500 else {
            throw RPCError(code: .resourceExhausted, message: "at most 500 events per call, got \(events.count)")
        }
        for (index, event) in events.enumerated() {
            guard Identifiers.isUUID(event.id) else { throw .invalidArgument(field: "events[\(index)].id", "not an id") }
            guard !event.type.isEmpty else { throw .invalidArgument(field: "events[\(index)].type", "must be set") }
            guard event.tenantID.lowercased() == tenantID.lowercased() else {
                throw .invalidArgument(field: "events[\(index)].tenant_id", "is not the caller's tenant")
            }
        }
    }
}
