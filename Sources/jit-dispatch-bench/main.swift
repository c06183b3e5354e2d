// jit-dispatch-bench: a dispatcher run over a simulated project, as issue 11's Proof asks.
// N issues in the synthetic generator's shape (each depends on 0-3 of the 50 before it, seeded),
// each with a simulated cost; A agents running a small program that sleeps its issue's cost
// (5% fail once, after doing the work; 1% hang until killed by timeout_secs, by default twice the
// largest cost); the dispatcher in-process until all are done. Prints the makespan against the lower bound max(critical path, total work / agents), the
// dispatch overhead per issue, and checks: no issue run twice at once, none lost, every hang
// killed and retried.
import Foundation
import JitApp
import JitCore
import JitDispatch
import JitTestSupport

var issues = 500
var agents = 8
var scale = 0.2  // seconds per cost unit
var seed: UInt64 = 7
var timeout: Double?  // timeout_secs of every agent; default: twice the largest cost
var keep = false  // leave the simulated repository behind (its path is printed), to study its event log
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
  switch argument {
  case "--issues": issues = Int(arguments.next() ?? "") ?? issues
  case "--agents": agents = Int(arguments.next() ?? "") ?? agents
  case "--scale": scale = Double(arguments.next() ?? "") ?? scale
  case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
  case "--timeout": timeout = Double(arguments.next() ?? "")
  case "--keep": keep = true
  default:
    print(
      "usage: jit-dispatch-bench [--issues N] [--agents A] [--scale SECONDS_PER_UNIT] [--seed S] [--timeout SECONDS] [--keep]"
    )
    exit(2)
  }
}

let root = NSTemporaryDirectory() + "jit-dispatch-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
let layout = RepositoryLayout(jitDirectory: root + "/.jit")
try RepositoryInitializer.initialize(layout)
let configuration = JitConfiguration(repository: .explicit(root), actor: try Actor(validating: "human:bench"))
let app = try JitApplication(configuration)

// The project: costs 1-5 units, dependencies on recent issues, the chosen failures and hangs.
var random = SeededGenerator(seed: seed)
var ids: [String] = []
var cost: [String: Double] = [:]
var dependencies: [String: [String]] = [:]
var failing: Set<String> = []
var hanging: Set<String> = []
for index in 0..<issues {
  var deps: [String] = []
  if index > 0 {
    for _ in 0..<random.below(4) {
      let back = 1 + random.below(min(index, 50))
      if !deps.contains(ids[index - back]) { deps.append(ids[index - back]) }
    }
  }
  let units = Double(1 + random.below(5))
  let issue = try app.create(
    IssueRequest(title: "simulated \(index)", dependencies: deps, context: ["cost": String(units * scale)]))
  let id = issue.id.rawValue
  ids.append(id)
  cost[id] = units * scale
  dependencies[id] = deps
  let roll = random.below(100)
  if roll < 5 { failing.insert(id) } else if roll == 5 { hanging.insert(id) }
}
// Each issue's cost, and the chosen failures and hangs, as files the agent reads without a process.
for directory in ["cost", "fail", "hang"] {
  try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
}
for id in ids {
  try "\(cost[id] ?? 0)\n".write(toFile: root + "/cost/" + id, atomically: false, encoding: .utf8)
}
for id in failing { _ = FileManager.default.createFile(atPath: root + "/fail/" + id, contents: nil) }
for id in hanging { _ = FileManager.default.createFile(atPath: root + "/hang/" + id, contents: nil) }

// The simulated agent: sleeps its cost; a chosen one hangs on its first attempt (until killed) or
// fails its first attempt after doing the work. Only shell builtins but the sleep.
let agentScript = """
  #!/bin/sh
  read cost < "\(root)/cost/$JIT_ISSUE_ID"
  if [ -f "\(root)/hang/$JIT_ISSUE_ID" ] && [ ! -f "\(root)/hung-$JIT_ISSUE_ID" ]; then
    : > "\(root)/hung-$JIT_ISSUE_ID"; exec sleep 100000
  fi
  if [ -f "\(root)/fail/$JIT_ISSUE_ID" ] && [ ! -f "\(root)/failed-$JIT_ISSUE_ID" ]; then
    sleep "$cost"; : > "\(root)/failed-$JIT_ISSUE_ID"; exit 1
  fi
  exec sleep "$cost"
  """
try agentScript.write(toFile: root + "/agent.sh", atomically: true, encoding: .utf8)
chmod(root + "/agent.sh", 0o755)
let timeoutSecs = timeout ?? 2 * 5 * scale
var config = DispatchConfig()
config.dispatch.pollIntervalSecs = 1
config.dispatch.maxInFlight = agents
config.dispatch.retryBaseSecs = 0
config.dispatch.retryCapSecs = 0
config.dispatch.heartbeatSecs = 5
config.dispatch.killGraceSecs = 0.2
for index in 0..<agents {
  var agent = DispatchConfig.Agent(id: "sim-\(index)", command: root + "/agent.sh")
  agent.timeoutSecs = timeoutSecs
  agent.stallSecs = 0
  agent.maxAttempts = 3
  config.agents.append(agent)
}
let environment = ProcessInfo.processInfo.environment
let dispatcher = Dispatcher(config: config, app: app, environment: environment)

