extension NotifyV1 {
    /// Request of NotificationService.Publish: events from another service's outbox relay.
    public struct PublishRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.PublishRequest"
        /// Events in outbox order, all of the caller's tenant; at most 500.
        public var events: [CommonV1.Event] = []
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<CommonV1.Event>.self, 1, "events", &events)
        }
    }

    /// Response of NotificationService.Publish.
    public struct PublishResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.PublishResponse"
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

    /// Request of NotificationService.ListNotifications.
    public struct ListNotificationsRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.ListNotificationsRequest"
        /// The user; empty means the actor.
        public var user: String = ""
        public var unreadOnly: Bool = false
        /// Only notifications of these event types.
        public var eventTypes: [String] = []
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "user", &user)
            try visitor.visitSingular(ProtoBool.self, 2, "unread_only", &unreadOnly)
            try visitor.visitRepeated(ProtoString.self, 3, "event_types", &eventTypes)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of NotificationService.ListNotifications.
    public struct ListNotificationsResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.ListNotificationsResponse"
        public var notifications: [Notification] = []
        public var nextPageToken: String = ""
        /// The user's unread notifications in total (not only on this page).
        public var unreadCount: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Notification>.self, 1, "notifications", &notifications)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
            try visitor.visitSingular(ProtoInt32.self, 3, "unread_count", &unreadCount)
        }
    }

    /// Request of NotificationService.MarkRead.
    public struct MarkReadRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.MarkReadRequest"
        /// The user; empty means the actor.
        public var user: String = ""
        /// Notifications to mark read, at most 500.
        public var notificationIDs: [String] = []
        /// Also mark read every notification up to and including this cursor.
        public var upToCursor: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "user", &user)
            try visitor.visitRepeated(ProtoString.self, 2, "notification_ids", &notificationIDs)
            try visitor.visitSingular(ProtoString.self, 3, "up_to_cursor", &upToCursor)
        }
    }

    /// Response of NotificationService.MarkRead.
    public struct MarkReadResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.MarkReadResponse"
        /// Notifications that changed from unread to read.
        public var marked: Int32 = 0
        /// The user's unread notifications left.
        public var unreadCount: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt32.self, 1, "marked", &marked)
            try visitor.visitSingular(ProtoInt32.self, 2, "unread_count", &unreadCount)
        }
    }

    /// Request of NotificationService.Subscribe.
    public struct SubscribeRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.SubscribeRequest"
        /// The user; empty means the actor.
        public var user: String = ""
        /// Resume after this cursor; empty starts from now.
        public var cursor: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "user", &user)
            try visitor.visitSingular(ProtoString.self, 2, "cursor", &cursor)
        }
    }

    /// One message of the NotificationService.Subscribe stream.
    public struct SubscribeResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.SubscribeResponse"
        /// The next notification; its cursor is the resume point.
        public var notification: Notification?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Notification>.self, 1, "notification", &notification)
        }
    }

    /// Request of NotificationService.GetPreferences.
    public struct GetPreferencesRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.GetPreferencesRequest"
        /// The user; empty means the actor.
        public var user: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "user", &user)
        }
    }

    /// Response of NotificationService.GetPreferences.
    public struct GetPreferencesResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.GetPreferencesResponse"
        public var preferences: Preferences?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Preferences>.self, 1, "preferences", &preferences)
        }
    }

    /// Request of NotificationService.SetPreferences.
    public struct SetPreferencesRequest: ProtoMessage {
        public static let protoName = "tandem.notify.v1.SetPreferencesRequest"
        /// The new preferences; replaces every field.
        public var preferences: Preferences?
        /// ABORTED unless it equals the preferences' version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Preferences>.self, 1, "preferences", &preferences)
            try visitor.visitSingular(ProtoInt64.self, 2, "expected_version", &expectedVersion)
        }
    }

    /// Response of NotificationService.SetPreferences.
    public struct SetPreferencesResponse: ProtoMessage {
        public static let protoName = "tandem.notify.v1.SetPreferencesResponse"
        public var preferences: Preferences?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Preferences>.self, 1, "preferences", &preferences)
        }
    }
}
