import Foundation
import JitTestSupport
import Synchronization
import Testing

/// `jit dashboard start` and `jit-dashboard start`: options, refusals with their codes, the token,
/// and graceful shutdown.
@Suite(.serialized) struct DashboardCommandTests {
  static let token = "0123456789abcdef-token"

  @Test func aNonLoopbackBindWithoutATokenIsRefused() throws {
    let repo = try TemporaryRepository()
    let dashboard = try BuiltBinary.path("jit-dashboard")
    for host in ["0.0.0.0", "192.168.1.10", "::"] {
      let result = try BuiltBinary.run(
        dashboard, ["start", "--host", host, "--port", "0", "--json"], in: repo.root,
        environment: repo.environment)
      #expect(result.status == 2, "\(host): \(result.stderr)")
      #expect(result.errorCode == "TOKEN_REQUIRED", "\(result.stdout)")
      #expect(
        result.stderr.contains("--token") && result.stderr.contains("JIT_DASHBOARD_TOKEN"), "\(result.stderr)"
      )
    }
    // Through jit, which execs the companion it is told of.
    var environment = repo.environment
    environment["JIT_DASHBOARD"] = dashboard
    let viaJit = try BuiltBinary.run(
      try DashboardFixture.jit(), ["dashboard", "start", "--host", "0.0.0.0", "--port", "0", "--json"],
      in: repo.root,
      environment: environment)
    #expect(viaJit.status == 2 && viaJit.errorCode == "TOKEN_REQUIRED", "\(viaJit.stdout) \(viaJit.stderr)")
    let short = try BuiltBinary.run(
      dashboard, ["start", "--host", "0.0.0.0", "--token", "short", "--json"], in: repo.root,
      environment: repo.environment)
    #expect(short.status == 2 && short.errorCode == "INVALID_ARGUMENT", "\(short.stdout)")
  }

  @Test func badInputGetsAStableCode() throws {
    let repo = try TemporaryRepository()
    let port = repo.run("dashboard", "start", "--port", "70000", "--json")
    #expect(port.status == 2 && port.errorCode == "INVALID_ARGUMENT", "\(port.stdout)")
    let missing = repo.run(
      ["dashboard", "start", "--json"],
      environment: ["JIT_DASHBOARD": repo.directory.file("no-such-dashboard")])
    #expect(missing.status == 10 && missing.errorCode == "COMPANION_NOT_FOUND", "\(missing.stdout)")
    #expect(missing.stderr.contains("JIT_DASHBOARD"))
    let empty = try TemporaryDirectory()
    let outside = try BuiltBinary.run(
      try BuiltBinary.path("jit-dashboard"), ["start", "--port", "0", "--json"], in: empty.path,
      environment: repo.environment)
    #expect(outside.status == 3 && outside.errorCode == "NOT_INITIALIZED", "\(outside.stdout)")
    let help = repo.run("dashboard", "start", "--help")
    #expect(help.stdout.contains("--token") && help.stdout.contains("TOKEN_REQUIRED"), "\(help.stdout)")
  }

  @Test func aTokenIsRequiredOnEveryRequest() throws {
    let f = try DashboardFixture(seed: false, arguments: ["--token", Self.token])
    for path in ["/", "/api/status", "/metrics", "/events/stream", "/assets/app.js", "/issues/x"] {
      let answer = try RawHTTP.get(port: f.port, path, timeout: 3)
      #expect(answer.status == 401 && answer.body.contains("TOKEN_REQUIRED"), "\(path): \(answer.head)")
      #expect(answer.header("WWW-Authenticate") == "Bearer realm=\"jit\"")
    }
    #expect(
      try RawHTTP.get(port: f.port, "/", headers: ["Authorization: Bearer wrong-token-of-length"]).status
        == 401)
    #expect(
      try RawHTTP.get(port: f.port, "/", headers: ["Authorization: Bearer \(Self.token)"]).status == 200)
    let first = try RawHTTP.get(port: f.port, "/?token=\(Self.token)")
    #expect(first.status == 200)
    let cookie = try #require(first.header("Set-Cookie"))
    #expect(
      cookie.contains("jit_token=\(Self.token)") && cookie.contains("HttpOnly")
        && cookie.contains("SameSite=Strict"))
    #expect(
      try RawHTTP.get(port: f.port, "/api/status", headers: ["Cookie: jit_token=\(Self.token)"]).status == 200
    )
  }

  @Test func anotherAddressServesWithAWarningAndTheToken() throws {
    let f = try DashboardFixture(
      seed: false, arguments: ["--host", "0.0.0.0"], environment: ["JIT_DASHBOARD_TOKEN": Self.token])
    #expect(f.output.contains("warning: serving on 0.0.0.0, not loopback"), "\(f.output)")
    #expect(try RawHTTP.get(port: f.port, "/").status == 401)
    #expect(
      try RawHTTP.get(port: f.port, "/", headers: ["Authorization: Bearer \(Self.token)"]).status == 200)
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func aSignalStopsTheServerGracefullyEvenWithAStreamOpen(_ signal: Int32) throws {
    let f = try DashboardFixture(seed: false)
    let port = f.port
    let ended = Mutex(false)
    let listener = Thread {
      _ = try? RawHTTP.get(port: port, "/events/stream", until: "never said", timeout: 60)
      ended.withLock { $0 = true }
    }
    listener.start()
    Thread.sleep(forTimeInterval: 0.5)
    kill(f.process.processIdentifier, signal)
    let deadline = Date().addingTimeInterval(20)
    while f.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    #expect(!f.process.isRunning, "still running after the signal")
    f.process.waitUntilExit()
    #expect(f.process.terminationStatus == 0, "\(f.output)")
    while !ended.withLock({ $0 }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    #expect(ended.withLock { $0 }, "the stream ended with the server")
  }
}
