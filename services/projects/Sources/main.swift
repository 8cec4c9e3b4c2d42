import TandemMigrations
import TandemProjects
import TandemRPC
import TandemRuntime
import TandemSchema
import TandemService

// tandem-projects: projects and scheduling, and the tenant directory: tenants, their placement
// and API keys (services/projects/README.md).
let configuration = ServerConfiguration.loadOrExit(server: .projects)
let logger = TandemLogging.bootstrap(configuration.logging, label: configuration.server.logLabel)
let stack = await ServiceStack.startOrExit(configuration, migrations: .projects, logger: logger)

var services: [any RPCService] = []
if let clusters = stack.clusters {
    // The directory lives on the first configured cluster.
    let store = TenantDirectoryStore(pool: try clusters.pool(clusters.names[0]))
    let directory = TenantDirectoryService(store: store, logger: logger)
    let authenticator = stack.authenticator(directory: directory)
    let provisioning = TenantProvisioningService(clusters: clusters, source: "tandem-projects", logger: logger)
    let provisioners: [any TenantProvisioner] = [
        RemoteTenantProvisioner(serviceName: "tandem-tasks", client: try stack.client(for: .tasks), serviceToken: stack.serviceToken),
        LocalTenantProvisioner(serviceName: "tandem-projects", service: provisioning),
        RemoteTenantProvisioner(serviceName: "tandem-notify", client: try stack.client(for: .notify), serviceToken: stack.serviceToken),
    ]
    let admin = TenantAdminService(
        store: store, clusters: clusters.names, provisioners: provisioners,
        pageTokens: PageTokenCodec(key: stack.pageTokenKey), logger: logger)
    services += [
        authenticator.protect(admin) { _ in .administrator },
        authenticator.protect(directory) { _ in .service },
        authenticator.protect(provisioning) { _ in .service },
    ]
}
await ServiceRunner(
    services: [GRPCServing(configuration: configuration, services: services, logger: logger)],
    shutdownGracePeriod: configuration.shutdownGracePeriod, logger: logger
).runAndExit()
