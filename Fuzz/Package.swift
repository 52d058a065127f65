// swift-tools-version:6.2
// libFuzzer targets for every parser that takes outside input. A package of its own, so the
// main build never sees an executable without `main`. `Fuzz/run` builds it with
// -sanitize=fuzzer for every module (so the parsers are instrumented) and runs each target.
import PackageDescription

let package = Package(
    name: "SightlineFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Sightline", path: "..")],
    targets: [
        .executableTarget(
            name: "SightlineFuzz",
            dependencies: [
                .product(name: "SightlineCore", package: "Sightline"),
                .product(name: "SightlineIngest", package: "Sightline"),
                .product(name: "SightlineAudit", package: "Sightline"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
