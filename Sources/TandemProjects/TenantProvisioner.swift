public import TandemGRPC
import TandemRPC
public import TandemSchema
public import TandemService

/// One service's side of a tenant's lifecycle, as TenantAdmin drives it.
public protocol TenantProvisioner: Sendable {
    /// `tandem-tasks`, `tandem-projects`, `tandem-notify`: for messages.
    var serviceName: String { get }
    func provision(_ request: AdminV1.ProvisionTenantRequest) async throws
    func deprovision(_ request: AdminV1.DeprovisionTenantRequest) async throws -> Int64
    func export(
        _ request: AdminV1.ExportTenantDataRequest,
        _ each: @Sendable (AdminV1.ExportTenantDataResponse) async throws -> Void
    ) async throws
}

/// Another service's `TenantProvisioning`, called with the service credential.
public struct RemoteTenantProvisioner: TenantProvisioner {
    public let serviceName: String
    private let client: GRPCClient
    private let metadata: Metadata

    public init(serviceName: String, client: GRPCClient, serviceToken: String) {
        self.serviceName = serviceName
        self.client = client
        var metadata = Metadata()
        try? metadata.add("authorization", .string("Bearer \(serviceToken)"))
        self.metadata = metadata
    }

    public func provision(_ request: AdminV1.ProvisionTenantRequest) async throws {
        _ = try await client.unary(AdminV1.TenantProvisioning.provisionTenant, request, metadata: metadata, timeout: .seconds(10))
    }

    public func deprovision(_ request: AdminV1.DeprovisionTenantRequest) async throws -> Int64 {
        try await client.unary(AdminV1.TenantProvisioning.deprovisionTenant, request, metadata: metadata, timeout: .seconds(60))
            .rowsDeleted
    }

    public func export(
        _ request: AdminV1.ExportTenantDataRequest,
        _ each: @Sendable (AdminV1.ExportTenantDataResponse) async throws -> Void
    ) async throws {
        try await client.serverStreaming(AdminV1.TenantProvisioning.exportTenantData, request, metadata: metadata) { stream in
            for try await response in stream { try await each(response) }
        }
    }
}

/// This process's own `TenantProvisioning`, called directly.
public struct LocalTenantProvisioner: TenantProvisioner {
    public let serviceName: String
    private let service: TenantProvisioningService

    public init(serviceName: String, service: TenantProvisioningService) {
        self.serviceName = serviceName
        self.service = service
    }

    public func provision(_ request: AdminV1.ProvisionTenantRequest) async throws {
        _ = try await service.provision(request)
    }

    public func deprovision(_ request: AdminV1.DeprovisionTenantRequest) async throws -> Int64 {
        try await service.deprovision(request).rowsDeleted
    }

    public func export(
        _ request: AdminV1.ExportTenantDataRequest,
        _ each: @Sendable (AdminV1.ExportTenantDataResponse) async throws -> Void
    ) async throws {
        for batch in try await service.exportBatches(request) { try await each(batch) }
    }
}
