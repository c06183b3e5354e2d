// swift-tools-version:6.0
import PackageDescription

// jit builds for Linux. JitCore depends on nothing but the standard library, FoundationEssentials and
// JitSystem (the C library, imported in one place, with CJitSystem's header for the few glibc
// functions Swift's Glibc module hides).
// swift-argument-parser is the only third-party package: it is the command line.
// JitWire is every `--json` view and the error envelope: the one dialect the CLI (and later HTTP
// and MCP) speak, over JitCore only.
// The derived index (JitIndex) links the system's libsqlite3 through a `.systemLibrary` target,
// which costs no build time; JitCore stays free of it.
// jit-dispatch (the orchestrator, JitDispatch) is the one product with more packages, none of which
// reach jit, JitCore, JitApp or JitCLI: TOMLKit (dispatch.toml), swift-service-lifecycle (the
// dispatcher as a Service with graceful shutdown on SIGTERM/SIGINT), swift-log (its logger) and
// async-http-client (webhooks; SwiftNIO, so no FoundationNetworking or libcurl) and Hummingbird
// (its GET /metrics, on the same SwiftNIO).
// jit-mcp (the MCP server `jit mcp` runs, JitMCP) has the official MCP Swift SDK (it brings
// swift-system and uses swift-log; none reach jit): it imports FoundationNetworking, which the static
// `jit` cannot link, hence a companion executable.
// The dashboard (JitDashboard + jit-dashboard, docs/dashboard.md) stands on the same Hummingbird and
// swift-service-lifecycle, so it adds no package; `jit dashboard start` execs the companion, so the
// static jit links no HTTP stack.
let package = Package(
  name: "jit",
  products: [
    .executable(name: "jit", targets: ["jit"]),
    .library(name: "JitCore", targets: ["JitCore"]),
    .library(name: "JitWire", targets: ["JitWire"]),
    .library(name: "JitApp", targets: ["JitApp"]),
    .executable(name: "jit-dispatch", targets: ["jit-dispatch"]),
    .executable(name: "jit-notify", targets: ["jit-notify"]),
    .executable(name: "jit-mcp", targets: ["jit-mcp"]),
    .executable(name: "jit-dashboard", targets: ["jit-dashboard"]),
    .executable(name: "jit-pg", targets: ["jit-pg"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
    // Hummingbird's own header types (already built with it), named by the dashboard's middleware.
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
  ],
  targets: [
    .systemLibrary(name: "CJitSystem", path: "Sources/CJitSystem"),
    // The C library, imported in one place (Linux only: jit has no other platform).
    .target(name: "JitSystem", dependencies: ["CJitSystem"]),
    .target(name: "JitCore", dependencies: ["JitSystem"]),
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
    .target(name: "JitIndex", dependencies: ["JitCore", "JitSystem", "CSQLite"]),
    .target(name: "JitWire", dependencies: ["JitCore"]),
    // The PostgreSQL store (docs/postgresql.md) over Debian's libpq through a `.systemLibrary`
    // target: no build time (postgres-nio would add about 139 s, two copies of BoringSSL). libpq
    // cannot link statically, so the static `jit` never links it: `jit-pg` does.
    .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
    .target(name: "JitPostgres", dependencies: ["JitCore", "JitSystem", "CLibPQ"]),
    // JitApp is what every front end shares: a configuration value -> store + tracker + event log,
    // and the read models. No ArgumentParser: a server links it without the command line.
    .target(name: "JitApp", dependencies: ["JitCore", "JitIndex", "JitWire", "JitBuildInfo"]),
    // The commit `jit version` names, recorded before each build by a plugin (git, else unknown).
    .target(name: "JitBuildInfo", plugins: ["JitBuildInfoPlugin"]),
    .plugin(name: "JitBuildInfoPlugin", capability: .buildTool()),
    .target(
      name: "JitCLI",
      dependencies: [
        "JitApp",
        "JitCore",
        "JitSystem",
        "JitWire",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // .jit/config.toml (the store, and the [repositories] aliases of external dependencies), read
    // with TOMLKit by both the static jit and jit-pg: a file-store repository with aliases never
    // needs jit-pg (BENCHMARKS.md measures what linking it costs jit).
    .target(
      name: "JitConfigFile",
      dependencies: ["JitApp", "JitCore", .product(name: "TOMLKit", package: "TOMLKit")]),
    .executableTarget(name: "jit", dependencies: ["JitCLI", "JitConfigFile", "JitSystem"]),
    // jit with the PostgreSQL store: the same JitCLI plus JitPostgres (libpq, shared) and TOMLKit
    // for .jit/config.toml (already built for jit-dispatch: no new package). The static jit execs it
    // for repositories that have a config.toml, so file-store users keep jit's start-up.
    .target(
      name: "JitPostgresProvider",
      dependencies: ["JitApp", "JitConfigFile", "JitCore", "JitPostgres"]),
    .executableTarget(
      name: "jit-pg", dependencies: ["JitCLI", "JitApp", "JitPostgresProvider", "JitSystem"]),
    // The orchestrator: config, scheduling policy, launcher, the dispatcher Service.
    .target(
      name: "JitDispatch",
      dependencies: [
        "JitApp",
        "JitCore",
        "JitSystem",
        .product(name: "TOMLKit", package: "TOMLKit"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
      ]
    ),
    .executableTarget(
      name: "jit-dispatch",
      dependencies: [
        "JitDispatch",
        "JitApp",
        "JitCore",
        "JitPostgresProvider",
        "JitSystem",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
        // GET /metrics (--metrics-listen); the dashboard's server is to stand on it too.
        .product(name: "Hummingbird", package: "hummingbird"),
      ]
    ),
    // Webhook delivery for `jit alert check` (docs/metrics.md), a separate executable so that jit
    // links no HTTP client: AsyncHTTPClient is already built for jit-dispatch, so this adds no package.
    .executableTarget(
      name: "jit-notify",
      dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")]),
    // The MCP server (docs/mcp.md): tools over the application layer, JitWire's views as results.
    // The SDK imports FoundationNetworking, so it lives in a companion executable `jit mcp` starts.
    .target(
      name: "JitMCP",
      dependencies: [
        "JitApp",
        "JitCore",
        "JitWire",
        .product(name: "MCP", package: "swift-sdk"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The web dashboard: routes, pages, /api, /metrics, Server-Sent Events, as a Service.
    .target(
      name: "JitDashboard",
      dependencies: [
        "JitApp",
        "JitWire",
        "JitCore",
        "JitSystem",
        "JitDispatch",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "jit-mcp",
      dependencies: [
        "JitMCP", "JitApp", "JitCore", "JitPostgresProvider",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "jit-dashboard",
      dependencies: [
        "JitDashboard",
        "JitApp",
        "JitCore",
        "JitPostgresProvider",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // issue 13's speed: the dashboard's pages rendered over generated repositories.
    .executableTarget(
      name: "jit-dashboard-bench",
      dependencies: ["JitDashboard", "JitApp", "JitCore", "JitTestSupport"]),
    // issue 11's Proof: a dispatcher over a simulated project (not run by the tests).
    .executableTarget(
      name: "jit-dispatch-bench",
      dependencies: ["JitDispatch", "JitApp", "JitCore", "JitTestSupport", "JitSystem"]),
    .target(
      name: "JitTestSupport",
      dependencies: ["JitCore", "JitCLI", "JitConfigFile", "JitIndex", "JitPostgres", "JitPostgresProvider"]),
    .executableTarget(name: "jit-bench", dependencies: ["JitTestSupport", "JitSystem"]),
    // A long-lived claimer for scripts/bench-postgres's second race (either store, in-process).
    .executableTarget(
      name: "jit-pg-bench", dependencies: ["JitCLI", "JitApp", "JitCore", "JitPostgresProvider", "JitSystem"]),
    .executableTarget(name: "jit-measure"),
    .testTarget(name: "JitCoreTests", dependencies: ["JitCore", "JitTestSupport", "JitPostgres"]),
    .testTarget(name: "JitCLITests", dependencies: ["JitCLI", "JitTestSupport"]),
    .testTarget(name: "JitWireTests", dependencies: ["JitWire", "JitTestSupport"]),
    .testTarget(name: "JitIndexTests", dependencies: ["JitIndex", "JitTestSupport"]),
    .testTarget(name: "JitAppTests", dependencies: ["JitApp", "JitConfigFile", "JitTestSupport"]),
    .testTarget(
      name: "JitMCPTests",
      dependencies: [
        "JitMCP", "JitApp", "JitCore", "JitTestSupport", .product(name: "MCP", package: "swift-sdk"),
      ]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["JitTestSupport", "jit", "jit-notify", "jit-mcp", "jit-dashboard", "jit-pg"]),
    .testTarget(
      name: "JitDispatchTests",
      dependencies: ["JitDispatch", "JitApp", "JitTestSupport", "jit", "jit-dispatch"]),
    .testTarget(
      name: "JitDashboardTests",
      dependencies: ["JitDashboard", "JitApp", "JitCore", "JitTestSupport", "jit", "jit-dashboard"]),
  ]
)
