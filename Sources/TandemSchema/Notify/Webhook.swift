extension NotifyV1 {
    /// The state of one event's delivery to one webhook.
    public struct DeliveryState: ProtoEnum {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unspecified = Self(rawValue: 0)
        /// Not attempted yet.
        public static let pending = Self(rawValue: 1)
        /// A 2xx answer was received.
        public static let delivered = Self(rawValue: 2)
        /// An attempt failed; another is scheduled at next_attempt_at (exponential backoff with jitter).
        public static let retrying = Self(rawValue: 3)
        /// The last attempt failed; no more attempts.
        public static let deadLettered = Self(rawValue: 4)
        public static let protoName = "tandem.notify.v1.DeliveryState"
        public static let valueNames: [Int32: String] = [
            0: "DELIVERY_STATE_UNSPECIFIED", 1: "DELIVERY_STATE_PENDING", 2: "DELIVERY_STATE_DELIVERED",
            3: "DELIVERY_STATE_RETRYING", 4: "DELIVERY_STATE_DEAD_LETTERED",
        ]
    }

    /// An HTTP endpoint subscribed to the tenant's events, sent as signed JSON POSTs and retried with
    /// backoff until dead-lettered.
    public struct Webhook: ProtoMessage {
        public static let protoName = "tandem.notify.v1.Webhook"
        /// Output only. UUIDv7.
        public var id: String = ""
        /// Absolute http or https URL.
        public var url: String = ""
        /// Event types to send; empty means every type.
        public var eventTypes: [String] = []
        /// Free text for the administrator.
        public var description: String = ""
        public var createdAt: GoogleProtobuf.Timestamp?
        public var createdBy: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "url", &url)
            try visitor.visitRepeated(ProtoString.self, 3, "event_types", &eventTypes)
            try visitor.visitSingular(ProtoString.self, 4, "description", &description)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 41, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 42, "created_by", &createdBy)
        }
    }

    /// One event's delivery to one webhook, with every attempt.
    public struct Delivery: ProtoMessage {
        public static let protoName = "tandem.notify.v1.Delivery"
        /// UUIDv7.
        public var id: String = ""
        public var webhookID: String = ""
        public var eventID: String = ""
        public var eventType: String = ""
        public var state: DeliveryState = .unspecified
        public var attemptCount: Int32 = 0
        /// Every attempt, first first.
        public var attempts: [DeliveryAttempt] = []
        /// When the next attempt is due (PENDING and RETRYING only).
        public var nextAttemptAt: GoogleProtobuf.Timestamp?
        public var createdAt: GoogleProtobuf.Timestamp?
        /// When it was delivered or dead-lettered.
        public var completedAt: GoogleProtobuf.Timestamp?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "webhook_id", &webhookID)
            try visitor.visitSingular(ProtoString.self, 3, "event_id", &eventID)
            try visitor.visitSingular(ProtoString.self, 4, "event_type", &eventType)
            try visitor.visitSingular(EnumCodec<DeliveryState>.self, 5, "state", &state)
            try visitor.visitSingular(ProtoInt32.self, 6, "attempt_count", &attemptCount)
            try visitor.visitRepeated(MessageCodec<DeliveryAttempt>.self, 7, "attempts", &attempts)
            try visitor.visitOptional(
                MessageCodec<GoogleProtobuf.Timestamp>.self, 8, "next_attempt_at", &nextAttemptAt)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 9, "created_at", &createdAt)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 10, "completed_at", &completedAt)
        }
    }

    /// One HTTP attempt of a delivery.
    public struct DeliveryAttempt: ProtoMessage {
        public static let protoName = "tandem.notify.v1.DeliveryAttempt"
        /// 1-based attempt number.
        public var number: Int32 = 0
        public var attemptedAt: GoogleProtobuf.Timestamp?
        /// HTTP status answered; 0 when no answer was received.
        public var httpStatus: Int32 = 0
        /// Why it failed (connection error, timeout, non-2xx status); empty on success.
        public var error: String = ""
        /// Time from sending the request to the end of the answer or the failure.
        public var durationMs: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt32.self, 1, "number", &number)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 2, "attempted_at", &attemptedAt)
            try visitor.visitSingular(ProtoInt32.self, 3, "http_status", &httpStatus)
            try visitor.visitSingular(ProtoString.self, 4, "error", &error)
            try visitor.visitSingular(ProtoInt64.self, 5, "duration_ms", &durationMs)
        }
    }
}
