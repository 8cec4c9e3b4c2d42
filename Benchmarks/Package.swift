// swift-tools-version: 6.0
import PackageDescription

/// The allocator the services link (the root package's `allocatorLinkerSettings`), for the
/// servers benchmarked here, so they measure what runs.
let allocatorLinkerSettings: [LinkerSetting] = [
    .linkedLibrary("tcmalloc_minimal", .when(platforms: [.linux]))
]

/// The root package's settings for its sources: async functions run where their caller runs
/// unless marked `@concurrent`, so the benchmarks' own handlers and load loops hop as the services
/// do.
let asyncSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

/// Tandem's protobuf codec against apple/swift-protobuf on the same messages, in one process
/// (`scripts/bench`), and the echo server that `scripts/bench-transport` loads with h2load.
///
/// A package of its own so the product build never compiles swift-protobuf.
let package = Package(
    name: "TandemBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package, named so the product reference does not depend on its folder's name.
        .package(name: "Tandem", path: ".."),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Counts malloc-family calls by interposing them; C, so counting never allocates.
        .target(name: "CAllocationCounter"),
        .executableTarget(
            name: "TandemBenchmarks",
            dependencies: [
                "CAllocationCounter",
                .product(name: "TandemSchema", package: "Tandem"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
            ]),
        // Tandem's gRPC server answering `bench.Echo/Echo` with its request (scripts/bench-transport).
        .executableTarget(
            name: "TandemEchoServer",
            dependencies: [
                "CAllocationCounter",
                .product(name: "TandemGRPC", package: "Tandem"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: asyncSwiftSettings,
            linkerSettings: allocatorLinkerSettings),
        // The scheduling engine alone (scripts/bench-schedule), against networkx in Python.
        .executableTarget(
            name: "TandemScheduleBench",
            dependencies: [
                .product(name: "TandemScheduling", package: "Tandem"),
                .product(name: "TandemSchema", package: "Tandem"),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
            ],
            linkerSettings: allocatorLinkerSettings),
        // Storage under load (scripts/bench-storage): a point read through the whole stack against
        // pgbench -S, and provisioning and migrating 1,000 tenants.
        .executableTarget(
            name: "TandemStorageBench",
            dependencies: [
                .product(name: "TandemGRPC", package: "Tandem"),
                .product(name: "TandemPostgres", package: "Tandem"),
                .product(name: "TandemMigrations", package: "Tandem"),
                .product(name: "TandemService", package: "Tandem"),
                .product(name: "TandemProjects", package: "Tandem"),
                .product(name: "TandemTasks", package: "Tandem"),
                .product(name: "TandemNotify", package: "Tandem"),
                .product(name: "TandemSchema", package: "Tandem"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: asyncSwiftSettings,
            linkerSettings: allocatorLinkerSettings),
    ]
)
