// swift-tools-version:6.2
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]
/// Module walls the compiler checks (issue 15): an import is internal unless it says
/// otherwise, and a member is visible only from a module the file imports itself.
let walls: [SwiftSetting] =
    settings + [
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]

let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")

let package = Package(
    name: "PatternGate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "patterngate", targets: ["patterngate"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Pure modules: no I/O.
        // Every error code, in one file (`ErrorCode`); every module's errors use it.
        .target(name: "ErrorCodes", swiftSettings: walls),
        // The hand-written JSON reading and writing (issue 15): escaping, numbers, the byte
        // writer, the strict scanner, the value reader, the JSON-lines record reader.
        .target(name: "JSONCoding", swiftSettings: walls),
        .target(name: "PatternCore", dependencies: ["ErrorCodes", crypto], swiftSettings: walls),
        .target(name: "Replication", dependencies: ["ErrorCodes", "JSONCoding", "PatternCore", crypto], swiftSettings: walls),
        .target(name: "AuditLog", dependencies: ["ErrorCodes", "JSONCoding", crypto], swiftSettings: walls),
        // XGBoost's C API (Debian's libxgboost-dev), for training only: serving walks the
        // saved trees in Swift (docs/ranking.md#serving).
        .systemLibrary(name: "CXGBoost", pkgConfig: "xgboost", providers: [.apt(["libxgboost-dev"])]),
        // Learned ranking from outcomes (issue 16): features, training set, XGBoost training,
        // evaluation, model card, serving. Pure: model bytes in and out, no files.
        .target(name: "Ranking", dependencies: ["ErrorCodes", "PatternCore", "CXGBoost", crypto], swiftSettings: walls),
        .target(
            name: "Privacy",
            dependencies: ["ErrorCodes", "PatternCore", crypto, .product(name: "Yams", package: "Yams")],
            swiftSettings: walls),
        // The default policy built into the binary: policies/default.yaml and policies/lists/*.txt
        // as string constants, generated at build time (docs/policy.md#the-embedded-default).
        .target(
            name: "PolicyDefaults", dependencies: ["Privacy"], swiftSettings: walls,
            plugins: [.plugin(name: "PolicyEmbedder")]),
        .plugin(name: "PolicyEmbedder", capability: .buildTool(), dependencies: ["policy-embedder"]),
        .executableTarget(name: "policy-embedder", swiftSettings: walls),
        // Storage and the gatekeeper.
        .target(
            name: "Storage",
            dependencies: ["ErrorCodes", "PatternCore", "Replication", "Privacy", "AuditLog", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: walls),
        .target(
            name: "Gateway",
            dependencies: [
                "ErrorCodes", "JSONCoding", "PatternCore", "Replication", "Privacy", "PolicyDefaults", "Storage", "AuditLog", "Ranking", crypto,
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: walls),
        .target(
            name: "GatewayHTTP",
            dependencies: [
                "ErrorCodes", "Gateway", "AuditLog", "Privacy", "Replication", "Storage",
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: walls),
        .executableTarget(
            name: "patterngate",
            dependencies: [
                "ErrorCodes", "JSONCoding", "Gateway", "GatewayHTTP", "Privacy", "Storage", "AuditLog", "Ranking", "PatternCore",
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: walls),
        // Test support, used only by the test targets: the seeded generator, paths, bounded
        // polling and a manual clock (no I/O beyond paths); the gateway harnesses on top.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: settings),
        .target(
            name: "GatewayTestSupport",
            dependencies: [
                "TestSupport", "Gateway", "GatewayHTTP", "Privacy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/GatewayTestSupport",
            swiftSettings: settings),
        .testTarget(name: "PatternCoreTests", dependencies: ["PatternCore"], swiftSettings: settings),
        .testTarget(name: "AuditLogTests", dependencies: ["ErrorCodes", "AuditLog", "TestSupport"], swiftSettings: settings),
        .testTarget(
            name: "RankingTests", dependencies: ["Ranking", "CXGBoost", "PatternCore", "ErrorCodes", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "ErrorCodesTests", dependencies: ["ErrorCodes"], swiftSettings: settings),
        .testTarget(name: "JSONCodingTests", dependencies: ["JSONCoding", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "ReplicationTests", dependencies: ["ErrorCodes", "Replication", "PatternCore", "TestSupport"], swiftSettings: settings),
        .testTarget(
            name: "PrivacyTests", dependencies: ["ErrorCodes", "Privacy", "PolicyDefaults", "PatternCore", "TestSupport"], swiftSettings: settings),
        .testTarget(
            name: "PrivacyRegressionTests", dependencies: ["ErrorCodes", "Privacy", "TestSupport"], exclude: ["Corpus", "Outside"],
            swiftSettings: settings),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "ErrorCodes", "Storage", "Privacy", "PatternCore", "Replication", "AuditLog", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "GatewayHTTPTests",
            dependencies: [
                "ErrorCodes", "GatewayHTTP", "Gateway", "Storage", "Privacy", "PatternCore", "AuditLog", "TestSupport", "GatewayTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "Replication",
            ],
            swiftSettings: settings),
        .testTarget(
            name: "patterngateTests",
            dependencies: [
                "ErrorCodes", "JSONCoding", "patterngate", "Storage", "AuditLog", "Gateway", "Privacy", "PolicyDefaults", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)

// The benchmarks (Benchmarks/, ordo-one/benchmark), built only when asked, as Hummingbird
// does, so that a plain build never fetches the harness and every module stays `package`:
// `PATTERNGATE_BENCHMARKS=1 swift package --disable-sandbox benchmark` (docs/benchmarks.md).
if Context.environment["PATTERNGATE_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]))
    let benchmark = Target.Dependency.product(name: "Benchmark", package: "benchmark")
    let support = Target.Dependency.target(name: "BenchmarkSupport")
    let client = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
    let log = Target.Dependency.product(name: "Logging", package: "swift-log")
    let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
    let nio = [Target.Dependency.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")]
    /// One benchmark executable per area; the plugin runs the executables in Benchmarks/Benchmarks/.
    func suite(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
        .executableTarget(
            name: name, dependencies: [benchmark, support] + dependencies, path: "Benchmarks/Benchmarks/\(name)", swiftSettings: walls,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
    }
    package.targets += [
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                "PatternCore", "Privacy", "Gateway", "GatewayHTTP", "Storage", client, log, lifecycle,
                .product(name: "Prometheus", package: "swift-prometheus"),
            ] + nio,
            path: "Benchmarks/Sources/BenchmarkSupport", swiftSettings: walls),
        suite("SearchBenchmarks", ["PatternCore", "Privacy", "Gateway", client] + nio),
        suite("PrivacyBenchmarks", ["Privacy"]),
        suite("IngestBenchmarks", ["PatternCore", "Privacy", "Gateway", client] + nio),
        suite("ReplicationBenchmarks", ["PatternCore", "Privacy", "Gateway", "GatewayHTTP", "Replication", "Storage", client, log, lifecycle]),
        suite("ErasureBenchmarks", ["Gateway", "Storage", "Privacy"]),
        suite("AuditBenchmarks", ["AuditLog", "Storage"]),
        // Each hand-written JSON coder beside Foundation's (docs/benchmarks.md).
        suite("JSONBenchmarks", ["JSONCoding", "AuditLog", "Replication", "Gateway", "Storage", "PatternCore"]),
        // Learned re-ranking at 50,000 patterns and ranker training (docs/ranking.md).
        suite("RankingBenchmarks", ["PatternCore", "Ranking"]),
        // The seed's year 3 at scale (docs/scale.md): `PATTERNGATE_BENCHMARKS=1 swift run -c release scale-run`.
        .executableTarget(
            name: "scale-run",
            dependencies: [
                support, "PatternCore", "Privacy", "Gateway", "GatewayHTTP", "Storage", client, log,
            ] + nio,
            path: "Benchmarks/Sources/ScaleRun", swiftSettings: walls),
    ]
}
