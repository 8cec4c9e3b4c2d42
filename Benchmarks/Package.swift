// swift-tools-version: 6.0
import PackageDescription

/// Tandem's protobuf codec against apple/swift-protobuf on the same messages, in one process.
///
/// A package of its own so the product build never compiles swift-protobuf. Run `scripts/bench`.
let package = Package(
    name: "TandemBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package, named so the product reference does not depend on its folder's name.
        .package(name: "Tandem", path: ".."),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
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
    ]
)