// Dispatch until every issue is done (or nothing can move).
let started = Date()
while true {
  let report = await dispatcher.cycle()
  // Only when nothing runs is the whole repository read, to tell "all done" from "stuck".
  if report.started.isEmpty, await dispatcher.inFlight == 0, await !dispatcher.hasPendingRetry() {
    let open = try app.status().open
    if open == 0 { break }
    if report.sawNoWork {
      print("stuck: \(open) open issues and nothing to run")
      break
    }
  }
  await dispatcher.waitForChange(timeout: .seconds(1))
}
_ = await dispatcher.drain()
let makespan = Date().timeIntervalSince(started)

// The bound: the longest cost-weighted chain, or the total work spread over the agents.
var finish: [String: Double] = [:]
for id in ids {
  let own = cost[id] ?? 0
  finish[id] = own + ((dependencies[id] ?? []).map { finish[$0] ?? 0 }.max() ?? 0)
}
let criticalPath = finish.values.max() ?? 0
let totalWork = cost.values.reduce(0, +)
let bound = max(criticalPath, totalWork / Double(agents))

// Checks from the event log: per issue, runs start and exit strictly in turn (a hung run writes no
// end to the agents' log, so the dispatcher's events are the record of when a run really ended).
let events = try app.eventLog.readAll().events
var running: [String: Int] = [:]
var overlaps = 0
for event in events {
  guard let id = event.issueID?.rawValue else { continue }
  if event.event == "dispatch.run_started" {
    if running[id, default: 0] > 0 { overlaps += 1 }
    running[id, default: 0] += 1
  } else if event.event == "dispatch.run_exited" {
    running[id, default: 0] -= 1
  }
}
let done = Set(
  events.filter { $0.event == "issue.state_changed" && $0.fields["to"] == .string("done") }.compactMap {
    $0.issueID?.rawValue
  })
let timeouts = events.filter {
  $0.event == "dispatch.run_exited" && ($0.fields["reason"]?.stringValue ?? "").hasPrefix("timeout")
}.count
let retried = events.filter { $0.event == "dispatch.retry_scheduled" }.count
let runs = events.filter { $0.event == "dispatch.run_started" }.count
let overhead = (makespan - bound) * Double(agents) / Double(issues)
// Where the time went: the agents' own run time, and per agent the gap from a run's exit to its next start.
let busy = events.filter { $0.event == "dispatch.run_exited" }.compactMap { event -> Double? in
  if case .double(let value)? = event.fields["duration_s"] { return value }
  if case .int(let value)? = event.fields["duration_s"] { return Double(value) }
  return nil
}.reduce(0, +)
// Each run's end is its start plus its duration (its run_exited event may be written after the
// agent's next run has started: finished work frees its slot first).
var startOf: [String: (agent: String, ms: Double)] = [:]
var spans: [String: [(start: Double, end: Double)]] = [:]
for event in events {
  guard case .string(let run)? = event.fields["run_id"], case .string(let agent)? = event.fields["agent"]
  else { continue }
  let ms = Double(event.ts.millisecondsSince1970)
  if event.event == "dispatch.run_started" { startOf[run] = (agent, ms) }
  if event.event == "dispatch.run_exited", let start = startOf[run] {
    let seconds: Double
    switch event.fields["duration_s"] {
    case .double(let value)?: seconds = value
    case .int(let value)?: seconds = Double(value)
    default: seconds = 0
    }
    spans[start.agent, default: []].append((start.ms, start.ms + seconds * 1000))
  }
}
var gaps: [Int64] = []
for (_, runs) in spans {
  let sorted = runs.sorted { $0.start < $1.start }
  for (previous, next) in zip(sorted, sorted.dropFirst()) { gaps.append(Int64(next.start - previous.end)) }
}
gaps.sort()
let medianGap = gaps.isEmpty ? 0 : gaps[gaps.count / 2]
let p90Gap = gaps.isEmpty ? 0 : gaps[gaps.count * 9 / 10]
print(
  "issues \(issues), agents \(agents), cost unit \(scale)s, seed \(seed), timeout_secs \(timeoutSecs) (largest cost \(5 * scale)s)"
)
print(
  String(
    format: "makespan %.1fs, lower bound %.1fs (critical path %.1fs, work/agents %.1fs): ratio %.3f",
    makespan, bound, criticalPath, totalWork / Double(agents), makespan / bound))
print(
  String(format: "dispatch overhead per issue (agent-seconds beyond the bound / issues): %.3fs", overhead))
print(
  "runs \(runs), retries \(retried), hangs \(hanging.count) (killed by timeout: \(timeouts)), failures \(failing.count)"
)
print(
  String(
    format:
      "agents busy %.1f of %.1f agent-seconds (%.0f%%); refill gap after a run ends: median %lld ms, p90 %lld ms",
    busy, makespan * Double(agents), 100 * busy / (makespan * Double(agents)), medianGap, p90Gap))
if keep { print("repository kept: \(root)") }
print("issues run twice at once: \(overlaps); lost (not done): \(issues - done.count)")
// (`exit` runs no `defer`: the repository is removed here.)
if !keep { try? FileManager.default.removeItem(atPath: root) }
exit(overlaps == 0 && done.count == issues && timeouts >= hanging.count ? 0 : 1)
