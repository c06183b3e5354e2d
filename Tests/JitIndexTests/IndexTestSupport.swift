import Foundation
import JitCore
import JitTestSupport

/// Compares every answer the index gives (queries, lists, status, graph, export) with a plain scan's.
enum IndexComparison {
  static let queries: [[String]] = [
    ["query", "ready", "--json"], ["query", "blocked", "--json"], ["query", "state", "open", "--json"],
    ["query", "state", "done", "--json"], ["query", "priority", "high", "--json"],
    ["query", "assignee", "agent:worker-3", "--json"],
    // The other reads the index answers.
    ["status", "--json"], ["graph", "roots", "--json"], ["graph", "roots", "--all"],
    ["export", "--format", "dot"],
    ["export", "--format", "mermaid"], ["issue", "list", "--json"],
    ["issue", "list", "--priority", "high", "--assignee", "none", "--json"],
    ["issue", "list", "--state", "done"],
  ]

  /// The first query whose indexed answer differs from the plain scan's, if any.
  static func firstDifference(_ repo: TemporaryRepository) -> String? {
    for query in queries {
      let indexed = repo.run(query)
      let plain = repo.run(query, environment: ["JIT_NO_INDEX": "1"])
      if indexed.stdout != plain.stdout || indexed.status != plain.status || indexed.stderr != plain.stderr {
        return "\(query.joined(separator: " ")): indexed \(indexed.status) \(indexed.stdout.prefix(300)) "
          + "vs plain \(plain.status) \(plain.stdout.prefix(300))"
      }
    }
    return nil
  }

  /// Rewrites one issue file through a closure over its JSON object, in place (same inode) or by
  /// writing a new file and renaming it over the old one (as editors and git do).
  static func edit(
    _ repo: TemporaryRepository, _ id: String, inPlace: Bool, _ change: (inout [String: Any]) -> Void
  ) throws {
    let path = repo.layout.issuesDirectory + "/" + id + ".json"
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw HarnessError("not an object: \(path)")
    }
    change(&object)
    let bytes = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    if inPlace {
      guard let handle = FileHandle(forWritingAtPath: path) else { throw HarnessError("cannot open \(path)") }
      try handle.truncate(atOffset: 0)
      try handle.write(contentsOf: bytes)
      try handle.close()
    } else {
      try bytes.write(to: URL(fileURLWithPath: path + ".edit"))
      guard rename(path + ".edit", path) == 0 else { throw HarnessError("rename failed") }
    }
  }

  /// Runs a shell command in a directory; nil if it could not run.
  @discardableResult
  static func shell(_ command: String, in directory: String) -> Int32? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    return process.terminationStatus
  }
}
