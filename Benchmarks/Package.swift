// swift-tools-version:6.1
// PatternGate's benchmarks, a package of their own so that the root package does not
// build the harness. Run from this folder: `swift package --disable-sandbox benchmark`
// (figures and what they mean: ../docs/benchmarks.md).
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which differs from clone to clone.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let benchmark = Target.Dependency.product(name: "Benchmark", package: "benchmark")
let support = Target.Dependency.target(name: "BenchmarkSupport")
func patternGate(_ module: String) -> Target.Dependency { .product(name: module, package: root) }

/// One benchmark executable per area; the plugin finds them under Benchmarks/.
func suite(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name, dependencies: [benchmark, support] + dependencies, path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
}

let package = Package(
    name: "PatternGateBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                patternGate("PatternCore"), patternGate("Privacy"), patternGate("Gateway"), patternGate("GatewayHTTP"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        suite(
            "SearchBenchmarks",
            [
                patternGate("PatternCore"), patternGate("Privacy"), patternGate("Gateway"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        suite("PrivacyBenchmarks", [patternGate("Privacy")]),
        suite(
            "IngestBenchmarks",
            [
                patternGate("PatternCore"), patternGate("Privacy"), patternGate("Gateway"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        suite(
            "ReplicationBenchmarks",
            [
                patternGate("PatternCore"), patternGate("Privacy"), patternGate("Gateway"), patternGate("GatewayHTTP"), patternGate("Replication"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        suite("ErasureBenchmarks", [patternGate("Gateway"), patternGate("Storage")]),
        // The seed's year 3 at scale (docs/scale.md): `swift run -c release scale-run`.
        .executableTarget(
            name: "scale-run",
            dependencies: [
                support, patternGate("PatternCore"), patternGate("Privacy"), patternGate("Gateway"), patternGate("GatewayHTTP"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "Sources/ScaleRun"),
        suite("AuditBenchmarks", [patternGate("AuditLog"), patternGate("Storage")]),
        // Learned re-ranking at 50,000 patterns and ranker training (docs/ranking.md).
        .executableTarget(
            name: "RankingBenchmarks", dependencies: [benchmark, patternGate("PatternCore"), patternGate("Ranking")],
            path: "Benchmarks/RankingBenchmarks", plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ],
    swiftLanguageModes: [.v6]
)
