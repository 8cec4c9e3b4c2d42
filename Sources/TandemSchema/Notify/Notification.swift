extension NotifyV1 {
    /// One entry of a user's inbox, made from one event.
    public struct Notification: ProtoMessage {
        public static let protoName = "tandem.notify.v1.Notification"
        /// UUIDv7.
        public var id: String = ""
        /// The recipient.
        public var user: String = ""
        /// The event it was made from.
        public var eventID: String = ""
        /// The event's type, for example "task.assigned".
        public var eventType: String = ""
        /// One-line summary, for example "Task 'Ship v2' was assigned to you".
        public var title: String = ""
        /// Longer text; may be empty.
        public var body: String = ""
        /// The event's subject_type.
        public var subjectType: String = ""
        /// The event's subject_id.
        public var subjectID: String = ""
        /// The event's project_id.
        public var projectID: String = ""
        public var read: Bool = false
        public var readAt: GoogleProtobuf.Timestamp?
        public var createdAt: GoogleProtobuf.Timestamp?
        /// Opaque position in the user's stream, increasing; resume Subscribe after it or pass it to
        /// MarkRead as up_to_cursor.
        public var cursor: String = ""
        /// The full event.
        public var event: CommonV1.Event?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoString.self, 2, "user", &user)
            try visitor.visitSingular(ProtoString.self, 3, "event_id", &eventID)
            try visitor.visitSingular(ProtoString.self, 4, "event_type", &eventType)
            try visitor.visitSingular(ProtoString.self, 5, "title", &title)
            try visitor.visitSingular(ProtoString.self, 6, "body", &body)
            try visitor.visitSingular(ProtoString.self, 7, "subject_type", &subjectType)
            try visitor.visitSingular(ProtoString.self, 8, "subject_id", &subjectID)
            try visitor.visitSingular(ProtoString.self, 9, "project_id", &projectID)
            try visitor.visitSingular(ProtoBool.self, 10, "read", &read)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 11, "read_at", &readAt)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 12, "created_at", &createdAt)
            try visitor.visitSingular(ProtoString.self, 13, "cursor", &cursor)
            try visitor.visitOptional(MessageCodec<CommonV1.Event>.self, 20, "event", &event)
        }
    }

    /// A user's notification preferences: the event types that create no notification for them.
    public struct Preferences: ProtoMessage {
        public static let protoName = "tandem.notify.v1.Preferences"
        /// The user; empty in SetPreferences means the actor.
        public var user: String = ""
        /// Event types (for example "task.due_soon") that create no notification for this user.
        public var mutedEventTypes: [String] = []
        /// Output only. Increases on every change; 0 until first set.
        public var version: Int64 = 0
        public var updatedAt: GoogleProtobuf.Timestamp?
        public var updatedBy: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "user", &user)
            try visitor.visitRepeated(ProtoString.self, 2, "muted_event_types", &mutedEventTypes)
            try visitor.visitSingular(ProtoInt64.self, 40, "version", &version)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.Timestamp>.self, 43, "updated_at", &updatedAt)
            try visitor.visitSingular(ProtoString.self, 44, "updated_by", &updatedBy)
        }
    }
}
