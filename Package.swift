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
        // Ledger API: HTTP server, auth, Postgres and SQLite stores, HTTP client for tests and the api-order bench.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Live updates over WebSocket (and its client, for tests).
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        // /metrics in the Prometheus text format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries: system-library targets only, imported by one internal folder each.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLapacke", pkgConfig: "lapacke", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),

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
        // Warehouse: fit-garch and historical stress scenarios read bars from the warehouse (no cycle: Warehouse needs Model+Stream).
        .target(name: "Analytics", dependencies: ["Model", "Stream", "Warehouse", "CLapacke"]),
        .target(
            name: "Warehouse",
            dependencies: [
                "Model", "Stream", "CZstd",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Backtests: warehouse history replayed through the stream and analytics operators, strategies, fills, results.
        .target(name: "Backtest", dependencies: ["Model", "Stream", "Analytics", "Warehouse"]),
        .target(
            name: "Serving",
            dependencies: [
                "Model", "Stream", "Analytics", "Warehouse", "CHiredis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Ledger/Migrations"), .copy("HTTP/openapi.yaml")]
        ),
        .executableTarget(
            name: "tickflow",
            dependencies: [
                "Model", "Stream", "Connectors", "Analytics", "Warehouse", "Serving", "ProcessSupport", "Backtest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // jemalloc instead of glibc's malloc: the embedded pipeline allocates small messages on every thread, and
            // glibc's bins and arena locks took a quarter of its CPU (e2e-embedded 115k -> 156k ticks/s).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),

        // Spawning programs (posix_spawn), free ports, a throwaway PostgreSQL cluster: for tests and benchmarks.
        .target(name: "ProcessSupport"),
        // Test support: server launchers (Kafka mock cluster, redis-server, PostgreSQL) and fixtures.
        .target(
            name: "TickFlowTestSupport",
            dependencies: [
                "Model", "Stream", "ProcessSupport",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Tests/TickFlowTestSupport"
        ),
        .testTarget(
            name: "ModelTests", dependencies: ["Model", "TickFlowTestSupport", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .testTarget(name: "StreamTests", dependencies: ["Stream", "Model", "TickFlowTestSupport"]),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "Stream", "Model", "TickFlowTestSupport", .product(name: "Metrics", package: "swift-metrics")]
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Stream", "Model", "TickFlowTestSupport"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "TickFlowTestSupport"]),
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Serving", "Model", "Stream", "Warehouse", "Analytics", "TickFlowTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // jemalloc instead of glibc's malloc: the embedded pipeline allocates small messages on every thread, and
            // glibc's bins and arena locks took a quarter of its CPU (e2e-embedded 115k -> 156k ticks/s).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Model", "Stream", "Warehouse", "TickFlowTestSupport"]),
        .testTarget(
            name: "BacktestTests", dependencies: ["Backtest", "Model", "Stream", "Analytics", "Warehouse", "TickFlowTestSupport"]),
        .testTarget(name: "TickFlowTestSupportTests", dependencies: ["TickFlowTestSupport"]),
        // End to end: the `tickflow` binary (and scripts/run-distributed's stages) as child processes, the dashboard
        // in headless Chromium (DevTools protocol).
        .testTarget(
            name: "E2ETests",
            dependencies: [
                "Model", "TickFlowTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
