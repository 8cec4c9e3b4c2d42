extension NotifyV1 {
    /// Inbox, subscriptions, preferences and webhooks, served by tandem-notify.
    public enum NotificationService {
        public static let name = "tandem.notify.v1.NotificationService"
        public static let publish = MethodDescriptor<PublishRequest, PublishResponse>(
            service: name, method: "Publish", kind: .unary)
        public static let listNotifications = MethodDescriptor<ListNotificationsRequest, ListNotificationsResponse>(
            service: name, method: "ListNotifications", kind: .unary)
        public static let markRead = MethodDescriptor<MarkReadRequest, MarkReadResponse>(
            service: name, method: "MarkRead", kind: .unary)
        public static let subscribe = MethodDescriptor<SubscribeRequest, SubscribeResponse>(
            service: name, method: "Subscribe", kind: .serverStreaming)
        public static let getPreferences = MethodDescriptor<GetPreferencesRequest, GetPreferencesResponse>(
            service: name, method: "GetPreferences", kind: .unary)
        public static let setPreferences = MethodDescriptor<SetPreferencesRequest, SetPreferencesResponse>(
            service: name, method: "SetPreferences", kind: .unary)
        public static let createWebhook = MethodDescriptor<CreateWebhookRequest, CreateWebhookResponse>(
            service: name, method: "CreateWebhook", kind: .unary)
        public static let listWebhooks = MethodDescriptor<ListWebhooksRequest, ListWebhooksResponse>(
            service: name, method: "ListWebhooks", kind: .unary)
        public static let deleteWebhook = MethodDescriptor<DeleteWebhookRequest, DeleteWebhookResponse>(
            service: name, method: "DeleteWebhook", kind: .unary)
        public static let listDeliveries = MethodDescriptor<ListDeliveriesRequest, ListDeliveriesResponse>(
            service: name, method: "ListDeliveries", kind: .unary)
        public static let descriptor = ServiceDescriptor(
            name: name,
            methods: [
                publish.info, listNotifications.info, markRead.info, subscribe.info, getPreferences.info,
                setPreferences.info, createWebhook.info, listWebhooks.info, deleteWebhook.info,
                listDeliveries.info,
            ])
    }
}
