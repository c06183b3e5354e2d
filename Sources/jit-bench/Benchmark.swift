import Foundation
import JitCore
import JitSystem
import JitTestSupport

/// Prints a line at once (unbuffered), so that progress shows when the output goes to a file.
func say(_ text: String) {
  FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

struct BenchOptions {
  var jit = ""
  var sizes = [1_000, 10_000, 100_000]
  var runs = 15
  var out = "bench-out"
  var race = true
  /// Which groups of measurements to take: `core` (issue 5's commands), `views` (status, list,
  /// graph roots, export), `index` (fresh clone, after a pull), `metrics` (issue 12's export, alert
  /// check and report, over an event log of 10 events per issue). All by default.
  var groups: Set<String> = ["core", "views", "index", "metrics"]
  /// `--postgres URL`: run against a PostgreSQL store on the server this names (see
  /// Benchmark+Postgres.swift), against twice the file store's budgets.
  var postgres: String?
}

/// The budgets of issue 5 in milliseconds: (10,000 issues, 100,000 issues).
let budgets: [String: (Double, Double)] = [
  "query ready --json": (20, 100),
  "query blocked --json": (30, 150),
  "issue show <id> --json": (10, 15),
  "issue create": (12, 20),
  "issue dep add": (25, 60),
  "issue claim-next": (20, 100),
  "validate": (250, 2_500),
  // Issue 9's.
  "status --json": (20, 100),
  "graph roots": (30, 150),
  "export --format dot": (80, 800),
  // Issue 12's.
  "metrics export --prometheus": (50, 300),
]
let memoryBudgetMB = 250.0

struct Benchmark {
  let options: BenchOptions
  let environment: [String: String]
  var failures: [String] = []
  /// The peak memory of every measured run, per repository size.
  let peaks = PeakMemory()

  init(options: BenchOptions) {
    self.options = options
    var environment = [
      "JIT_ACTOR": "agent:bench", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "USER": "bench",
    ]
    if let base = options.postgres {
      environment["JIT_DATABASE_URL"] = Self.schemaURL(base)
      environment["JIT_PG"] = ProcessInfo.processInfo.environment["JIT_PG"]
    }
    self.environment = environment
  }

  func runAll() throws {
    let out = absolute(options.out)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    say("jit-bench: \(options.jit), \(options.runs) runs per command, medians of wall time")
    say(
      pad("command", 26) + pad("issues", 9, left: true) + pad("median ms", 11, left: true)
        + pad("p90 ms", 9, left: true) + pad("budget", 9, left: true) + pad("peak MB", 9, left: true)
        + "  verdict")
    var missed = 0
    for size in options.sizes {
      if let base = options.postgres {
        missed += try runPostgresSize(size, root: out + "/pg-\(size)", base: base)
      } else {
        missed += try runSize(size, root: out + "/repo-\(size)")
      }
    }
    guard options.postgres == nil else {
      // The race on PostgreSQL is scripts/bench-postgres's.
      say(
        missed == 0
          ? "All budgets met (2x the file store's)." : "\(missed) budget(s) missed (2x the file store's).")
      return
    }
    if options.race { missed += try race(root: out + "/race") }
    if options.groups.contains("core") { missed += try wideUnit(root: out + "/wide-unit") }
    say(missed == 0 ? "All budgets met." : "\(missed) budget(s) missed.")
  }

  /// Times every command on a repository of `size` issues; returns how many budgets were missed.
  func runSize(_ size: Int, root: String) throws -> Int {
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    let clock = ContinuousClock()
    let started = clock.now
    let summary = try SyntheticRepository.generate(at: root, count: size)
    let ids = summary.ids
    let states = summary.states.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
    say("-- \(size) issues (generated in \(clock.now - started)): \(states.joined(separator: ", "))")
    guard chdir(root) == 0 else { throw HarnessError("cannot enter \(root)") }
    var missed = 0
    if options.groups.contains("index") {
      missed += freshClone(size)
    } else {
      let build = Spawn.run([options.jit, "query", "ready", "--json"], environment: environment)
      report("index build (first run)", size, [build], budget: nil)
    }
    if options.groups.contains("core") { missed += try core(size, ids: ids) }
    if options.groups.contains("views") { missed += views(size) }
    if options.groups.contains("index") { missed += try afterPull(size, root: root, ids: ids) }
    missed += compareWithPlainScan(size, root: root, ids: ids)
    if options.groups.contains("metrics") { missed += try metrics(size, root: root, summary: summary) }
    missed += peakMemory(size)
    return missed
  }

  /// Issue 5's commands.
  func core(_ size: Int, ids: [IssueID]) throws -> Int {
    var missed = 0
    missed += report("jit --version", size, repeatRuns { _ in [options.jit, "--version"] }, budget: nil)
    missed += report(
      "query ready --json", size, repeatRuns { _ in [options.jit, "query", "ready", "--json"] },
      budget: budget("query ready --json", size))
    missed += report(
      "query blocked --json", size, repeatRuns { _ in [options.jit, "query", "blocked", "--json"] },
      budget: budget("query blocked --json", size))
    missed += report(
      "issue show <id> --json", size,
      repeatRuns { run in [options.jit, "issue", "show", ids[(run * 7_919) % ids.count].short, "--json"] },
      budget: budget("issue show <id> --json", size))
    // `validate` comes from another branch: time it when this build has it (exit 2 means unknown).
    if Spawn.run([options.jit, "validate", "--json"], environment: environment).status != 2 {
      missed += report(
        "validate", size, repeatRuns { _ in [options.jit, "validate", "--json"] },
        budget: budget("validate", size),
        acceptStatus: [0, 4])
    } else {
      say(pad("validate", 26) + pad(String(size), 9, left: true) + "  (no 'jit validate' in this build)")
    }
    missed += report(
      "issue create", size,
      repeatRuns { run in [options.jit, "issue", "create", "--title", "bench \(run)", "--priority", "high"] },
      budget: budget("issue create", size))
    missed += report(
      "issue dep add", size,
      repeatRuns { run in
        let dependent = ids[ids.count - 1 - 2 * run]
        let prerequisite = ids[ids.count / 2 + 3 * run]
        return [options.jit, "issue", "dep", "add", dependent.short, "--on", prerequisite.short]
      }, budget: budget("issue dep add", size))
    missed += report(
      "issue claim-next", size,
      repeatRuns { run in [options.jit, "issue", "claim-next", "--to", "agent:bench-\(run)"] },
      budget: budget("issue claim-next", size))
    return missed
  }

  /// Runs each query with the index and with `JIT_NO_INDEX=1` (a plain scan of the files) and
  /// compares the answers byte for byte; returns 1 if any differs.
  func compareWithPlainScan(_ size: Int, root: String, ids: [IssueID]) -> Int {
    var queries: [[String]] = [
      ["query", "ready", "--json"], ["query", "blocked", "--json"], ["query", "state", "open", "--json"],
      ["query", "state", "done", "--json"], ["query", "priority", "high", "--json"],
      ["query", "assignee", "agent:bench-0", "--json"],
      ["status", "--json"], ["issue", "list", "--state", "open", "--json"], ["graph", "roots"],
      ["export", "--format", "dot"],
    ]
    queries += stride(from: 0, to: ids.count, by: max(1, ids.count / 20)).map {
      ["issue", "show", ids[$0].short, "--json"]
    }
    return compareAnswers(
      "answers = plain scan", size, commands: queries, named: 10, scratch: root + "/answer",
      reference: { query, path in
        Spawn.run(
          [options.jit] + query, environment: environment.merging(["JIT_NO_INDEX": "1"]) { $1 },
          stdoutPath: path
        ).status
      },
      measured: { query, path in
        Spawn.run([options.jit] + query, environment: environment, stdoutPath: path).status
      })
  }

  /// Runs each command two ways, `reference` and `measured`, each writing its standard output to
  /// the path it is given, and compares the exits and the answers byte for byte; prints one line
  /// and returns 1 if any differs. `named` is how many of `commands` come before the shows.
  func compareAnswers(
    _ label: String, _ size: Int, commands: [[String]], named: Int, scratch: String,
    reference: ([String], String) -> Int32, measured: ([String], String) -> Int32
  ) -> Int {
    var bytes = 0
    for command in commands {
      let measuredPath = scratch + "-measured"
      let referencePath = scratch + "-reference"
      unlink(measuredPath)
      unlink(referencePath)
      let expected = reference(command, referencePath)
      let status = measured(command, measuredPath)
      let measuredAnswer = FileManager.default.contents(atPath: measuredPath) ?? Data()
      let referenceAnswer = FileManager.default.contents(atPath: referencePath) ?? Data()
      guard status == 0, status == expected, measuredAnswer == referenceAnswer else {
        say(
          pad(label, 26) + pad(String(size), 9, left: true)
            + "  MISSED: '\(command.joined(separator: " "))' differs (exit \(status) vs \(expected), "
            + "\(measuredAnswer.count) vs \(referenceAnswer.count) bytes)")
        return 1
      }
      bytes += measuredAnswer.count
    }
    say(
      pad(label, 26) + pad(String(size), 9, left: true)
        + "  ok: \(commands.count) answers (\(named) commands, \(commands.count - named) shows), "
        + String(format: "%.1f MB", Double(bytes) / 1e6) + ", identical byte for byte")
    return 0
  }

  /// 16 processes claim from a pool of 2,000 ready issues until none is left.
  func race(root: String) throws -> Int {
    let poolSize = 2_000
    let workers = 16
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try SyntheticRepository.generate(at: root, count: poolSize, readyPool: true)
    guard chdir(root) == 0 else { throw HarnessError("cannot enter \(root)") }
    _ = Spawn.run([options.jit, "query", "ready", "--json"], environment: environment)
    let outcome = RaceOutcome()
    let clock = ContinuousClock()
    let started = clock.now
    // One thread per claimer, so that 16 processes really run at once (DispatchQueue.concurrentPerform
    // would run only as many workers as there are cores).
    let finished = DispatchGroup()
    for worker in 0..<workers {
      finished.enter()
      let thread = Thread {
        while true {
          let status = Spawn.start(
            [options.jit, "issue", "claim-next", "--to", "agent:racer-\(worker)", "--json"],
            environment: environment, stdoutPath: root + "/claims-\(worker).json")
          outcome.record(status)
          if status != 0 { break }
        }
        finished.leave()
      }
      thread.start()
    }
    finished.wait()
    let elapsed = clock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let check = try RaceCheck(root: root)
    let successes = outcome.successes
    let doubles =
      max(0, check.claimedEvents - check.distinctClaimed) + max(0, successes - check.distinctClaimed)
    let rate = Double(successes) / seconds
    let ok = doubles == 0 && rate >= 200 && check.unparsable == 0 && successes == poolSize
    say(
      "-- race: \(workers) processes, \(poolSize) ready issues: \(successes) claims in "
        + String(format: "%.2f s = %.0f claims/s", seconds, rate)
        + "; double claims \(doubles); unparsable files \(check.unparsable); "
        + "other exits \(outcome.otherExits) "
        + (ok ? "ok (budget >= 200/s, 0 doubles)" : "MISSED (budget >= 200/s, 0 doubles)"))
    return ok ? 0 : 1
  }

  func budget(_ name: String, _ size: Int) -> Double? {
    guard let pair = budgets[name] else { return nil }
    let factor = options.postgres == nil ? 1.0 : 2.0  // issue 14: within 2x the file store's
    if size <= 10_000 { return pair.0 * factor }
    return pair.1 * factor
  }

  /// A warm-up run, then `runs` timed runs; only 3 when the warm-up took over a second (a command
  /// that reads every file of 100,000 would otherwise take minutes).
  func repeatRuns(_ command: (Int) -> [String]) -> [Measurement] {
    let warmUp = Spawn.run(command(options.runs), environment: environment)
    let runs = warmUp.seconds > 1 ? min(options.runs, 3) : options.runs
    return (0..<runs).map { Spawn.run(command($0), environment: environment) }
  }

  @discardableResult
  func report(
    _ name: String, _ size: Int, _ runs: [Measurement], budget: Double?, acceptStatus: Set<Int32> = [0]
  ) -> Int {
    let times = runs.map(\.seconds).sorted()
    let median = times[times.count / 2] * 1000
    let p90 = times[min(times.count - 1, Int(Double(times.count) * 0.9))] * 1000
    let peak = Double(runs.map(\.peakBytes).max() ?? 0) / 1e6
    peaks.record(peak, size: size, command: name)
    let failed = runs.filter { !acceptStatus.contains($0.status) }.count
    var verdict = "-"
    var missed = 0
    if let budget {
      let met = median <= budget && peak <= memoryBudgetMB
      verdict = met ? "ok" : "MISSED"
      if !met { missed = 1 }
    }
    if failed > 0 {
      verdict +=
        " (\(failed) runs exited with \(runs.first { !acceptStatus.contains($0.status) }?.status ?? -1))"
      missed = 1
    }
    say(
      pad(name, 26) + pad(String(size), 9, left: true) + pad(String(format: "%.1f", median), 11, left: true)
        + pad(String(format: "%.1f", p90), 9, left: true)
        + pad(budget.map { String(format: "%.0f", $0) } ?? "-", 9, left: true)
        + pad(String(format: "%.1f", peak), 9, left: true) + "  " + verdict)
    return missed
  }

  func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? fill + text : text + fill
  }
}

/// What the racing claimers saw.
final class RaceOutcome: @unchecked Sendable {  // safe: every access holds `lock`
  private let lock = NSLock()
  private(set) var successes = 0
  private(set) var otherExits = 0

  func record(_ status: Int32) {
    lock.lock()
    defer { lock.unlock() }
    if status == 0 { successes += 1 } else if status != 3 { otherExits += 1 }
  }
}

/// The repository after the race: claimed events per issue, and whether every file still parses.
struct RaceCheck {
  var claimedEvents = 0
  var distinctClaimed = 0
  var unparsable = 0

  init(root: String) throws {
    let text = try String(contentsOfFile: root + "/.jit/events.jsonl", encoding: .utf8)
    var claimed: [String: Int] = [:]
    for line in text.split(separator: "\n") {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        object["event"] as? String == "issue.claimed", let id = object["id"] as? String
      else { continue }
      claimed[id, default: 0] += 1
      claimedEvents += 1
    }
    distinctClaimed = claimed.count
    let directory = root + "/.jit/issues"
    for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".json") {
      let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
      if (try? JSONDecoder().decode(Issue.self, from: data)) == nil { unparsable += 1 }
    }
  }
}
