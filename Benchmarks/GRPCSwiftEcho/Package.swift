// swift-tools-version: 6.1
import PackageDescription

/// The grpc-swift-2 peer of `scripts/bench-transport`: a server for `/bench.Echo/Echo` that answers
/// with the request's bytes, on grpc-swift-2 2.4.3 and its SwiftNIO HTTP/2 transport 2.9.2.
///
/// A package of its own so neither the product build nor `scripts/bench` compiles grpc-swift.
let package = Package(
    name: "GRPCSwiftEcho",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", exact: "2.9.2"),
    ],
    targets: [
        .executableTarget(
            name: "GRPCSwiftEcho",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
            ])
    ]
)
