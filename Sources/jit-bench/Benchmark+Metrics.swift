import Foundation
import JitCore
import JitSystem
import JitTestSupport

/// Issue 12's measurements: `metrics export --prometheus` (the first run counts the whole event log
/// into `.jit/run/metrics/`; the others read only what was appended), `alert check` with 10 alerts
/// (timed in pairs with an export, whose median plus 20 ms is its budget),
/// and `metrics report` streaming the whole log (10 events per issue: 1,000,000 at 100,000 issues).
extension Benchmark {
  func metrics(_ size: Int, root: String, summary: SyntheticRepository.Summary) throws -> Int {
    let started = ContinuousClock.now
    let events = try SyntheticEvents.generate(at: root, summary: summary, perIssue: 10)
    say("   (\(events.formatted()) events generated in \(ContinuousClock.now - started))")
    try? FileManager.default.removeItem(atPath: root + "/.jit/run/metrics")
    var missed = 0
    let first = Spawn.run([options.jit, "metrics", "export", "--prometheus"], environment: environment)
    report("metrics export, first", size, [first], budget: nil)
    // Warm runs: the gauges from the index, the counters from the cache (nothing new to read).
    let export = repeatRuns { _ in [options.jit, "metrics", "export", "--prometheus"] }
    missed += report(
      "metrics export --prometheus", size, export, budget: budget("metrics export --prometheus", size))
    for index in 0..<10 {
      let add = Spawn.run(
        [
          options.jit, "alert", "add", "bench-\(index)", "--condition",
          "blocked_count > \(index * 1000) or ready_count < 2",
          "--notify", "command:/bin/true",
        ], environment: environment)
      if add.status != 0 { say("alert add bench-\(index) failed (exit \(add.status))") }
    }
    // The check against an export taken just before it, pair by pair: this machine's two cores do
    // not run alike from minute to minute, and a block of checks after a block of exports would
    // measure that drift as much as the check.
    _ = Spawn.run([options.jit, "alert", "check"], environment: environment)  // fires all 10: warm-up
    var exports: [Measurement] = []
    var checks: [Measurement] = []
    for _ in 0..<options.runs {
      exports.append(Spawn.run([options.jit, "metrics", "export", "--prometheus"], environment: environment))
      checks.append(Spawn.run([options.jit, "alert", "check"], environment: environment))
    }
    report("metrics export (paired)", size, exports, budget: nil)
    missed += report("alert check, 10 alerts", size, checks, budget: median(exports) + 20)
    let reportRuns = (0..<3).map { _ in
      Spawn.run(
        [options.jit, "metrics", "report", "--format", "csv", "--output", root + "/metrics.csv"],
        environment: environment)
    }
    missed += report("metrics report (csv)", size, reportRuns, budget: size >= 100_000 ? 10_000 : 1_000)
    return missed
  }
}
