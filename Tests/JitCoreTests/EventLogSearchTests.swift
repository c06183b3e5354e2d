import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// Searching the log with prefilters gives exactly what decoding every line and filtering gives.
@Suite struct EventLogSearchTests {
  static let ids = ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "01BX5ZZKBKACTAV9WEVGEM5FAV", "01CX5ZZKBKACTAV9WEVGEMMVRZ"]
  static let actors = ["agent:copilot-1", "agent:copilot-2", "human:alice", "ci:github"]
  static let kinds = ["issue.created", "issue.claimed", "gate.failed", "gate.passed"]

  func makeLog(_ directory: String, generator: inout SeededGenerator) throws -> String {
    var lines: [String] = []
    for index in 0..<400 {
      let ts = Timestamp(millisecondsSince1970: 1_764_000_000_000 + Int64(index) * 60_000)
      let id = Self.ids.randomElement(using: &generator) ?? ""
      let actor = Self.actors.randomElement(using: &generator) ?? ""
      let kind = Self.kinds.randomElement(using: &generator) ?? ""
      switch Int.random(in: 0..<10, using: &generator) {
      case 0: lines.append("<<<<<<< HEAD")
      case 1:  // hand-written: spaces, lower-case id, an escape
        lines.append(
          #"{ "ts": "\#(ts)", "event": "\#(kind)", "id": "\#(id.lowercased())", "by": "\#(actor)", "note": "a \"q\"" }"#
        )
      case 2:  // a nested ts that is not the event's
        lines.append(
          #"{"changes":{"ts":"2000-01-01T00:00:00Z"},"event":"\#(kind)","event_id":"N\#(index)","id":"\#(id)","ts":"\#(ts)"}"#
        )
      default:
        let assignee = kind == "issue.claimed" ? #","assignee":"\#(actor)""# : ""
        lines.append(
          #"{"by":"\#(actor)","event":"\#(kind)","event_id":"E\#(index)","id":"\#(id)","ts":"\#(ts)"\#(assignee)}"#
        )
        // A union merge can bring the same line in twice.
        if let last = lines.last, Int.random(in: 0..<8, using: &generator) == 0 { lines.append(last) }
      }
    }
    let path = directory + "/events.jsonl"
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func matchesAFullScan() throws {
    let directory = NSTemporaryDirectory() + "/jit-search-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var generator = SeededGenerator(seed: 42)
    let path = try makeLog(directory, generator: &generator)
    let all = try FileEventLog(path: path).readAll()
    for _ in 0..<200 {
      var query = EventQuery()
      if Bool.random(using: &generator) {
        query.kinds = Set(Self.kinds.filter { _ in Bool.random(using: &generator) })
      }
      if Bool.random(using: &generator) {
        query.issues = [
          try IssueReference(String((Self.ids.randomElement(using: &generator) ?? "").suffix(6)))
        ]
      }
      if Bool.random(using: &generator) {
        query.actors = [try ActorPattern(Self.actors.randomElement(using: &generator) ?? "")]
      }
      if Bool.random(using: &generator) { query.assignees = [try ActorPattern("copilot-1")] }
      if Bool.random(using: &generator) {
        query.since = Timestamp(millisecondsSince1970: 1_764_000_000_000 + Int64.random(in: 0...24_000_000))
      }
      if Bool.random(using: &generator) {
        query.until = Timestamp(millisecondsSince1970: 1_764_000_000_000 + Int64.random(in: 0...24_000_000))
      }
      let searched = try EventLogSearch(path: path).run(query)
      #expect(searched.events == query.filter(all.events), "\(query)")
      #expect(searched.malformed.map(\.line) == all.malformed.map(\.line))
    }
  }
}
