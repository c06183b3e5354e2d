import Foundation
import JitTestSupport
import Synchronization
import Testing

/// The server over plain HTTP: every page, the security checks, the API's shapes, /metrics and the
/// event stream's resume.
@Suite(.serialized) struct DashboardHTTPTests {
  static let csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

  @Test func everyViewAnswersWithItsContentAndTheSecurityHeaders() throws {
    let f = try DashboardFixture()
    let expectations: [(String, [String])] = [
      ("/", ["Board", "Design the schema", "Build the API", "in progress", "agent:beta", "blocked"]),
      ("/blocked", ["Blocked work", "Build the UI", "Build the API", "Cut the release"]),
      (
        "/issues/\(f.id("parser"))",
        ["Fix the parser", "FAIL: testParser expected 3 got 4", "exit code", "gated"]
      ),
      ("/graph", ["Dependency graph", "<svg", "node-backlog"]),
      ("/graph?issue=\(f.id("api"))&depth=1", ["<svg", "class=\"node-backlog center\"", f.id("ui")]),
      ("/agents", ["Agents and runs", "agent:beta", "Profile the index", "not running"]),
      ("/stats", ["Metrics", "lead time", "Counts per day", "No alerts defined"]),
      ("/events", ["Events", "issue.created", "gate.checked"]),
      ("/inbox", ["Human inbox", "Fix the parser", "Code review"]),
    ]
    for (path, needles) in expectations {
      let answer = try RawHTTP.get(port: f.port, path)
      #expect(answer.status == 200, "\(path): \(answer.head)")
      #expect(answer.header("Content-Security-Policy") == Self.csp, "\(path)")
      #expect(answer.header("X-Content-Type-Options") == "nosniff", "\(path)")
      #expect(answer.header("Content-Type")?.hasPrefix("text/html") == true, "\(path)")
      for needle in needles { #expect(answer.body.contains(needle), "\(path) lacks \(needle)") }
      // The only script is the embedded one: no inline script, no handler attribute.
      #expect(answer.body.components(separatedBy: "<script").count == 2, "\(path)")
      #expect(!answer.body.contains("onerror="), "\(path)")
    }
  }

  @Test func userTextIsEscapedEverywhere() throws {
    let f = try DashboardFixture()
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for path in ["/", "/blocked", "/issues/\(f.id("script"))", "/events", "/graph"] {
      let body = try RawHTTP.get(port: f.port, path).body
      #expect(!body.contains(DashboardFixture.scriptTitle), "\(path)")
      if path != "/blocked" { #expect(body.contains(escaped), "\(path)") }
    }
    let issue = try RawHTTP.get(port: f.port, "/issues/\(f.id("script"))").body
    #expect(issue.contains("&lt;img src=x onerror=alert(2)&gt; &amp; more"))
  }

  @Test func aHostHeaderNamingAnotherMachineIsRefused() throws {
    let f = try DashboardFixture(seed: false)
    for host in [
      "evil.example", "evil.example:\(f.port)", "127.0.0.1:1", "10.0.0.1:\(f.port)", "localhost.evil.example",
    ] {
      let answer = try RawHTTP.get(port: f.port, "/", host: host)
      #expect(answer.status == 421, "\(host): \(answer.head)")
      #expect(answer.body.contains("HOST_NOT_ALLOWED"), "\(host)")
    }
    for host in ["127.0.0.1:\(f.port)", "localhost:\(f.port)", "localhost", "[::1]:\(f.port)"] {
      #expect(try RawHTTP.get(port: f.port, "/", host: host).status == 200, "\(host)")
    }
  }

  @Test func nothingOutsideTheEmbeddedAssetsIsServed() throws {
    let f = try DashboardFixture(seed: false)
    let css = try RawHTTP.get(port: f.port, "/assets/style.css")
    #expect(css.status == 200 && css.header("Content-Type")?.hasPrefix("text/css") == true)
    #expect(try RawHTTP.get(port: f.port, "/assets/app.js").body.contains("EventSource"))
    for path in [
      "/assets/../../../../etc/passwd", "/assets/..%2f..%2f..%2fetc%2fpasswd", "/../../etc/passwd",
      "/assets/%2e%2e/Package.swift", "/assets/", "/assets/style.css/..", "/.jit/config.json", "/etc/passwd",
      "/assets/index.json",
    ] {
      let answer = try RawHTTP.get(port: f.port, path)
      #expect(answer.status == 404 || answer.status == 400, "\(path): \(answer.head)")
      #expect(!answer.body.contains("root:"), "\(path)")
    }
    for path in [
      "/?limit=abc", "/?limit=0", "/?done=-1", "/blocked?page=-3", "/events?limit=-5", "/graph?depth=9",
      "/graph?state=bogus", "/graph?priority=mega", "/api/events?limit=abc",
    ] {
      let refused = try RawHTTP.get(port: f.port, path)
      #expect(refused.status == 400, "\(path): \(refused.head)")
      #expect(refused.body.contains("\"INVALID_ARGUMENT\""), "\(path): \(refused.body)")
    }
    for path in ["/nope", "/a/b/c", "/api/nope"] {
      let missing = try RawHTTP.get(port: f.port, path)
      #expect(missing.status == 404, "\(path)")
      #expect(missing.body.contains("\"NOT_FOUND\""), "\(path): the envelope, \(missing.body)")
      #expect(missing.header("Content-Security-Policy") != nil, "\(path): the security headers too")
    }
  }

  @Test func writesBodiesAndOversizedRequestsAreRefused() throws {
    let f = try DashboardFixture(seed: false)
    let post = try RawHTTP.send(
      port: f.port,
      "POST /api/issues HTTP/1.1\nHost: 127.0.0.1:\(f.port)\nContent-Length: 2\nConnection: close\n\n{}")
    #expect(post.status == 405 && post.header("Allow") == "GET", "\(post.head)")
    let head = try RawHTTP.send(
      port: f.port, "HEAD / HTTP/1.1\nHost: 127.0.0.1:\(f.port)\nConnection: close\n\n")
    #expect(head.status == 405 && head.header("Content-Security-Policy") == Self.csp, "\(head.head)")
    let body = try RawHTTP.send(
      port: f.port, "GET / HTTP/1.1\nHost: 127.0.0.1:\(f.port)\nContent-Length: 5\nConnection: close\n\nhello"
    )
    #expect(body.status == 413 && body.body.contains("REQUEST_TOO_LARGE"), "\(body.head)")
    let long = try RawHTTP.get(port: f.port, "/?x=" + String(repeating: "a", count: 5_000))
    #expect(long.status == 414, "\(long.head)")
    let header = try RawHTTP.get(
      port: f.port, "/", headers: ["X-Big: " + String(repeating: "b", count: 20_000)])
    #expect(header.status != 200, "\(header.head)")
  }

  @Test func theAPIAnswersInTheCLIsJSONShapes() throws {
    let f = try DashboardFixture()
    let parser = f.id("parser")
    func api(_ path: String) throws -> Any {
      let answer = try RawHTTP.get(port: f.port, path)
      #expect(answer.status == 200, "\(path): \(answer.head)")
      #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
      return try JSONSerialization.jsonObject(with: Data(answer.body.utf8))
    }
    func cli(_ arguments: String...) throws -> Any {
      let result = f.repo.run(arguments)
      return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
    #expect(
      (try api("/api/issues/\(parser)") as? NSDictionary)
        == (try cli("issue", "show", parser, "--json") as? NSDictionary))
    #expect((try api("/api/blocked") as? NSArray) == (try cli("query", "blocked", "--json") as? NSArray))
    #expect((try api("/api/ready") as? NSArray) == (try cli("query", "ready", "--json") as? NSArray))
    #expect((try api("/api/status") as? NSDictionary) == (try cli("status", "--json") as? NSDictionary))
    #expect(
      (try api("/api/issues?state=in_progress") as? NSArray)
        == (try cli("issue", "list", "--state", "in_progress", "--json") as? NSArray))
    let missing = try RawHTTP.get(port: f.port, "/api/issues/ZZZZZZZZ")
    #expect(missing.status == 404 && missing.body.contains("\"ISSUE_NOT_FOUND\""), "\(missing.body)")
    let bad = try RawHTTP.get(port: f.port, "/api/issues?priority=urgent")
    #expect(bad.status == 400 && bad.body.contains("INVALID_ARGUMENT"), "\(bad.body)")
    let agents = try #require(try api("/api/agents") as? [String: Any])
    #expect(agents["runs"] is [Any] && agents["retry_queue"] is [Any] && agents["held"] is [Any])
  }

  @Test func slashMetricsIsThePrometheusExport() throws {
    let f = try DashboardFixture()
    let answer = try RawHTTP.get(port: f.port, "/metrics")
    #expect(answer.status == 200)
    #expect(answer.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
    #expect(answer.body.contains("jit_issues{state=\"gated\"} 1"), "\(answer.body)")
    try Promtool.check(answer.body)
  }

  @Test func theEventStreamResumesAfterTheLastEventID() throws {
    let f = try DashboardFixture()
    let last = try #require(try f.repo.events().last?["event_id"] as? String)
    let first = try f.repo.create("After the drop, one")
    let second = try f.repo.create("After the drop, two")
    // Wait until the server has read them (its own feed says so).
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline, !(try RawHTTP.get(port: f.port, "/api/events?limit=5").body.contains(second)) {
      Thread.sleep(forTimeInterval: 0.1)
    }
    let resumed = try RawHTTP.get(
      port: f.port, "/events/stream", headers: ["Last-Event-ID: \(last)"], until: second, timeout: 10)
    #expect(resumed.status == 200)
    #expect(resumed.header("Content-Type")?.hasPrefix("text/event-stream") == true)
    #expect(resumed.body.contains(first) && resumed.body.contains(second), "\(resumed.body)")
    #expect(!resumed.body.contains("id: \(last)\n"), "the last event seen is not sent again")
    let unknown = try RawHTTP.get(
      port: f.port, "/events/stream", headers: ["Last-Event-ID: 01NOTANEVENTWEEVERWROTE00"],
      until: "event: reset",
      timeout: 10)
    #expect(unknown.body.contains("event: reset"), "\(unknown.body)")
    // A live stream gets what another process appends: a `jit` process claims while it listens.
    let result = Mutex<RawHTTP.Answer?>(nil)
    let port = f.port
    let listener = Thread {
      let answer = try? RawHTTP.get(port: port, "/events/stream", until: "issue.claimed", timeout: 20)
      result.withLock { $0 = answer }
    }
    listener.start()
    Thread.sleep(forTimeInterval: 1)
    let claim = try BuiltBinary.run(
      try DashboardFixture.jit(), ["issue", "claim", first, "--to", "agent:gamma"], in: f.repo.root,
      environment: f.repo.environment)
    #expect(claim.status == 0, "\(claim.stderr)")
    let waitUntil = Date().addingTimeInterval(25)
    while Date() < waitUntil, result.withLock({ $0 == nil }) { Thread.sleep(forTimeInterval: 0.1) }
    let stream = try #require(result.withLock { $0 })
    #expect(stream.body.contains("issue.claimed") && stream.body.contains(first), "\(stream.body)")
  }
}
