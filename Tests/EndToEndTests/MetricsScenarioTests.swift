import Foundation
import JitCore
import JitTestSupport
import Testing

/// Issue 12's "Done means", run through the built `jit` (and `jit-notify`) as a new user would: a
/// day of simulated work, the CSV read by Python's csv module, the export checked by promtool, and
/// an alert on blocked_count that fires and resolves against a loopback webhook receiver, notified
/// exactly once each way.
@Suite(.serialized) struct MetricsScenarioTests {
  let directory: TemporaryDirectory
  let jit: String
  let environment: [String: String]

  init() throws {
    directory = try TemporaryDirectory(prefix: "jit-e2e-metrics")
    jit = try BuiltBinary.path("jit")
    environment = try RepositoryStore.current.environment().merging([
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
      "JIT_ACTOR": "human:lead", "USER": "lead", "JIT_NOTIFY": try BuiltBinary.path("jit-notify"),
    ]) { $1 }
  }

  @discardableResult
  func jit(_ arguments: String..., as actor: String? = nil) throws -> CommandResult {
    var environment = environment
    if let actor { environment["JIT_ACTOR"] = actor }
    return try BuiltBinary.run(
      jit, RepositoryStore.current.arguments(arguments), in: directory.path, environment: environment)
  }

  func ok(_ arguments: String..., as actor: String? = nil) throws -> [String: Any] {
    var environment = environment
    if let actor { environment["JIT_ACTOR"] = actor }
    let result = try BuiltBinary.run(
      jit, RepositoryStore.current.arguments(arguments + ["--json"]), in: directory.path,
      environment: environment)
    #expect(result.status == 0, "jit \(arguments.joined(separator: " ")): \(result.stderr)")
    return (try? result.object()) ?? [:]
  }

  /// The synthetic generator, then a day of claims and completions through the real binary.
  func simulateDay() throws -> [String] {
    try SyntheticRepository.generate(at: directory.path, count: 300, seed: 7)
    if RepositoryStore.current == .postgresql {
      // The generated files, moved into the database.
      _ = try ok("init")
      _ = try ok("store", "import")
      let issues = directory.file(".jit/issues")
      for name in try FileManager.default.contentsOfDirectory(atPath: issues) {
        try FileManager.default.removeItem(atPath: issues + "/" + name)
      }
    }
    var done: [String] = []
    for worker in 0..<6 {
      let claimed = try ok("issue", "claim-next", "--to", "agent:worker-\(worker)")
      guard let id = claimed["id"] as? String else { continue }
      let completed = try ok("issue", "complete", id, as: "agent:worker-\(worker)")
      // Some synthetic issues require a review gate: those wait, gated.
      if completed["state"] as? String == "done" { done.append(id) }
    }
    // Titles a spreadsheet must survive: a comma, quotes, a tab, a formula (a title is one line).
    for title in ["Fix, then ship", "Say \"hello\"", "tab\there, comma", "=1+1"] {
      let created = try ok("issue", "create", "--title", title)
      let id = try #require(created["id"] as? String)
      _ = try ok("issue", "claim", id, "--to", "agent:worker-9")
      _ = try ok("issue", "complete", id, as: "agent:worker-9")
      done.append(id)
    }
    return done
  }

