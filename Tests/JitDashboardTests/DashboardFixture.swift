import Foundation
import JitTestSupport
import Testing

/// A seeded repository and a `jit-dashboard` serving it on a free loopback port (the real binary,
/// as `jit dashboard start` runs it), stopped with SIGTERM when the fixture goes away.
final class DashboardFixture: @unchecked Sendable {  // safe: every stored property is set once in init
  let repo: TemporaryRepository
  let process: Process
  let port: Int
  let log: String
  /// Ids of the seeded issues by name.
  let ids: [String: String]

  static let scriptTitle = "<script>alert(1)</script>"

  init(
    seed: Bool = true, arguments extra: [String] = [], environment: [String: String] = [:],
    reusing existing: TemporaryRepository? = nil
  ) throws {
    repo = try existing ?? TemporaryRepository()
    ids = seed && existing == nil ? try Self.seed(repo) : [:]
    log = repo.directory.file("dashboard.out")
    FileManager.default.createFile(atPath: log, contents: nil)
    process = Process()
    process.executableURL = URL(fileURLWithPath: try BuiltBinary.path("jit-dashboard"))
    process.arguments = ["start", "--port", "0", "--repo", repo.root] + extra
    process.currentDirectoryURL = URL(fileURLWithPath: repo.root)
    process.environment = repo.environment.merging(environment) { $1 }
    let sink = FileHandle(forWritingAtPath: log)
    process.standardOutput = sink
    process.standardError = sink
    try process.run()
    var found: Int?
    let deadline = Date().addingTimeInterval(30)
    while found == nil && Date() < deadline && process.isRunning {
      let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      if let range = said.range(of: #"at http://[^ ]+:[0-9]+/"#, options: .regularExpression) {
        let address = said[range].dropLast()
        found = address.lastIndex(of: ":").flatMap { Int(address[address.index(after: $0)...]) }
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    guard let found else {
      if process.isRunning { process.terminate() }
      let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      throw HarnessError("jit-dashboard did not say its address: \(said)")
    }
    port = found
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }

  /// A seeded issue's id (a name not seeded gives an id no issue has, and the test fails on it).
  func id(_ name: String) -> String { ids[name] ?? "0000NOSUCHSEEDEDISSUE" }

  var base: String { "http://127.0.0.1:\(port)" }
  var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

  /// A dozen issues covering every view: dependencies, a blocked chain, gates with evidence (a
  /// failed automated check with output), a manual gate waiting for a person, a done issue, one in
  /// progress, one held by an agent, and a title that is HTML.
  static func seed(_ repo: TemporaryRepository) throws -> [String: String] {
    func must(_ arguments: String...) throws {
      let result = repo.run(arguments)
      guard result.status == 0 else {
        throw HarnessError("jit \(arguments.joined(separator: " ")): \(result.stderr)")
      }
    }
    try must("gate", "define", "review", "--title", "Code review")
    try must(
      "gate", "define", "unit-tests", "--title", "Unit tests", "--auto", "--command",
      "echo 'ran 12 tests'; echo 'FAIL: testParser expected 3 got 4'; exit 3")
    let schema = try repo.create("Design the schema", "--priority", "high")
    let api = try repo.create("Build the API", "--dep", schema, "--priority", "critical")
    let ui = try repo.create("Build the UI", "--dep", api)
    let docs = try repo.create("Write the docs", "--dep", api, "--dep", ui)
    let script = try repo.create(scriptTitle, "--description", "<img src=x onerror=alert(2)> & more")
    let parser = try repo.create(
      "Fix the parser", "--gate", "unit-tests", "--gate", "review", "--priority", "high")
    let release = try repo.create("Cut the release", "--dep", parser)
    let done = try repo.create("Set up CI")
    let wip = try repo.create("Profile the index", "--priority", "low")
    try must("issue", "claim", done, "--to", "agent:alpha")
    try must("issue", "complete", done, "--by", "agent:alpha")
    try must("issue", "claim", wip, "--to", "agent:beta")
    // The parser: worked, completed into gated, its automated gate checked and failed.
    try must("issue", "claim", parser, "--to", "agent:alpha")
    try must("issue", "complete", parser, "--by", "agent:alpha")
    let check = repo.run("gate", "check", parser, "--by", "ci:runner")
    guard check.status == 4 else {
      throw HarnessError("gate check should fail: \(check.status) \(check.stderr)")
    }
    if try repo.state(parser) == "in_progress" {
      try must("issue", "complete", parser, "--by", "agent:alpha")
    }
    return [
      "schema": schema, "api": api, "ui": ui, "docs": docs, "script": script, "parser": parser,
      "release": release,
      "done": done, "wip": wip,
    ]
  }

  /// `jit` built beside the tests.
  static func jit() throws -> String { try BuiltBinary.path("jit") }
}
