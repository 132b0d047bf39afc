// swift-tools-version:6.1
// GovBrain: the digital government brain. See README.md for the quick start.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "GovBrain",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "govbrain", targets: ["govbrain"]),
        .library(name: "KGEngine", targets: ["KGEngine"]),
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
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra",
                       providers: [.apt(["libblas-dev", "liblapack-dev", "liblapacke-dev", "libopenblas-dev"])]),
        .target(name: "KGCore", swiftSettings: strict),
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "KGEmbedding", dependencies: ["KGCore", "CLinearAlgebra", "CVectorKernels"], swiftSettings: strict),
        .target(name: "KGAlgorithms", dependencies: ["KGCore"], swiftSettings: strict),
        .target(name: "KGML", dependencies: ["KGCore", "KGEmbedding", "CLinearAlgebra"], swiftSettings: strict),
        .target(name: "KGOntology", dependencies: ["KGCore", "CLibXML2"], swiftSettings: strict),
        .target(name: "KGStore", dependencies: ["KGCore", "KGOntology", "CSQLite", "CLibXML2", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "KGCypher", dependencies: ["KGCore"], swiftSettings: strict),
        .target(name: "KGDatagen", dependencies: ["KGCore", "KGOntology", "KGStore"], swiftSettings: strict),
        .target(name: "KGEngine", dependencies: ["KGCore", "KGOntology", "KGStore", "KGCypher", "KGDatagen", "KGEmbedding", "KGML", "KGAlgorithms"], swiftSettings: strict),
        .target(name: "KGServer", dependencies: [
            "KGEngine",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], exclude: ["Dashboard"], swiftSettings: strict),
        .executableTarget(name: "govbrain", dependencies: [
            "KGEngine", "KGServer", "KGDatagen", "KGEmbedding", "KGML",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        .executableTarget(name: "hummingbird-baseline", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
                          swiftSettings: strict),
        .target(name: "GovBrainTestSupport", dependencies: ["KGEmbedding", "KGML"], path: "Tests/GovBrainTestSupport", swiftSettings: strict),
        .testTarget(name: "KGCoreTests", dependencies: ["KGCore"], swiftSettings: strict),
        .testTarget(name: "KGOntologyTests", dependencies: ["KGOntology"], swiftSettings: strict),
        .testTarget(name: "KGStoreTests", dependencies: ["KGStore", "KGEngine", "KGOntology", "KGDatagen"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "KGMLTests", dependencies: ["KGML", "KGCore", "KGEmbedding", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "KGAlgorithmsTests", dependencies: ["KGAlgorithms", "KGCore"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "KGEmbeddingTests", dependencies: ["KGEmbedding", "KGML", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "KGDatagenTests", dependencies: ["KGDatagen", "KGEngine", "KGOntology", "KGStore"], swiftSettings: strict),
        .testTarget(name: "KGCypherTests", dependencies: ["KGCypher", "KGEngine", "KGStore", "GovBrainTestSupport"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "KGServerTests", dependencies: ["KGServer", "KGDatagen", "KGStore", "KGEngine", "GovBrainTestSupport"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["KGCore"], swiftSettings: strict),
    ]
)
