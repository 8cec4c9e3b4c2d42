import Foundation
import Logging
import TandemGRPC
import TandemMigrations
import TandemPostgres
import TandemRPC
import TandemSchema
import TandemService

/// One tenant and one key, known without a directory round trip: what the authenticator's cache
/// holds for a busy tenant.
struct FixedDirectory: TenantDirectoryLookup {
    let keyHash: [UInt8]
    let key: ResolvedApiKey

    func resolveApiKey(hash: [UInt8]) async throws -> ResolvedApiKey? { hash == keyHash ? key : nil }
    func placement(tenantID: String) async throws -> TenantPlacement? { tenantID == key.tenant.tenantID ? key.tenant : nil }
}

enum ReadServer {
    static let getItem = MethodDescriptor<TasksV1.GetTaskRequest, TasksV1.GetTaskResponse>(
        service: "bench.Items", method: "GetItem", kind: .unary)
    static let tenantID = "01900000-0000-7000-8000-0000000be4c1"

    static func run(appURL: String, ownerURL: String, pool poolSize: Int, rows: Int, bodyPath: String) async throws {
        let owner = PostgresPool(configuration: .init(options: .init(url: ownerURL), maximumConnections: 1))
        _ = try await Migrator.apply(.tasks, on: owner)
        try await owner.withConnection { connection in
            try connection.execute(
                script: """
                    SET client_min_messages = warning;
                    DROP TABLE IF EXISTS bench_items;
                    CREATE TABLE bench_items (
                        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
                        id uuid NOT NULL,
                        title text NOT NULL,
                        PRIMARY KEY (tenant_id, id));
                    ALTER TABLE bench_items ENABLE ROW LEVEL SECURITY;
                    ALTER TABLE bench_items FORCE ROW LEVEL SECURITY;
                    CREATE POLICY tenant_isolation ON bench_items
                        USING (tenant_id = current_setting('tandem.tenant_id')::uuid);
                    GRANT SELECT ON bench_items TO tandem_app;
                    """)
        }
        _ = try await owner.pipelineTransaction(
            tenant: TenantScope(tenantID),
            [
                "INSERT INTO tenants (tenant_id, slug) VALUES (\(tenantID), 'bench') ON CONFLICT DO NOTHING",
                """
                INSERT INTO bench_items (tenant_id, id, title)
                SELECT \(tenantID)::uuid, md5(i::text)::uuid, 'item ' || i FROM generate_series(1, \(rows)) i
                """,
            ])
        try await owner.withConnection { try $0.execute(script: "ANALYZE bench_items") }
        owner.close()

        let secret = "tdm_bench_" + Crypto.hex(Crypto.randomBytes(16))
        let hash = Crypto.sha256(Array(secret.utf8))
        let placement = TenantPlacement(tenantID: tenantID, slug: "bench", state: .active, cluster: "main", timeZone: "UTC")
        let directory = FixedDirectory(keyHash: hash, key: ResolvedApiKey(apiKeyID: "bench", scopes: [.read], tenant: placement))
        var logger = Logger(label: "bench.read")
        logger.logLevel = .warning
        let authenticator = Authenticator(
            configuration: .init(rateLimit: .init(ratePerSecond: 1e9, burst: 1e9)), directory: directory, logger: logger)
        let pool = PostgresPool(
            configuration: .init(options: .init(url: appURL, applicationName: "tandem-bench"), maximumConnections: poolSize))
        let service = ItemsService(pool: pool, logger: logger)
        let server = try GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, shutdownGracePeriod: .seconds(1)),
            services: [authenticator.protect(service) { _ in .tenant(.read) }], logger: logger)
        let port = try await server.start()

        // The id of item 4242, framed: what h2load sends.
        let itemID = try await pool.transaction(tenant: TenantScope(tenantID)) { connection in
            try connection.query("SELECT md5('4242')::uuid::text").first!.decode(String.self, at: 0)
        }
        var request = TasksV1.GetTaskRequest()
        request.id = itemID
        try writeFramed(request, to: bodyPath)
        // What the handler sends for it, for pgbench: the tenant setting and the read, one
        // implicit transaction ended by the pipeline's sync point.
        try TaskBench.write(
            URL(fileURLWithPath: bodyPath).deletingLastPathComponent().path, "read.sql",
            "\\startpipeline\nSELECT set_config('tandem.tenant_id', \(TaskBench.literal(tenantID)), true);\n"
                + "SELECT id::text, title FROM bench_items WHERE id = \(TaskBench.literal(itemID))::uuid;\n\\endpipeline\n")

        print("listening on \(port) key \(secret)")
        fflush(nil)
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

struct ItemsService: RPCService {
    let pool: PostgresPool
    let logger: Logger

    var methods: [ServiceMethod] {
        [
            .unary(ReadServer.getItem) { request, _ in
                let tenant = try Caller.tenant()
                guard Identifiers.isUUID(request.id) else { throw RPCError(code: .notFound, message: "no such item") }
                let results = try await withDatabaseErrors(logger: logger) {
                    try await pool.pipelineTransaction(
                        tenant: TenantScope(tenant.tenantID), readOnly: true,
                        ["SELECT id::text, title FROM bench_items WHERE id = \(request.id)::uuid"])
                }
                guard let row = results[0].first else { throw RPCError(code: .notFound, message: "no such item") }
                var response = TasksV1.GetTaskResponse()
                var task = TasksV1.Task()
                task.id = try row.decode(String.self, at: 0)
                task.title = try row.decode(String.self, at: 1)
                response.task = task
                return response
            }
        ]
    }
}

/// Writes `message` as one gRPC message (the uncompressed flag and the length, then the bytes):
/// a request body for h2load.
func writeFramed(_ message: some ProtoMessage, to path: String) throws {
    let bytes = message.serializedBytes()
    var frame: [UInt8] = [0]
    withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { frame += $0 }
    try Data(frame + bytes).write(to: URL(fileURLWithPath: path))
}
