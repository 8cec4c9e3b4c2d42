extension AdminV1 {
    /// Tenant administration, reachable with the administrator credential only.
    public enum TenantAdmin {
        public static let name = "tandem.admin.v1.TenantAdmin"
        public static let createTenant = MethodDescriptor<CreateTenantRequest, CreateTenantResponse>(
            service: name, method: "CreateTenant", kind: .unary)
        public static let getTenant = MethodDescriptor<GetTenantRequest, GetTenantResponse>(
            service: name, method: "GetTenant", kind: .unary)
        public static let listTenants = MethodDescriptor<ListTenantsRequest, ListTenantsResponse>(
            service: name, method: "ListTenants", kind: .unary)
        public static let updateTenant = MethodDescriptor<UpdateTenantRequest, UpdateTenantResponse>(
            service: name, method: "UpdateTenant", kind: .unary)
        public static let suspendTenant = MethodDescriptor<SuspendTenantRequest, SuspendTenantResponse>(
            service: name, method: "SuspendTenant", kind: .unary)
        public static let resumeTenant = MethodDescriptor<ResumeTenantRequest, ResumeTenantResponse>(
            service: name, method: "ResumeTenant", kind: .unary)
        public static let deleteTenant = MethodDescriptor<DeleteTenantRequest, DeleteTenantResponse>(
            service: name, method: "DeleteTenant", kind: .unary)
        public static let createApiKey = MethodDescriptor<CreateApiKeyRequest, CreateApiKeyResponse>(
            service: name, method: "CreateApiKey", kind: .unary)
        public static let listApiKeys = MethodDescriptor<ListApiKeysRequest, ListApiKeysResponse>(
            service: name, method: "ListApiKeys", kind: .unary)
        public static let revokeApiKey = MethodDescriptor<RevokeApiKeyRequest, RevokeApiKeyResponse>(
            service: name, method: "RevokeApiKey", kind: .unary)
        public static let exportTenant = MethodDescriptor<ExportTenantRequest, ExportTenantResponse>(
            service: name, method: "ExportTenant", kind: .serverStreaming)
        public static let descriptor = ServiceDescriptor(
            name: name,
            methods: [
                createTenant.info, getTenant.info, listTenants.info, updateTenant.info, suspendTenant.info,
                resumeTenant.info, deleteTenant.info, createApiKey.info, listApiKeys.info, revokeApiKey.info,
                exportTenant.info,
            ])
    }

    /// Internal: the tenant directory other services consult, through a cache of at most 5 seconds.
    public enum TenantDirectory {
        public static let name = "tandem.admin.v1.TenantDirectory"
        public static let resolveApiKey = MethodDescriptor<ResolveApiKeyRequest, ResolveApiKeyResponse>(
            service: name, method: "ResolveApiKey", kind: .unary)
        public static let getTenantPlacement = MethodDescriptor<GetTenantPlacementRequest, GetTenantPlacementResponse>(
            service: name, method: "GetTenantPlacement", kind: .unary)
        public static let descriptor = ServiceDescriptor(
            name: name, methods: [resolveApiKey.info, getTenantPlacement.info])
    }

    /// Internal: the tenant lifecycle of one service, called by TenantAdmin and served by every service.
    public enum TenantProvisioning {
        public static let name = "tandem.admin.v1.TenantProvisioning"
        public static let provisionTenant = MethodDescriptor<ProvisionTenantRequest, ProvisionTenantResponse>(
            service: name, method: "ProvisionTenant", kind: .unary)
        public static let deprovisionTenant = MethodDescriptor<DeprovisionTenantRequest, DeprovisionTenantResponse>(
            service: name, method: "DeprovisionTenant", kind: .unary)
        public static let exportTenantData = MethodDescriptor<ExportTenantDataRequest, ExportTenantDataResponse>(
            service: name, method: "ExportTenantData", kind: .serverStreaming)
        public static let descriptor = ServiceDescriptor(
            name: name, methods: [provisionTenant.info, deprovisionTenant.info, exportTenantData.info])
    }
}
