// swift-tools-version: 6.0
import PackageDescription

/// The language settings every target shares. Swift 6 mode implies complete concurrency checking.
let defaultSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Tandem's own modules also run a nonisolated async function on its caller's executor (SE-0461):
/// a handler's calls then stay on the event loop that runs the call instead of each checking its
/// way back there. Test targets keep Swift 6's default, under which swift-testing's macros build.
let sourceSwiftSettings: [SwiftSetting] = defaultSwiftSettings + [
    .enableUpcomingFeature("NonisolatedNonsendingByDefault")
]

/// Tandem's processes allocate through tcmalloc (gperftools' minimal build, `libtcmalloc_minimal`)
/// instead of glibc's malloc: a call allocates a few dozen small objects on one thread and frees
/// many of them on another (an event loop, a pool connection's thread), which tcmalloc's
/// per-thread caches serve with less work. Benchmarks/README.md has the figures.
let allocatorLinkerSettings: [LinkerSetting] = [
    .linkedLibrary("tcmalloc_minimal", .when(platforms: [.linux]))
]

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TandemWire", targets: ["TandemWire"]),
        .library(name: "TandemSchema", targets: ["TandemSchema"]),
        .library(name: "TandemGRPC", targets: ["TandemGRPC"]),
        .library(name: "TandemPostgres", targets: ["TandemPostgres"]),
        .library(name: "TandemMigrations", targets: ["TandemMigrations"]),
        .library(name: "TandemService", targets: ["TandemService"]),
        .library(name: "TandemProjects", targets: ["TandemProjects"]),
        .library(name: "TandemTasks", targets: ["TandemTasks"]),
        .library(name: "TandemScheduling", targets: ["TandemScheduling"]),
        .library(name: "TandemNotify", targets: ["TandemNotify"]),
        .executable(name: "tandem-tasks", targets: ["tandem-tasks"]),
        .executable(name: "tandem-projects", targets: ["tandem-projects"]),
        .executable(name: "tandem-notify", targets: ["tandem-notify"]),
        .executable(name: "tandemctl", targets: ["tandemctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, found through pkg-config.
        .systemLibrary(
            name: "CNGHTTP2", pkgConfig: "libnghttp2",
            providers: [.apt(["libnghttp2-dev"])]),
        .systemLibrary(
            name: "CPostgres", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // Protobuf wire format: no dependencies.
        .target(name: "TandemWire", swiftSettings: sourceSwiftSettings),
        // The W3C trace context and request id a call carries across the services: no dependencies.
        .target(name: "TandemTrace", swiftSettings: sourceSwiftSettings),
        // Every message, enum and service descriptor of proto/.
        .target(
            name: "TandemSchema", dependencies: ["TandemWire"],
            swiftSettings: sourceSwiftSettings),
        // gRPC semantics without networking: status, metadata, framing, compression, the typed
        // service API that handlers implement.
        .target(
            name: "TandemRPC",
            dependencies: [
                "TandemSchema", "TandemTrace", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: sourceSwiftSettings),
        // An nghttp2 session driven through mem_recv/mem_send: HTTP/2 with no I/O of its own.
        .target(
            name: "TandemHTTP2",
            dependencies: ["CNGHTTP2", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: sourceSwiftSettings),
        // TLS through OpenSSL memory BIOs: no I/O of its own.
        .target(
            name: "TandemTLS",
            dependencies: ["COpenSSL", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: sourceSwiftSettings),
        // The gRPC server and client on SwiftNIO, HTTP/2 and TLS; health and reflection.
        .target(
            name: "TandemGRPC",
            dependencies: [
                "TandemRPC", "TandemHTTP2", "TandemTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sourceSwiftSettings),
        // PostgreSQL on libpq: connections on threads of their own, a pool, bound parameters only,
        // transactions scoped to a tenant, migrations.
        .target(
            name: "TandemPostgres",
            dependencies: ["CPostgres", "TandemTrace", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: sourceSwiftSettings),
        // Each service's SQL migrations, compiled in (scripts/update-migrations), and the catalog
        // lint that holds every tenant table to the tenancy rules.
        .target(
            name: "TandemMigrations", dependencies: ["TandemPostgres"],
            swiftSettings: sourceSwiftSettings),
        // What every service shares above the transport: callers and credentials, clusters,
        // database errors as gRPC statuses, page tokens, tenant provisioning.
        .target(
            name: "TandemService",
            dependencies: [
                "TandemGRPC", "TandemRPC", "TandemSchema", "TandemPostgres", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: sourceSwiftSettings),
        // tandem-projects' library: the tenant directory and TenantAdmin (projects and scheduling
        // arrive in a later part).
        .target(
            name: "TandemProjects",
            dependencies: [
                "TandemService", "TandemScheduling", "TandemGRPC", "TandemRPC", "TandemSchema", "TandemPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: sourceSwiftSettings),
        // The critical path method over a working calendar, with no I/O (tandem-projects' schedules).
        .target(name: "TandemScheduling", dependencies: ["TandemSchema"], swiftSettings: sourceSwiftSettings),
        // tandem-notify's library: NotificationService, the inbox listener and the webhook
        // dispatcher (outgoing HTTP through async-http-client).
        .target(
            name: "TandemNotify",
            dependencies: [
                "TandemService", "TandemRPC", "TandemSchema", "TandemPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: sourceSwiftSettings),
        // tandem-tasks' library: TaskService, the outbox relay and the reminder scanner.
        .target(
            name: "TandemTasks",
            dependencies: [
                "TandemService", "TandemGRPC", "TandemRPC", "TandemSchema", "TandemPostgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sourceSwiftSettings),
        // Configuration, logging and process lifecycle shared by the executables.
        .target(
            name: "TandemRuntime",
            dependencies: [
                "TandemGRPC", "TandemTLS", "TandemService", "TandemPostgres", "TandemMigrations", "TandemSchema",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: sourceSwiftSettings),

        .executableTarget(
            name: "tandem-tasks",
            dependencies: ["TandemRuntime", "TandemService", "TandemMigrations", "TandemTasks", "TandemRPC"],
            path: "services/tasks/Sources", swiftSettings: sourceSwiftSettings,
            linkerSettings: allocatorLinkerSettings),
        .executableTarget(
            name: "tandem-projects",
            dependencies: ["TandemRuntime", "TandemService", "TandemMigrations", "TandemProjects", "TandemRPC"],
            path: "services/projects/Sources", swiftSettings: sourceSwiftSettings,
            linkerSettings: allocatorLinkerSettings),
        .executableTarget(
            name: "tandem-notify",
            dependencies: ["TandemRuntime", "TandemService", "TandemMigrations", "TandemNotify", "TandemRPC"],
            path: "services/notify/Sources", swiftSettings: sourceSwiftSettings,
            linkerSettings: allocatorLinkerSettings),
        .executableTarget(
            name: "tandemctl",
            dependencies: [
                "TandemRuntime", "TandemSchema", "TandemGRPC", "TandemRPC", "TandemTLS", "TandemPostgres",
                "TandemMigrations",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sourceSwiftSettings),
        // The Swift side of scripts/conformance: the schema against the official protobuf runtime.
        .executableTarget(
            name: "tandem-conformance", dependencies: ["TandemSchema"],
            path: "Tests/Conformance/Tool", swiftSettings: defaultSwiftSettings),
        // The interop suite (scripts/interop): the Echo service's messages, a server and a client
        // that Python's grpcio checks and is checked against.
        .target(
            name: "TandemInteropSupport", dependencies: ["TandemSchema"],
            path: "Tests/Interop/Support", swiftSettings: defaultSwiftSettings),
        .executableTarget(
            name: "tandem-interop-server",
            dependencies: [
                "TandemInteropSupport", "TandemGRPC", "TandemRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Interop/Server", swiftSettings: defaultSwiftSettings),
        .executableTarget(
            name: "tandem-interop-client",
            dependencies: [
                "TandemInteropSupport", "TandemGRPC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Interop/Client", swiftSettings: defaultSwiftSettings),

        .testTarget(
            name: "TandemWireTests", dependencies: ["TandemWire"],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemSchemaTests", dependencies: ["TandemSchema", "TandemWire"],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemRPCTests", dependencies: ["TandemRPC", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemHTTP2Tests", dependencies: ["TandemHTTP2"],
            swiftSettings: defaultSwiftSettings),
        // Test helpers several test targets share (a CA and certificates made at test time).
        .target(
            name: "TandemTestSupport", dependencies: ["TandemPostgres"], path: "Tests/TandemTestSupport",
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemServiceTests", dependencies: ["TandemService", "TandemRPC", "TandemSchema"],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemNotifyTests",
            dependencies: ["TandemNotify", "TandemSchema", "TandemService", "TandemPostgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemSchedulingTests", dependencies: ["TandemScheduling", "TandemSchema"],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemIntegrationTests",
            dependencies: [
                "TandemProjects", "TandemTasks", "TandemNotify", "TandemService", "TandemRuntime", "TandemGRPC", "TandemRPC",
                "TandemSchema", "TandemPostgres", "TandemMigrations", "TandemTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemPostgresTests", dependencies: ["TandemPostgres", "TandemMigrations", "TandemTestSupport"],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemTLSTests", dependencies: ["TandemTLS", "TandemTestSupport"],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemGRPCTests",
            dependencies: [
                "TandemGRPC", "TandemTestSupport", .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: defaultSwiftSettings),
        .testTarget(
            name: "TandemRuntimeTests",
            dependencies: [
                "TandemRuntime", "TandemGRPC", "TandemTLS", "TandemSchema", "TandemTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: defaultSwiftSettings),
    ]
)
