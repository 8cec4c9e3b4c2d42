public import Logging
public import TandemRPC
public import TandemService

/// tandem-notify as one process serves it: NotificationService, provisioning, the inbox
/// listener that wakes subscriptions and the webhook dispatcher. The executable and the integration tests assemble it the
/// same way.
public struct NotifyAssembly: Sendable {
    public let services: [any RPCService]
    public let listener: InboxListener
    public let dispatcher: WebhookDispatcher

    public init(
        clusters: ClusterSet, authenticator: Authenticator, pageTokenKey: [UInt8], subscriberLag: Int = 1000,
        writeTimeout: Duration = .seconds(10), webhooks: WebhookSettings = WebhookSettings(), logger: Logger
    ) {
        let listener = InboxListener(clusters: clusters, logger: logger)
        let notifications = NotificationService(
            clusters: clusters, listener: listener, pageTokenKey: pageTokenKey, subscriberLag: subscriberLag,
            writeTimeout: writeTimeout, addressPolicy: webhooks.addressPolicy, logger: logger)
        let provisioning = TenantProvisioningService(clusters: clusters, source: "tandem-notify", logger: logger)
        self.services = [
            authenticator.protect(notifications, policy: NotificationService.access),
            authenticator.protect(provisioning) { _ in .service },
        ]
        self.listener = listener
        self.dispatcher = WebhookDispatcher(clusters: clusters, settings: webhooks, logger: logger)
    }
}
