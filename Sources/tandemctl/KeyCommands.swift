import ArgumentParser
import TandemGRPC
import TandemRPC
import TandemSchema

/// `tandemctl key ...`: a tenant's API keys, with the administrator token.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Create, list and revoke a tenant's API keys (administrator token).",
        discussion: ExitStatus.help,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key; its secret is printed once and never stored.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The tenant id.") var tenant: String
        @Option(help: "What the key is for.") var name: String
        @Option(help: "read or write; repeatable (default: read and write).") var scope: [String] = []
        @Option(help: "An idempotency key for retries (a retry shows no secret).") var requestID = ""

        func run() async throws {
            var request = AdminV1.CreateApiKeyRequest()
            request.tenantID = tenant
            request.name = name
            request.requestID = requestID
            request.scopes = try (scope.isEmpty ? ["read", "write"] : scope).map { name in
                switch name.lowercased() {
                case "read": return .read
                case "write": return .write
                default: throw ValidationError("unknown scope \(name): read or write")
                }
            }
            let response = try await withClient(connection) { client, metadata, timeout in
                try await client.unary(AdminV1.TenantAdmin.createApiKey, request, metadata: metadata, timeout: timeout)
            }
            emit([keyRow(response.apiKey ?? .init()) + [("secret", response.secret)]], format: output.output)
            if output.output == .table {
                printError(
                    response.secret.isEmpty
                        ? "this key was created earlier with the same --request-id; its secret is not shown again"
                        : "the secret is shown once: keep it now (send it as authorization: Bearer <secret>)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's API keys (never their secrets).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The tenant id.") var tenant: String
        @Flag(help: "Also list revoked keys.") var includeRevoked = false

        func run() async throws {
            var request = AdminV1.ListApiKeysRequest()
            request.tenantID = tenant
            request.includeRevoked = includeRevoked
            request.pageSize = 500
            let keys = try await withClient(connection) { client, metadata, timeout in
                var keys: [AdminV1.ApiKey] = []
                while true {
                    let page = try await client.unary(AdminV1.TenantAdmin.listApiKeys, request, metadata: metadata, timeout: timeout)
                    keys += page.apiKeys
                    if page.nextPageToken.isEmpty { return keys }
                    request.pageToken = page.nextPageToken
                }
            }
            emit(keys.map(keyRow), format: output.output)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API key: within 5 s it answers UNAUTHENTICATED everywhere.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The API key id.") var id: String

        func run() async throws {
            var request = AdminV1.RevokeApiKeyRequest()
            request.apiKeyID = id
            let key = try await withClient(connection) { client, metadata, timeout in
                try await client.unary(AdminV1.TenantAdmin.revokeApiKey, request, metadata: metadata, timeout: timeout).apiKey
            }
            emit([keyRow(key ?? .init())], format: output.output)
        }
    }
}

func keyRow(_ key: AdminV1.ApiKey) -> [(String, String)] {
    [
        ("id", key.id), ("tenant_id", key.tenantID), ("prefix", key.prefix),
        ("scopes", key.scopes.map { $0 == .read ? "read" : $0 == .write ? "write" : "\($0.rawValue)" }.joined(separator: ",")),
        ("revoked", key.revoked ? "yes" : "no"), ("created_at", timestampText(key.createdAt)), ("name", key.name),
    ]
}
