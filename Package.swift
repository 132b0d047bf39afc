// swift-tools-version:6.1
// GovBrain: the digital government brain. See README.md for the quick start.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6), .enableUpcomingFeature("MemberImportVisibility")]
/// The numerical and data modules (encoders, vector search, model training, the store, the
/// generator, the query engine and graph algorithms) are optimised in debug builds too: the tests
/// and the debug binary train models, generate and import demo graphs and embed them, 10–50×
/// slower at -Onone. Debugging them is still possible with `swift build -Xswiftc -Onone`.
let numeric: [SwiftSetting] = strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "GovBrain",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "govbrain", targets: ["govbrain"]),
        .library(name: "KGEngine", targets: ["KGEngine"]),
        .library(name: "GovHotline", targets: ["GovHotline"]),
        .library(name: "GovSupervision", targets: ["GovSupervision"]),
        .library(name: "GovPolicy", targets: ["GovPolicy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra",
                       providers: [.apt(["libblas-dev", "liblapack-dev", "liblapacke-dev", "libopenblas-dev"])]),
        .target(name: "KGCore", swiftSettings: strict),
        .target(name: "CVectorKernels"),
        .target(name: "KGEmbedding", dependencies: ["KGCore", "CLinearAlgebra", "CVectorKernels"], swiftSettings: numeric),
        .target(name: "KGAlgorithms", dependencies: ["KGCore"], swiftSettings: numeric),
        .target(name: "KGML", dependencies: ["KGCore", "KGEmbedding", "CLinearAlgebra", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: numeric),
        .target(name: "KGOntology", dependencies: ["KGCore", "CLibXML2"], swiftSettings: strict),
        .target(name: "KGStore", dependencies: [
            "KGCore", "KGOntology", "CSQLite", "CLibXML2",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: numeric),
        .target(name: "KGAccess", dependencies: ["KGCore", "KGStore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "KGCypher", dependencies: ["KGCore"], swiftSettings: numeric),
        .target(name: "KGDatagen", dependencies: ["KGCore", "KGOntology", "KGStore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: numeric),
        .target(name: "KGEngine", dependencies: ["KGCore", "KGOntology", "KGStore", "KGCypher", "KGEmbedding", "KGML", "KGAlgorithms"], swiftSettings: numeric),
        .target(name: "GovSupervision", dependencies: ["KGEngine", "GovHotline", "KGCore", "KGML", "KGAlgorithms"], swiftSettings: strict),
        .target(name: "GovPolicy", dependencies: ["KGEngine", "GovSupervision", "KGCore", "KGML", "KGEmbedding", "KGAlgorithms"], swiftSettings: strict),
        .target(name: "GovHotline", dependencies: ["KGEngine", "KGCore", "KGML", "KGEmbedding"], swiftSettings: strict),
        .target(name: "GovDemo", dependencies: ["KGEngine", "GovSupervision", "GovHotline", "KGDatagen", "KGCore", "KGML"], swiftSettings: strict),
        .target(name: "KGBolt", dependencies: [
            "KGCore", "KGCypher", "KGEngine",
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], swiftSettings: numeric),
        .target(name: "KGServer", dependencies: [
            "KGBolt", "KGEngine", "KGAccess", "KGCore", "GovHotline", "GovSupervision", "GovPolicy",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], exclude: ["Dashboard"], swiftSettings: strict),
        .executableTarget(name: "govbrain", dependencies: [
            "KGEngine", "KGServer", "KGAccess", "KGCore", "GovHotline", "GovSupervision", "GovPolicy", "GovDemo", "KGDatagen", "KGEmbedding", "KGML",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        .executableTarget(name: "hummingbird-baseline", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
                          swiftSettings: strict),
        .target(name: "GovBrainTestSupport", dependencies: ["KGEmbedding", "KGML", "GovDemo", "KGEngine", "KGDatagen", "KGStore", "KGCore"], path: "Tests/GovBrainTestSupport", swiftSettings: strict),
        .testTarget(name: "KGCoreTests", dependencies: ["KGCore"], swiftSettings: strict),
        .testTarget(name: "KGOntologyTests", dependencies: ["KGOntology"], swiftSettings: strict),
        .testTarget(name: "KGStoreTests", dependencies: ["KGStore", "KGEngine", "GovDemo", "KGOntology", "KGCore", "GovBrainTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "KGAccessTests", dependencies: ["KGAccess", "KGStore", "KGCore", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "KGMLTests", dependencies: ["KGML", "KGCore", "KGEmbedding", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "KGAlgorithmsTests", dependencies: ["KGAlgorithms", "KGCore"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "KGEmbeddingTests", dependencies: ["KGEmbedding", "KGML", "KGCore", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "KGDatagenTests", dependencies: ["KGDatagen", "KGEngine", "KGOntology", "KGStore", "KGCore"], swiftSettings: strict),
        .testTarget(name: "KGCypherTests", dependencies: ["KGCypher", "KGEngine", "KGStore", "KGCore", "GovBrainTestSupport"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "KGEngineTests", dependencies: ["KGEngine", "GovDemo", "KGDatagen", "KGStore", "KGCore", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "GovHotlineTests", dependencies: ["GovHotline", "GovDemo", "KGDatagen", "KGEngine", "KGCore", "KGML", "GovBrainTestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "GovSupervisionTests", dependencies: ["GovSupervision", "GovDemo", "KGDatagen", "KGEngine", "KGCore", "KGML", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "GovPolicyTests", dependencies: ["GovPolicy", "GovSupervision", "GovDemo", "KGDatagen", "KGEmbedding", "KGEngine", "KGCore", "KGML", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "GovDemoTests", dependencies: ["GovDemo", "KGDatagen", "KGEngine", "KGCore"], swiftSettings: strict),
        .testTarget(name: "KGServerTests", dependencies: ["KGServer", "KGAccess", "GovDemo", "KGDatagen", "GovHotline", "GovPolicy", "GovSupervision", "KGEngine", "KGCore",
                                                         "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "KGBoltTests", dependencies: [
            "KGBolt", "KGCore", "KGEngine", "KGStore", "GovBrainTestSupport",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["KGCore", "KGStore", "GovBrainTestSupport", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
    ]
)
