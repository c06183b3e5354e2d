import Foundation
import JitCore
import JitSystem
import JitTestSupport

/// `jit-bench --postgres URL` (scripts/bench-postgres --budgets): the budgets table against a
/// PostgreSQL store. Each size's repository is generated as for the file store, copied, the copy
/// given a `config.toml` and loaded with `jit store import` into the schema `jit_bench` (made anew
/// for each size), and its issue files and event log removed, so every answer comes from the
/// database. The answers are compared byte for byte with the file store's on the original, then
/// the commands are timed as for the file store, against twice the file store's budgets.
extension Benchmark {
  static let postgresSchema = "jit_bench"

  /// The URL of the benchmark's schema on the server `base` names.
  static func schemaURL(_ base: String) -> String {
    base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + postgresSchema
  }

  func runPostgresSize(_ size: Int, root: String, base: String) throws -> Int {
    let files = root + "-files"
    for path in [root, files] { try? FileManager.default.removeItem(atPath: path) }
    try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
    let clock = ContinuousClock()
    let started = clock.now
    let summary = try SyntheticRepository.generate(at: files, count: size)
    let states = summary.states.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
    say("-- \(size) issues (generated in \(clock.now - started)): \(states.joined(separator: ", "))")
    let reset = Spawn.run(
      [
        "/usr/lib/postgresql/15/bin/psql", "-X", "-q", base, "-c",
        "DROP SCHEMA IF EXISTS \(Self.postgresSchema) CASCADE; CREATE SCHEMA \(Self.postgresSchema)",
      ], environment: environment)
    guard reset.status == 0 else {
      throw HarnessError("psql could not make the schema (exit \(reset.status))")
    }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: files + "/.jit", toPath: root + "/.jit")
    try Data("store = \"postgresql\"\n".utf8).write(to: URL(fileURLWithPath: root + "/.jit/config.toml"))
    guard chdir(root) == 0 else { throw HarnessError("cannot enter \(root)") }
    let imported = Spawn.run([options.jit, "store", "import"], environment: environment)
    var missed = report("store import", size, [imported], budget: nil)
    try FileManager.default.removeItem(atPath: root + "/.jit/issues")
    try FileManager.default.createDirectory(atPath: root + "/.jit/issues", withIntermediateDirectories: true)
    try? FileManager.default.removeItem(atPath: root + "/.jit/events.jsonl")
    try? FileManager.default.removeItem(atPath: root + "/.jit/cache")
    missed += compareWithFileStore(size, root: root, files: files, ids: summary.ids)
    if options.groups.contains("core") { missed += try core(size, ids: summary.ids) }
    if options.groups.contains("views") {
      missed += views(size)
      missed += report(
        "metrics export --prometheus", size,
        repeatRuns { _ in [options.jit, "metrics", "export", "--prometheus"] },
        budget: budget("metrics export --prometheus", size))
    }
    missed += peakMemory(size)
    return missed
  }

  /// The answers of the PostgreSQL repository `root` and of the file repository `files` (the same
  /// issues, before any write), byte for byte; returns 1 if any differs.
  func compareWithFileStore(_ size: Int, root: String, files: String, ids: [IssueID]) -> Int {
    var commands: [[String]] = [
      ["query", "ready", "--json"], ["query", "blocked", "--json"], ["query", "blocked"],
      ["query", "state", "open", "--json"], ["query", "state", "done", "--json"],
      ["query", "priority", "high", "--json"], ["query", "ready"], ["status", "--json"], ["status"],
      ["issue", "list", "--state", "open", "--json"],
      ["issue", "list", "--filter", "priority:high|critical"],
      ["graph", "roots"], ["graph", "roots", "--json"], ["export", "--format", "dot"],
      ["export", "--format", "mermaid"],
    ]
    let named = commands.count
    commands += stride(from: 0, to: ids.count, by: max(1, ids.count / 20)).map {
      ["issue", "show", ids[$0].short, "--json"]
    }
    return compareAnswers(
      "answers = file store", size, commands: commands, named: named, scratch: root + "-answer",
      reference: { command, path in
        guard chdir(files) == 0 else { return -1 }
        defer { _ = chdir(root) }
        return Spawn.run([options.jit] + command, environment: environment, stdoutPath: path).status
      },
      measured: { command, path in
        Spawn.run([options.jit] + command, environment: environment, stdoutPath: path).status
      })
  }
}
