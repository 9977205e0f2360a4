// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "TickFlow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tickflow", targets: ["tickflow"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "Stream", targets: ["Stream"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries: system-library targets only, imported by one internal folder each.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(
            name: "Model",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .target(
            name: "Stream",
            dependencies: [
                "Model", "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Connectors",
            dependencies: ["Model", "Stream", "CZlib", .product(name: "Metrics", package: "swift-metrics")]
        ),
        .target(name: "Analytics", dependencies: ["Model", "Stream"]),
        .target(
            name: "Warehouse",
            dependencies: [
                "Model", "Stream", "CZstd",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Serving",
            dependencies: ["Model", "Stream", "Analytics", "Warehouse", "CHiredis"]
        ),
        .executableTarget(
            name: "tickflow",
            dependencies: [
                "Model", "Stream", "Connectors", "Analytics", "Warehouse", "Serving",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Test support: server launchers (Kafka mock cluster, redis-server, PostgreSQL) and fixtures.
        .target(
            name: "TickFlowTestSupport",
            dependencies: [
                "Model", "Stream",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Tests/TickFlowTestSupport"
        ),
        .testTarget(name: "ModelTests", dependencies: ["Model", "TickFlowTestSupport"]),
        .testTarget(name: "StreamTests", dependencies: ["Stream", "Model", "TickFlowTestSupport"]),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "Stream", "Model", "TickFlowTestSupport", .product(name: "Metrics", package: "swift-metrics")]
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Stream", "Model", "TickFlowTestSupport"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "TickFlowTestSupport"]),
        .testTarget(name: "ServingTests", dependencies: ["Serving", "TickFlowTestSupport"]),
        .testTarget(name: "TickFlowTestSupportTests", dependencies: ["TickFlowTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
