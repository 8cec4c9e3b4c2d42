/// `tandem.admin.v1`.
public enum AdminV1: SchemaNamespace {
    public static var messageTypes: [any ProtoMessage.Type] {
        [
            Tenant.self, ApiKey.self, ExportRecord.self, CreateTenantRequest.self, CreateTenantResponse.self,
            GetTenantRequest.self, GetTenantResponse.self, ListTenantsRequest.self, ListTenantsResponse.self,
            UpdateTenantRequest.self, UpdateTenantResponse.self, SuspendTenantRequest.self,
            SuspendTenantResponse.self, ResumeTenantRequest.self, ResumeTenantResponse.self,
            DeleteTenantRequest.self, DeleteTenantResponse.self, CreateApiKeyRequest.self,
            CreateApiKeyResponse.self, ListApiKeysRequest.self, ListApiKeysResponse.self,
            RevokeApiKeyRequest.self, RevokeApiKeyResponse.self, ExportTenantRequest.self,
            ExportTenantResponse.self, ResolveApiKeyRequest.self, ResolveApiKeyResponse.self,
            GetTenantPlacementRequest.self, GetTenantPlacementResponse.self, ProvisionTenantRequest.self,
            ProvisionTenantResponse.self, DeprovisionTenantRequest.self, DeprovisionTenantResponse.self,
            ExportTenantDataRequest.self, ExportTenantDataResponse.self,
        ]
    }

    public static var enumTypes: [any ProtoEnum.Type] {
        [TenantState.self, Scope.self]
    }

    public static var services: [ServiceDescriptor] {
        [TenantAdmin.descriptor, TenantDirectory.descriptor, TenantProvisioning.descriptor]
    }
}
