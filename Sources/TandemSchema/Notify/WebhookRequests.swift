extension NotifyV1 {
    /// Request of NotificationService.CreateWebhook.
    public struct CreateWebhookRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.CreateWebhookRequest"
        /// Absolute http or https URL.
        public var url: String = ""
        /// Event types to send; empty means every type.
        public var eventTypes: [String] = []
        /// Free text for the administrator.
        public var description: String = ""
        /// Idempotency key: a retry with the same value returns the first result, secret included.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "url", &url)
            try visitor.visitRepeated(ProtoString.self, 2, "event_types", &eventTypes)
            try visitor.visitSingular(ProtoString.self, 3, "description", &description)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of NotificationService.CreateWebhook.
    public struct CreateWebhookResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.CreateWebhookResponse"
        public var webhook: Webhook?
        /// The signing secret. Returned only here: keep it.
        public var secret: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Webhook>.self, 1, "webhook", &webhook)
            try visitor.visitSingular(ProtoString.self, 2, "secret", &secret)
        }
    }

    /// Request of NotificationService.ListWebhooks.
    public struct ListWebhooksRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.ListWebhooksRequest"
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of NotificationService.ListWebhooks.
    public struct ListWebhooksResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.ListWebhooksResponse"
        public var webhooks: [Webhook] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Webhook>.self, 1, "webhooks", &webhooks)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of NotificationService.DeleteWebhook.
    public struct DeleteWebhookRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.DeleteWebhookRequest"
        public var id: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
        }
    }

    /// Response of NotificationService.DeleteWebhook.
    public struct DeleteWebhookResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.DeleteWebhookResponse"
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
    }

    /// Request of NotificationService.ListDeliveries.
    public struct ListDeliveriesRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.ListDeliveriesRequest"
        public var webhookID: String = ""
        /// Only deliveries in one of these states.
        public var states: [DeliveryState] = []
        /// Only deliveries of this event.
        public var eventID: String = ""
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "webhook_id", &webhookID)
            try visitor.visitRepeated(EnumCodec<DeliveryState>.self, 2, "states", &states)
            try visitor.visitSingular(ProtoString.self, 3, "event_id", &eventID)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of NotificationService.ListDeliveries.
    public struct ListDeliveriesResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.ListDeliveriesResponse"
        public var deliveries: [Delivery] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Delivery>.self, 1, "deliveries", &deliveries)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }
}
