public import Logging
public import TandemRPC
public import TandemService

/// tandem-notify as one process serves it: NotificationService, provisioning, and the inbox
/// listener that wakes subscriptions. The executable and the integration tests assemble it the
/// same way.
public struct NotifyAssembly: Sendable {
    public let services: [any RPCService]
    public let listener: InboxListener

    public init(
        clusters: ClusterSet, authenticator: Authenticator, pageTokenKey: [UInt8], subscriberLag: Int = 1000,
        writeTimeout: Duration = .seconds(10), logger: Logger
    ) {
        let listener = InboxListener(clusters: clusters, logger: logger)
        let notifications = NotificationService(
            clusters: clusters, listener: listener, pageTokenKey: pageTokenKey, subscriberLag: subscriberLag,
            writeTimeout: writeTimeout, logger: logger)
        let provisioning = TenantProvisioningService(clusters: clusters, source: "tandem-notify", logger: logger)
        self.services = [
            authenticator.protect(notifications, policy: NotificationService.access),
            authenticator.protect(provisioning) { _ in .service },
        ]
        self.listener = listener
    }
}
