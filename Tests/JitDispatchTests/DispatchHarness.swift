import Foundation
import JitTestSupport
import Testing

/// A temporary repository with agent scripts and a dispatch.toml, driven through the built
/// `jit-dispatch` and `jit` binaries as a user would.
final class DispatchRepo: @unchecked Sendable {  // safe: every stored property is a let, set in init
  let repo: TemporaryRepository
  let dispatch: String
  let jit: String

  init() throws {
    repo = try TemporaryRepository(atTerminal: false)
    dispatch = try BuiltBinary.path("jit-dispatch")
    jit = try BuiltBinary.path("jit")
  }

  var root: String { repo.root }
  func path(_ relative: String) -> String { root + "/" + relative }

  /// Writes an executable shell script.
  func script(_ name: String, _ body: String) throws {
    try ("#!/bin/sh\n" + body + "\n").write(toFile: path(name), atomically: true, encoding: .utf8)
    chmod(path(name), 0o755)
  }

  func config(_ text: String) throws {
    try text.write(toFile: path("dispatch.toml"), atomically: true, encoding: .utf8)
  }

  /// `jit-dispatch <arguments> --config dispatch.toml --jit-path <jit>` to its end.
  func run(_ arguments: String...) throws -> CommandResult {
    try BuiltBinary.run(dispatch, withConfig(arguments), in: root, environment: repo.environment)
  }

  func withConfig(_ arguments: [String]) -> [String] {
    var all = arguments
    if !all.contains("--config") && arguments.first != "work" && arguments.first != "status" {
      all += ["--config", "dispatch.toml"]
    }
    return all + ["--jit-path", jit]
  }

  /// Starts `jit-dispatch <arguments>` and returns at once.
  func launch(_ arguments: String...) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dispatch)
    process.arguments = withConfig(arguments)
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.environment = repo.environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    return process
  }

  func events(_ kind: String? = nil) throws -> [[String: Any]] {
    try repo.events().filter { kind == nil || $0["event"] as? String == kind }
  }

  /// Waits until `condition` holds, or fails after `seconds`.
  func wait(_ seconds: Double = 20, _ what: String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return }
      usleep(50_000)
    }
    Issue.record("timed out waiting for \(what)")
    throw HarnessError("timed out waiting for \(what)")
  }

  func state(_ id: String) throws -> String { try repo.state(id) }

  /// The `dispatch.*` and claim events, a line each, for a failing expectation's message.
  func dispatchTrace() throws -> String {
    try events().compactMap { event -> String? in
      guard let kind = event["event"] as? String, kind.hasPrefix("dispatch.") || kind.hasPrefix("issue.")
      else { return nil }
      let fields = ["id", "outcome", "reason", "agent"].compactMap { key in
        (event[key] as? String).map { "\(key)=\($0)" }
      }
      return ([kind] + fields).joined(separator: " ")
    }.joined(separator: "\n")
  }

  /// The lines agents appended to `agents.log`: `start|end <issue> <agent> <nanoseconds>`.
  func intervals() throws -> [(issue: String, agent: String, start: Int64, end: Int64)] {
    let text = (try? String(contentsOfFile: path("agents.log"), encoding: .utf8)) ?? ""
    var starts: [String: (String, Int64)] = [:]
    var result: [(String, String, Int64, Int64)] = []
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ").map(String.init)
      guard parts.count == 5, let time = Int64(parts[4]) else { continue }
      let key = parts[1] + " " + parts[3]  // issue + run
      if parts[0] == "start" { starts[key] = (parts[2], time) }
      if parts[0] == "end", let (agent, start) = starts[key] { result.append((parts[1], agent, start, time)) }
    }
    return result
  }

  /// An agent that logs its start and end (with `JIT_RUN_ID`), sleeps, then runs `rest`.
  static func loggingAgent(sleep: String, rest: String = "") -> String {
    """
    echo "start $JIT_ISSUE_ID $JIT_ACTOR $JIT_RUN_ID $(date +%s%N)" >> "$AGENTS_LOG"
    sleep \(sleep)
    echo "end $JIT_ISSUE_ID $JIT_ACTOR $JIT_RUN_ID $(date +%s%N)" >> "$AGENTS_LOG"
    \(rest)
    """
  }
}
