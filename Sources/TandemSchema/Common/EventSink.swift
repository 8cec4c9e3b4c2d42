extension CommonV1 {
    /// Internal: receives event batches relayed from another service's outbox, idempotent per event id.
    public enum EventSink {
        public static let name = "tandem.common.v1.EventSink"
        public static let deliverEvents = MethodDescriptor<DeliverEventsRequest, DeliverEventsResponse>(
            service: name, method: "DeliverEvents", kind: .unary)
        public static let descriptor = ServiceDescriptor(name: name, methods: [deliverEvents.info])
    }

    /// Request of EventSink.DeliverEvents.
    public struct DeliverEventsRequest: ProtoMessage {
        public static let protoName = "tandem.common.v1.DeliverEventsRequest"
        /// In outbox order, all of the caller's tenant; at most 500.
        public var events: [Event] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Event>.self, 1, "events", &events)
        }
    }

    /// Response of EventSink.DeliverEvents.
    public struct DeliverEventsResponse: ProtoMessage {
        public static let protoName = "tandem.common.v1.DeliverEventsResponse"
        /// Events received for the first time.
        public var accepted: Int32 = 0
        /// Events whose id had already been received (no effect).
        public var duplicates: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt32.self, 1, "accepted", &accepted)
            try visitor.visitSingular(ProtoInt32.self, 2, "duplicates", &duplicates)
        }
    }
}