  @Test func aDayOfWorkReportsExportsAndAlerts() throws {
    let done = try simulateDay()
    // The CSV, read by Python's csv module: every row has every column.
    let report = try jit("metrics", "report", "--format", "csv", "--output", "metrics.csv")
    #expect(report.status == 0, "\(report.stderr)")
    let check = try BuiltBinary.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import csv, json, sys
        with open(sys.argv[1], newline='') as f:
            rows = list(csv.DictReader(f))
        print(json.dumps(rows))
        """, directory.file("metrics.csv"),
      ], in: directory.path, environment: environment)
    #expect(check.status == 0, "\(check.stderr)")
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: String]])
    let byID = Dictionary(rows.map { ($0["id"] ?? "", $0) }) { first, _ in first }
    #expect(rows.count == byID.count && rows.count >= done.count)
    for id in done {
      let row = try #require(byID[id], "no row for \(id)")
      #expect(row["state"] == "done")
      #expect(!(row["done_at"] ?? "").isEmpty && !(row["first_claimed_at"] ?? "").isEmpty)
      #expect(Double(row["lead_time_seconds"] ?? "") != nil && Double(row["cycle_time_seconds"] ?? "") != nil)
      #expect(row["attempts"] == "1")
    }
    #expect(
      rows.contains { $0["title"] == "tab\there, comma" } && rows.contains { $0["title"] == "Say \"hello\"" })
    #expect(rows.contains { $0["title"] == "'=1+1" })
    #expect(rows.allSatisfy { $0.count == 14 })
    let days = try jit("metrics", "report", "--by", "day", "--format", "json")
    #expect(days.status == 0)
    let dayRows = try days.array()
    #expect((dayRows.map { $0["completed"] as? Int ?? 0 }.reduce(0, +)) == done.count)
    let assignees = try jit("metrics", "report", "--by", "assignee", "--json")
    #expect(
      try assignees.array().contains {
        $0["assignee"] as? String == "agent:worker-9" && $0["completed"] as? Int == 4
      })

    // The export, scraped and checked by promtool.
    let export = try jit("metrics", "export", "--prometheus", "--output", "jit.prom")
    #expect(export.status == 0 && export.stdout.isEmpty, "\(export.stderr)")
    let text = try String(contentsOfFile: directory.file("jit.prom"), encoding: .utf8)
    try Promtool.check(text)
    #expect(text.contains("jit_completions_total \(done.count)\n"))
    #expect(text.contains("jit_lead_time_seconds_count \(done.count)\n"))
    #expect(!text.contains(done[0]))  // no issue id in any label

    // An alert on blocked_count, against a receiver on loopback.
    let receiver = try LoopbackReceiver(directory: directory)
    defer { receiver.stop() }
    let blocked = try #require(try ok("status")["blocked"] as? Int)
    _ = try ok(
      "alert", "add", "too-blocked", "--condition", "blocked_count > \(blocked)", "--notify",
      "webhook:\(receiver.url)")
    #expect(try checkState() == "inactive")
    // Two new issues behind an open one: blocked goes up by two.
    let gate = try #require(try ok("issue", "create", "--title", "prerequisite")["id"] as? String)
    var waiting: [String] = []
    for index in 0..<2 {
      waiting.append(
        try #require(try ok("issue", "create", "--title", "waits \(index)", "--dep", gate)["id"] as? String))
    }
    #expect(try checkState() == "firing")
    #expect(try checkState() == "firing")
    #expect(receiver.bodies().map { $0["state"] as? String } == ["firing"])
    // Done with the prerequisite: they are ready, the alert resolves, once.
    _ = try ok("issue", "claim", gate, "--to", "agent:worker-1")
    _ = try ok("issue", "complete", gate, as: "agent:worker-1")
    #expect(try checkState() == "inactive")
    #expect(try checkState() == "inactive")
    let bodies = receiver.bodies()
    #expect(bodies.map { $0["state"] as? String } == ["firing", "resolved"])
    let firing = try #require(bodies.first)
    #expect(
      firing["alert"] as? String == "too-blocked"
        && firing["condition"] as? String == "blocked_count > \(blocked)")
    #expect(firing["value"] as? Double == Double(blocked + 2) && firing["time"] is String)
    let kinds = try events().compactMap { $0["event"] as? String }.filter { $0.hasPrefix("alert.") }
    #expect(kinds == ["alert.added", "alert.fired", "alert.resolved"])
  }

  func checkState() throws -> String? {
    let result = try jit("alert", "check", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    return try result.array().first?["state"] as? String
  }

  func events() throws -> [[String: Any]] {
    try RepositoryStore.events(
      RepositoryLayout(jitDirectory: directory.file(".jit")), environment: environment)
  }
}
