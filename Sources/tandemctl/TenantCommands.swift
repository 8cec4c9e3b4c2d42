import ArgumentParser
import Foundation
import TandemGRPC
import TandemRPC
import TandemSchema

/// `tandemctl tenant ...`: TenantAdmin, with the administrator token.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create, list, inspect, suspend, resume, delete and export tenants (administrator token).",
        discussion: ExitStatus.help,
        subcommands: [Create.self, List.self, Get.self, Suspend.self, Resume.self, Delete.self, Export.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tenant and provision it in every service.",
            discussion: "Safe to repeat with the same --request-id: a retry finishes an interrupted creation.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "3 to 63 lower-case letters, digits and hyphens, starting with a letter.") var slug: String
        @Option(help: "The tenant's name for people.") var displayName: String
        @Option(help: "IANA time zone (default UTC).") var timeZone = ""
        @Option(help: "The cluster to place it on (default: the one with the fewest tenants).") var cluster = ""
        @Option(help: "An idempotency key for retries.") var requestID = ""

        func run() async throws {
            var request = AdminV1.CreateTenantRequest()
            request.slug = slug
            request.displayName = displayName
            request.timeZone = timeZone
            request.cluster = cluster
            request.requestID = requestID
            let tenant = try await withClient(connection) { client, metadata, timeout in
                try await client.unary(AdminV1.TenantAdmin.createTenant, request, metadata: metadata, timeout: timeout).tenant
            }
            emit([tenantRow(tenant ?? .init())], format: output.output)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants, oldest first (every page).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only tenants in this state (provisioning, active, suspended, deleting); repeatable.")
        var state: [String] = []
        @Option(help: "Only the tenant with this slug.") var slug = ""
        @Option(help: "Only tenants on this cluster.") var cluster = ""

        func run() async throws {
            var request = AdminV1.ListTenantsRequest()
            request.states = try state.map { name in
                guard let state = stateNamed(name) else {
                    throw ValidationError("unknown state \(name): provisioning, active, suspended or deleting")
                }
                return state
            }
            request.slug = slug
            request.cluster = cluster
            request.pageSize = 500
            let tenants = try await withClient(connection) { client, metadata, timeout in
                var tenants: [AdminV1.Tenant] = []
                while true {
                    let page = try await client.unary(AdminV1.TenantAdmin.listTenants, request, metadata: metadata, timeout: timeout)
                    tenants += page.tenants
                    if page.nextPageToken.isEmpty { return tenants }
                    request.pageToken = page.nextPageToken
                }
            }
            emit(tenants.map(tenantRow), format: output.output)
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one tenant.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The tenant id.") var id: String

        func run() async throws {
            var request = AdminV1.GetTenantRequest()
            request.id = id
            let tenant = try await withClient(connection) { client, metadata, timeout in
                try await client.unary(AdminV1.TenantAdmin.getTenant, request, metadata: metadata, timeout: timeout).tenant
            }
            emit([tenantRow(tenant ?? .init())], format: output.output)
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend a tenant: within 5 s its keys answer PERMISSION_DENIED everywhere.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The tenant id.") var id: String
        @Option(help: "Why, for the record.") var reason = ""

        func run() async throws {
            var request = AdminV1.SuspendTenantRequest()
            request.tenantID = id
            request.reason = reason
            let tenant = try await withClient(connection) { client, metadata, timeout in
                try await client.unary(AdminV1.TenantAdmin.suspendTenant, request, metadata: metadata, timeout: timeout).tenant
            }
            emit([tenantRow(tenant ?? .init())], format: output.output)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a suspended tenant active again.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The tenant id.") var id: String

        func run() async throws {
            var request = AdminV1.ResumeTenantRequest()
            request.tenantID = id
            let tenant = try await withClient(connection) { client, metadata, timeout in
                try await client.unary(AdminV1.TenantAdmin.resumeTenant, request, metadata: metadata, timeout: timeout).tenant
            }
            emit([tenantRow(tenant ?? .init())], format: output.output)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tenant and every row it has in every service.",
            discussion: "Resumable: if a service cannot be reached, run it again.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The tenant id.") var id: String
        @Flag(help: "Confirm: the tenant's data cannot be brought back.") var yes = false

        func run() async throws {
            guard yes else { throw ValidationError("deleting removes all of the tenant's data: add --yes to confirm") }
            var request = AdminV1.DeleteTenantRequest()
            request.id = id
            _ = try await withClient(connection) { client, metadata, timeout in
                try await client.unary(AdminV1.TenantAdmin.deleteTenant, request, metadata: metadata, timeout: timeout)
            }
            print("deleted \(id)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream all of a tenant's data: one JSON object per record (source and kind).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The tenant id.") var id: String

        func run() async throws {
            var request = AdminV1.ExportTenantRequest()
            request.tenantID = id
            let count = try await withClient(connection) { client, metadata, _ in
                try await client.serverStreaming(AdminV1.TenantAdmin.exportTenant, request, metadata: metadata) { stream in
                    var count = 0
                    for try await batch in stream {
                        for record in batch.records {
                            count += 1
                            print(exportLine(record))
                        }
                    }
                    return count
                }
            }
            printError("exported \(count) records")
        }
    }
}

func stateNamed(_ name: String) -> AdminV1.TenantState? {
    switch name.lowercased() {
    case "provisioning": .provisioning
    case "active": .active
    case "suspended": .suspended
    case "deleting": .deleting
    default: nil
    }
}

func stateName(_ state: AdminV1.TenantState) -> String {
    (AdminV1.TenantState.valueNames[state.rawValue] ?? "\(state.rawValue)").replacingOccurrences(of: "TENANT_STATE_", with: "")
        .lowercased()
}

func timestampText(_ timestamp: GoogleProtobuf.Timestamp?) -> String {
    guard let timestamp else { return "" }
    let date = Date(timeIntervalSince1970: Double(timestamp.seconds) + Double(timestamp.nanos) / 1e9)
    return ISO8601DateFormatter().string(from: date)
}

func tenantRow(_ tenant: AdminV1.Tenant) -> [(String, String)] {
    [
        ("id", tenant.id), ("slug", tenant.slug), ("state", stateName(tenant.state)), ("cluster", tenant.cluster),
        ("time_zone", tenant.timeZone), ("version", String(tenant.version)), ("created_at", timestampText(tenant.createdAt)),
        ("display_name", tenant.displayName),
    ]
}

func exportLine(_ record: AdminV1.ExportRecord) -> String {
    var fields: [(String, String)] = [("source", record.source)]
    switch record.record {
    case .tenant(let tenant)?: fields += [("kind", "tenant")] + tenantRow(tenant)
    case .apiKey(let key)?: fields += [("kind", "api_key")] + keyRow(key)
    case let other?: fields += [("kind", "\(other)".split(separator: "(").first.map(String.init) ?? "record")]
    case nil: fields += [("kind", "unknown")]
    }
    return "{" + fields.map { "\(jsonString($0.0)):\(jsonString($0.1))" }.joined(separator: ",") + "}"
}
