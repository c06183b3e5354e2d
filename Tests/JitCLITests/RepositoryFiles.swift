import Foundation
import JitCore
import JitTestSupport

/// Hand edits of a repository's files, the way a person or a bad merge makes them.
extension TemporaryRepository {
  /// The path of an issue's file.
  func issuePath(_ id: String) -> String { layout.issuesDirectory + "/" + id + ".json" }

  /// Replaces a file under `.jit/` with `text`.
  func write(_ text: String, to relative: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: layout.jitDirectory + "/" + relative))
  }

  /// Appends `text` to a file under `.jit/`.
  func append(_ text: String, to relative: String) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: layout.jitDirectory + "/" + relative))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
  }

  /// Defines the gates `review` (manual, postcheck) and `design` (manual, precheck), in whichever
  /// store the repository uses.
  func defineGates() throws {
    let text = """
      {
        "design": {"key": "design", "title": "Design approved", "stage": "precheck"},
        "review": {"key": "review", "title": "Code review"}
      }
      """
    try saveGates(JSONCoding.decodeFile(GateRegistry.self, Array(text.utf8), path: "gates.json"))
  }
}
