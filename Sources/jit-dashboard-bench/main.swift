import Foundation
import JitApp
import JitCore
import JitDashboard
import JitTestSupport
import Logging

// jit-dashboard-bench: issue 13's speed. For each size it generates a repository
// (SyntheticRepository), loads the dashboard's hub over it, times the pages as the server
// renders them (in process, N runs each after one warm-up) and then over HTTP with curl
// (time to the first byte and in all, from curl's own timers, so curl's start-up is not counted).
//
//   jit-dashboard-bench [--sizes 10000,100000] [--runs N] [--out DIR]

var sizes = [10_000, 100_000]
var runs = 15
var out = "bench-out/dashboard"
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
  let argument = arguments.removeFirst()
  let value = arguments.isEmpty ? "" : arguments.removeFirst()
  switch argument {
  case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
  case "--runs": runs = Int(value) ?? runs
  case "--out": out = value
  default:
    FileHandle.standardError.write(Data("jit-dashboard-bench: unknown option \(argument)\n".utf8))
    exit(2)
  }
}

func milliseconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func summary(_ samples: [Double]) -> String {
  let sorted = samples.sorted()
  guard !sorted.isEmpty else { return "-" }
  let median = sorted[sorted.count / 2]
  let p90 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.9).rounded(.up)) - 1)]
  return String(format: "%.1f / %.1f", median, p90)
}

func time(_ runs: Int, _ body: (Int) async throws -> Void) async rethrows -> [Double] {
  let clock = ContinuousClock()
  try await body(-1)  // warm-up
  var samples: [Double] = []
  for run in 0..<runs {
    let start = clock.now
    try await body(run)
    samples.append(milliseconds(clock.now - start))
  }
  return samples
}

/// curl's time to the first byte and total, in ms.
func curl(_ url: String) -> (first: Double, total: Double, bytes: Int)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [
    "curl", "-s", "-o", "/dev/null", "-w", "%{time_starttransfer} %{time_total} %{size_download}", url,
  ]
  let pipe = Pipe()
  process.standardOutput = pipe
  guard (try? process.run()) != nil else { return nil }
  process.waitUntilExit()
  let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  let parts = text.split(separator: " ").compactMap { Double($0) }
  guard parts.count == 3 else { return nil }
  return (parts[0] * 1000, parts[1] * 1000, Int(parts[2]))
}

print("| issues | what | median / p90 ms | size |")
print("|---|---|---|---|")
for size in sizes {
  let root = out + "/repo-\(size)"
  try? FileManager.default.removeItem(atPath: root)
  try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
  let generated = try SyntheticRepository.generate(at: root, count: size)
  let configuration = JitConfiguration(
    repository: .explicit(root), actor: try Actor(validating: "human:bench"))
  let application = try JitApplication(configuration)
  let clock = ContinuousClock()
  var start = clock.now
  // The first read builds the index; time the hub's load after it, as a restarted server would.
  _ = try await application.status()
  let indexBuild = milliseconds(clock.now - start)
  start = clock.now
  let hub = try await DashboardHub(application: application)
  let load = milliseconds(clock.now - start)
  print("| \(size) | index build (first read of the repository) | \(String(format: "%.0f", indexBuild)) | |")
  print("| \(size) | hub load (every issue, registry, event log) | \(String(format: "%.0f", load)) | |")
  let snapshot = await hub.snapshot
  var bytes = 0
  let board = try await time(runs) { _ in bytes = DashboardPages.board(snapshot).utf8.count }
  print("| \(size) | board page render `/` | \(summary(board)) | \(bytes / 1024) KiB |")
  let blocked = try await time(runs) { _ in bytes = DashboardPages.blocked(snapshot).utf8.count }
  print("| \(size) | blocked page render `/blocked` | \(summary(blocked)) | \(bytes / 1024) KiB |")
  let ids = generated.ids
  let issue = try await time(runs) { run in
    let id = ids[(run + 1) * 7_919 % ids.count].short
    bytes = try await DashboardPages.issue(id, hub: hub).utf8.count
  }
  print(
    "| \(size) | issue page `/issues/ID` (application detail + render) | \(summary(issue)) | \(bytes / 1024) KiB |"
  )
  let graph = try await time(runs) { run in
    let id = ids[(run + 1) * 7_919 % ids.count].short
    bytes = DashboardPages.graph(around: id, depth: 2, snapshot: snapshot).utf8.count
  }
  print("| \(size) | graph neighbourhood, depth 2 | \(summary(graph)) | \(bytes / 1024) KiB |")
  let change = try await time(min(runs, 5)) { run in
    let id = ids[(run + 2) * 104_729 % ids.count]
    _ = snapshot.updating([id: snapshot.issues[id]], gates: snapshot.gates, readAt: snapshot.readAt)
  }
  print("| \(size) | snapshot rebuild after a change (per batch of events) | \(summary(change)) | |")

  // Over HTTP, the whole server: routing, middleware, render, loopback.
  var options = DashboardOptions(port: 0)
  options.pollInterval = .seconds(1)
  var logger = Logger(label: "bench")
  logger.logLevel = .warning
  let port = AsyncStream<Int>.makeStream()
  let app = DashboardServer.makeApplication(hub: hub, options: options, logger: logger) { _, bound in
    port.continuation.yield(bound)
  }
  let server = Task { try await app.run() }
  var iterator = port.stream.makeAsyncIterator()
  guard let bound = await iterator.next() else { fatalError("the server did not start") }
  for (label, path) in [
    ("board", "/"), ("blocked", "/blocked"), ("issue", "/issues/\(ids[ids.count / 2].short)"),
  ] {
    var first: [Double] = []
    var total: [Double] = []
    _ = curl("http://127.0.0.1:\(bound)\(path)")
    for _ in 0..<runs {
      guard let sample = curl("http://127.0.0.1:\(bound)\(path)") else { continue }
      first.append(sample.first)
      total.append(sample.total)
      bytes = sample.bytes
    }
    print(
      "| \(size) | HTTP GET \(label) `\(path.prefix(16))`: first byte | \(summary(first)) | \(bytes / 1024) KiB |"
    )
    print("| \(size) | HTTP GET \(label): whole answer | \(summary(total)) | |")
  }
  server.cancel()
  _ = try? await server.value
  try? FileManager.default.removeItem(atPath: root)
}
