import Foundation
import Testing
import TandemGRPC
import TandemRPC
import TandemRuntime
import TandemSchema
import TandemTestSupport
import TandemWire

@Suite("Isolation matrix")
struct IsolationMatrixCoverageTests {
    @Test("Every RPC of the contract has an entry, and every entry is an RPC of the contract")
    func coverage() {
        let contract = Set(IsolationMatrix.contract.map(\.path))
        let matrix = Set(IsolationMatrix.rules.keys)
        #expect(contract.subtracting(matrix).sorted() == [], "RPCs without an isolation rule")
        #expect(matrix.subtracting(contract).sorted() == [], "rules for RPCs that do not exist")
    }

    @Test("Every resource id a rule names is a string field of the request")
    func fieldsExist() {
        for method in IsolationMatrix.contract {
            guard case .resourceID(let field, _) = IsolationMatrix.rules[method.path] else { continue }
            #expect(
                IsolationMatrix.requestBytes(typeName: method.requestType, path: field, value: "x") != nil,
                "\(method.path): \(field) is not a string field of \(method.requestType)")
        }
    }
}

@Suite("Tenant isolation across the served RPCs", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"))
struct IsolationTests {
    static func server(for service: String) -> [TandemServer] {
        switch service {
        case TasksV1.TaskService.name: [.tasks]
        case NotifyV1.NotificationService.name: [.notify]
        case AdminV1.TenantProvisioning.name: [.tasks, .projects, .notify]
        default: [.projects]
        }
    }

    /// Calls `method` on `client` with raw request bytes; the status it ends with.
    static func call(_ client: GRPCClient, _ method: MethodInfo, _ bytes: [UInt8], _ metadata: Metadata) async -> Status.Code {
        var request = RawMessage()
        do {
            request = try RawMessage(serializedBytes: bytes)
        } catch {
            return .internalError
        }
        do {
            switch method.kind {
            case .unary:
                _ = try await client.unary(
                    MethodDescriptor<RawMessage, RawMessage>(service: method.service, method: method.method, kind: .unary),
                    request, metadata: metadata, timeout: .seconds(10))
            default:
                try await client.serverStreaming(
                    MethodDescriptor<RawMessage, RawMessage>(service: method.service, method: method.method, kind: method.kind),
                    request, metadata: metadata, timeout: .seconds(10)
                ) { stream in for try await _ in stream {} }
            }
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test("Tenant A's key: administrator and internal RPCs refuse it; ids of B (or unknown) answer NOT_FOUND")
    func matrix() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let a = try await deployment.createTenant("tenant-a", cluster: "a")
        let b = try await deployment.createTenant("tenant-b", cluster: "b")
        let keyA = try await deployment.createKey(a.id)
        _ = try await deployment.createKey(b.id)
        let metadata = Deployment.bearer(keyA.secret)
        var clients: [TandemServer: GRPCClient] = [:]
        for server in TandemServer.allCases { clients[server] = try deployment.client(server) }

        var served: [String] = []
        var notServed: [String] = []
        for method in IsolationMatrix.contract {
            let rule = IsolationMatrix.rules[method.path]!
            for server in Self.server(for: method.service) {
                let client = clients[server]!
                switch rule {
                case .administrator, .serviceOnly:
                    // An id of B's, where the request takes one, changes nothing.
                    let bytes = IsolationMatrix.requestBytes(typeName: method.requestType, path: "tenant_id", value: b.id) ?? []
                    let code = await Self.call(client, method, bytes, metadata)
                    if code == .unimplemented {
                        notServed.append(method.path)
                    } else {
                        served.append(method.path)
                        #expect(code == .permissionDenied, "\(method.path) on \(server) with A's key: \(code)")
                    }
                case .resourceID(let field, let rest):
                    // B's tenant id and an unknown id must look alike: NOT_FOUND. (Each service
                    // adds B's own resources here as its RPCs arrive.)
                    for id in [b.id, "01900000-0000-7000-8000-000000000000"] {
                        let bytes = IsolationMatrix.requestBytes(typeName: method.requestType, path: field, value: id)! + rest
                        let code = await Self.call(client, method, bytes, metadata)
                        if code == .unimplemented {
                            notServed.append(method.path)
                            break
                        }
                        served.append(method.path)
                        #expect(code == .notFound, "\(method.path) on \(server) with A's key and id \(id): \(code)")
                    }
                case .callerTenant:
                    let code = await Self.call(client, method, [], metadata)
                    if code == .unimplemented {
                        notServed.append(method.path)
                    } else {
                        served.append(method.path)
                        #expect(code != .permissionDenied && code != .unauthenticated, "\(method.path): \(code)")
                    }
                }
            }
        }
        // What exists today must be attacked; the rest joins as it is served.
        let admin = [AdminV1.TenantAdmin.descriptor, AdminV1.TenantDirectory.descriptor, AdminV1.TenantProvisioning.descriptor]
        #expect(Set(served).isSuperset(of: admin.flatMap(\.methods).map(\.path)), "not served: \(notServed)")
        // Only the services whose parts are still to come may answer UNIMPLEMENTED; remove each
        // from this list as it arrives, so that its RPCs are attacked from then on.
        let toCome = [
            TasksV1.TaskService.name, ProjectsV1.ProjectService.name, NotifyV1.NotificationService.name,
            "tandem.common.v1.EventSink",
        ]
        let unexpected = notServed.filter { path in !toCome.contains { path.hasPrefix("/\($0)/") } }
        #expect(unexpected.isEmpty, "answered UNIMPLEMENTED: \(unexpected)")
    }

    @Test("Page tokens, request ids and exports never cross tenants")
    func adminSurfaces() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let a = try await deployment.createTenant("alpha")
        let b = try await deployment.createTenant("bravo")
        let (client, metadata) = try deployment.admin()
        for tenant in [a, b] { for _ in 0..<3 { _ = try await deployment.createKey(tenant.id) } }

        // A page token of A's key list is refused for B's, and when altered.
        var list = AdminV1.ListApiKeysRequest()
        list.tenantID = a.id
        list.pageSize = 2
        let page = try await client.unary(AdminV1.TenantAdmin.listApiKeys, list, metadata: metadata)
        #expect(page.apiKeys.count == 2 && page.apiKeys.allSatisfy { $0.tenantID == a.id })
        #expect(!page.nextPageToken.isEmpty)
        var crossed = list
        crossed.tenantID = b.id
        crossed.pageToken = page.nextPageToken
        let crossedError = await #expect(throws: RPCError.self) {
            _ = try await client.unary(AdminV1.TenantAdmin.listApiKeys, crossed, metadata: metadata)
        }
        #expect(crossedError?.code == .invalidArgument)
        var altered = list
        altered.pageToken = String(page.nextPageToken.dropLast()) + (page.nextPageToken.hasSuffix("A") ? "B" : "A")
        await #expect(throws: RPCError.self) {
            _ = try await client.unary(AdminV1.TenantAdmin.listApiKeys, altered, metadata: metadata)
        }
        var next = list
        next.pageToken = page.nextPageToken
        let rest = try await client.unary(AdminV1.TenantAdmin.listApiKeys, next, metadata: metadata)
        #expect(rest.apiKeys.count == 1 && rest.nextPageToken.isEmpty)
        #expect(Set((page.apiKeys + rest.apiKeys).map(\.id)).count == 3)

        // The same request_id in two tenants makes two keys, each its own tenant's.
        var create = AdminV1.CreateApiKeyRequest()
        create.name = "shared request id"
        create.scopes = [.read]
        create.requestID = "same-id"
        create.tenantID = a.id
        let keyA = try await client.unary(AdminV1.TenantAdmin.createApiKey, create, metadata: metadata)
        create.tenantID = b.id
        let keyB = try await client.unary(AdminV1.TenantAdmin.createApiKey, create, metadata: metadata)
        #expect(keyA.apiKey?.id != keyB.apiKey?.id)
        #expect(keyA.apiKey?.tenantID == a.id && keyB.apiKey?.tenantID == b.id)
        #expect(!keyB.secret.isEmpty, "B's first use of the request id shows its secret")
        create.tenantID = a.id
        let retried = try await client.unary(AdminV1.TenantAdmin.createApiKey, create, metadata: metadata)
        #expect(retried.apiKey?.id == keyA.apiKey?.id && retried.secret.isEmpty)

        // A's export holds A's records only.
        var export = AdminV1.ExportTenantRequest()
        export.tenantID = a.id
        let records = try await client.serverStreaming(AdminV1.TenantAdmin.exportTenant, export, metadata: metadata) { stream in
            var records: [AdminV1.ExportRecord] = []
            for try await batch in stream { records += batch.records }
            return records
        }
        #expect(records.count == 1 + 4, "the tenant and its four keys")
        for record in records {
            switch record.record {
            case .tenant(let tenant)?: #expect(tenant.id == a.id)
            case .apiKey(let key)?: #expect(key.tenantID == a.id)
            default: Issue.record("unexpected record \(record)")
            }
        }
    }
}
