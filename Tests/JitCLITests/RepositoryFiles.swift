import Foundation
import JitTestSupport

/// Hand edits of a repository's files, the way a person or a bad merge makes them.
extension TemporaryRepository {
  /// The path of an issue's file.
  func issuePath(_ id: String) -> String { layout.issuesDirectory + "/" + id + ".json" }

  /// Reads an issue file as a JSON object, lets `change` edit it, and writes it back.
  func editIssue(_ id: String, _ change: (inout [String: Any]) -> Void) throws {
    let path = issuePath(id)
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw HarnessError("\(path) is not an object")
    }
    change(&object)
    let written = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    try written.write(to: URL(fileURLWithPath: path))
  }

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

  /// Defines the gates `review` (manual, postcheck) and `design` (manual, precheck).
  func defineGates() throws {
    try write(
      """
      {
        "design": {"key": "design", "title": "Design approved", "stage": "precheck"},
        "review": {"key": "review", "title": "Code review"}
      }
      """, to: "gates.json")
  }
}
