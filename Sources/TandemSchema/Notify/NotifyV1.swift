/// `tandem.notify.v1`.
public enum NotifyV1: SchemaNamespace {
    public static var messageTypes: [any ProtoMessage.Type] {
        [
            Notification.self, Preferences.self, Webhook.self, Delivery.self, DeliveryAttempt.self,
            PublishRequest.self, PublishResponse.self, ListNotificationsRequest.self,
            ListNotificationsResponse.self, MarkReadRequest.self, MarkReadResponse.self,
            SubscribeRequest.self, SubscribeResponse.self, GetPreferencesRequest.self,
            GetPreferencesResponse.self, SetPreferencesRequest.self, SetPreferencesResponse.self,
            CreateWebhookRequest.self, CreateWebhookResponse.self, ListWebhooksRequest.self,
            ListWebhooksResponse.self, DeleteWebhookRequest.self, DeleteWebhookResponse.self,
            ListDeliveriesRequest.self, ListDeliveriesResponse.self,
        ]
    }

    public static var enumTypes: [any ProtoEnum.Type] {
        [DeliveryState.self]
    }

    public static var services: [ServiceDescriptor] {
        [NotificationService.descriptor]
    }
}
