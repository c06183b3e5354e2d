import Foundation
import JitCore
import JitSystem
import JitTestSupport

/// Issue 9's measurements: the views that read many issues, the first command after a fresh clone
/// or a `git pull`, and the peak memory of any command.
extension Benchmark {
  /// `jit status`, `issue list`, `graph roots` and `export`: today most read every file.
  func views(_ size: Int) -> Int {
    var missed = 0
    missed += report(
      "status --json", size, repeatRuns { _ in [options.jit, "status", "--json"] },
      budget: budget("status --json", size))
    let query = repeatRuns { _ in [options.jit, "query", "state", "open", "--json"] }
    report("query state open --json", size, query, budget: nil)
    // `issue list --state open` answers what `query state open` does: within 10% of its time.
    missed += report(
      "issue list --state open", size,
      repeatRuns { _ in [options.jit, "issue", "list", "--state", "open", "--json"] },
      budget: median(query) * 1.1)
    missed += report(
      "graph roots", size, repeatRuns { _ in [options.jit, "graph", "roots"] },
      budget: budget("graph roots", size))
    missed += report(
      "export --format dot", size, repeatRuns { _ in [options.jit, "export", "--format", "dot"] },
      budget: budget("export --format dot", size))
    return missed
  }

  /// The first command after a fresh clone: no `.jit/cache`, so it builds the index from every file.
  /// Three runs, each after deleting the cache.
  func freshClone(_ size: Int) -> Int {
    let runs = (0..<3).map { _ in
      try? FileManager.default.removeItem(atPath: ".jit/cache")
      return Spawn.run([options.jit, "query", "ready", "--json"], environment: environment)
    }
    return report("first run, fresh clone", size, runs, budget: size >= 100_000 ? 4_000 : nil)
  }

  /// The first command after a simulated `git pull` that changes `count` issue files: each is
  /// rewritten (a new file renamed over the old, as git does) with one byte of its description
  /// changed. Three runs per count, each on other files.
  func afterPull(_ size: Int, root: String, ids: [IssueID]) throws -> Int {
    var missed = 0
    let budgets = [1: 300.0, 100: 350.0, 10_000: 900.0]
    var counts = [1, 100, min(10_000, size / 10)]
    counts = counts.enumerated().filter { $0.element > 0 && !counts[..<$0.offset].contains($0.element) }
      .map(\.element)
    for count in counts {
      var runs: [Measurement] = []
      for run in 0..<3 {
        let step = max(1, ids.count / count)
        for index in 0..<count {
          try pull(root + "/.jit/issues/\(ids[(index * step + run * 7 + 1) % ids.count].rawValue).json")
        }
        usleep(100_000)  // a person types the next command well after git is done
        runs.append(Spawn.run([options.jit, "query", "ready", "--json"], environment: environment))
      }
      let label = "after pull, \(count.formatted()) files"
      missed += report(label, size, runs, budget: size >= 100_000 ? budgets[count] : nil)
    }
    return missed
  }

  /// Rewrites one issue file as a pull would: another description, a new file renamed over it.
  func pull(_ path: String) throws {
    var text = try String(contentsOfFile: path, encoding: .utf8)
    if text.contains("Second line.") {
      text = text.replacingOccurrences(of: "Second line.", with: "Second line!")
    } else {
      text = text.replacingOccurrences(of: "Second line!", with: "Second line.")
    }
    try text.write(toFile: path + ".pull", atomically: false, encoding: .utf8)
    guard rename(path + ".pull", path) == 0 else { throw HarnessError("cannot rename over \(path)") }
  }

  /// The largest peak resident memory of any command measured at this size.
  func peakMemory(_ size: Int) -> Int {
    guard let (peak, command) = peaks.largest(size: size) else { return 0 }
    let budget = size >= 100_000 ? memoryBudgetMB : nil
    let met = budget.map { peak <= $0 } ?? true
    say(
      pad("peak memory, any command", 26) + pad(String(size), 9, left: true)
        + pad(String(format: "%.1f MB", peak), 20, left: true)
        + pad(budget.map { String(format: "%.0f", $0) } ?? "-", 9, left: true) + "  "
        + (budget == nil ? "-" : met ? "ok" : "MISSED") + " (\(command))")
    return met ? 0 : 1
  }

  func median(_ runs: [Measurement]) -> Double {
    let times = runs.map(\.seconds).sorted()
    return times.isEmpty ? 0 : times[times.count / 2] * 1000
  }
}

/// The peak memory of every measured command, per repository size.
final class PeakMemory: @unchecked Sendable {  // safe: every access holds `lock`
  private let lock = NSLock()
  private var largest: [Int: (Double, String)] = [:]

  func record(_ megabytes: Double, size: Int, command: String) {
    lock.lock()
    defer { lock.unlock() }
    if megabytes > largest[size]?.0 ?? -1 { largest[size] = (megabytes, command) }
  }

  func largest(size: Int) -> (Double, String)? {
    lock.lock()
    defer { lock.unlock() }
    return largest[size]
  }
}
