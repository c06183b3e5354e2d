import Foundation
import Testing

@testable import JitCore

/// The pure graph functions, over issues made in memory.
@Suite struct IssueGraphTests {
  static let start = Timestamp(millisecondsSince1970: 1_700_000_000_000)

  /// Issues named by index, with ids that sort in that order.
  func issues(_ dependencies: [[Int]], states: [Int: IssueState] = [:]) throws -> [JitCore.Issue] {
    let generator = ULIDGenerator()
    let ids = try dependencies.indices.map { _ in try IssueID(validating: generator.next(at: Self.start.date))
    }
    return dependencies.enumerated().map { index, edges in
      JitCore.Issue(
        id: ids[index], title: "issue \(index)", state: states[index] ?? .backlog,
        dependencies: edges.map { ids[$0] }, createdAt: Self.start)
    }
  }

  @Test func aCycleFromAHandEditIsDrawnOnce() throws {
    let made = try issues([[1], [2], [0]])
    let tree = IssueGraph(made).tree(from: made[0].id, .upstream)
    #expect(tree.allNodes.map(\.id) == [made[0].id, made[1].id, made[2].id, made[0].id])
    #expect(tree.allNodes.last?.repeated == true)
  }

  @Test func aNodeCutOffByDepthIsNotDrawnTwice() throws {
    // 0 depends on 1 and 2; both depend on 3, which depends on 4. At depth 2, 3 is reached twice.
    let made = try issues([[1, 2], [3], [3], [4], []])
    let nodes = IssueGraph(made).tree(from: made[0].id, .upstream, depth: 2).allNodes
    let threes = nodes.filter { $0.id == made[3].id }
    #expect(threes.count == 2)
    #expect(threes.filter { !$0.repeated }.count == 1, "drawn in full once, marked repeated after")
    #expect(threes.first?.truncated == true)
  }

  @Test func aLongChainDoesNotOverflowTheStack() throws {
    let count = 20_000
    let made = try issues((0..<count).map { $0 == 0 ? [] : [$0 - 1] })
    let graph = IssueGraph(made)
    var node = graph.tree(from: made[count - 1].id, .upstream)
    var depth = 0
    while let child = node.children.first {
      node = child
      depth += 1
    }
    #expect(depth == count - 1)
    #expect(graph.tree(from: made[0].id, .downstream, depth: 5).allNodes.count == 6)
    #expect(graph.neighbourhood(of: made[100].id, depth: 2).count == 5)
    #expect(graph.neighbourhood(of: made[100].id).count == count)
  }

  @Test func rootsAndExportSelection() throws {
    let made = try issues([[], [0], [], [1, 2]], states: [0: .done, 2: .archived])
    let graph = IssueGraph(made)
    #expect(graph.roots().map(\.id) == [made[0].id, made[2].id])
    let export = GraphExport(graph, selection: graph.neighbourhood(of: made[1].id, depth: 1))
    #expect(export.issues.map(\.id) == [made[0].id, made[1].id, made[3].id])
    #expect(
      export.edges.map { "\($0.from)>\($0.to)" } == [
        "\(made[0].id)>\(made[1].id)", "\(made[1].id)>\(made[3].id)",
      ])
  }

  @Test(arguments: [
    (#"a "b" \c"#, #""a \"b\" \\c""#), ("two\nlines", #""two\nlines""#), ("[x] {y}", #""[x] {y}""#),
  ])
  func dotStringsAreEscaped(_ input: String, _ expected: String) {
    #expect(GraphExport.dotString(input) == expected)
  }

  @Test func mermaidTextHasNoSyntaxLeft() {
    let text = GraphExport.mermaidText(#"a "b" <i>&#9; `x` [y]"#)
    #expect(text == "a #quot;b#quot; #lt;i#gt;#amp;#35;9; #96;x#96; [y]")
  }
}

/// The times `--since` and `--until` take.
@Suite struct TimeExpressionTests {
  let now = Timestamp(millisecondsSince1970: 1_764_270_000_000)

  @Test(arguments: [
    ("30s", 30_000), ("30m", 1_800_000), ("1h", 3_600_000), ("2d", 172_800_000), ("1w", 604_800_000),
  ])
  func durationsCountBackFromNow(_ text: String, _ milliseconds: Int64) throws {
    #expect(try TimeExpression.parse(text, now: now) == now.adding(milliseconds: -milliseconds))
  }

  @Test func absoluteTimes() throws {
    #expect(
      try TimeExpression.parse("2025-11-27T19:00:00Z", now: now).description == "2025-11-27T19:00:00.000Z")
    #expect(try TimeExpression.parse("2025-11-27", now: now).description == "2025-11-27T00:00:00.000Z")
  }

  @Test(arguments: ["", "h", "1y", "-1h", "yesterday", "2025-13-01", "1.5h"])
  func nonsenseIsRefused(_ text: String) {
    #expect(throws: JitError.self) { try TimeExpression.parse(text, now: now) }
  }
}

/// Reading a growing log.
@Suite struct EventLogCursorTests {
  @Test func partialLinesWaitAndReplacedFilesAreReadAgain() throws {
    let directory = NSTemporaryDirectory() + "/jit-cursor-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/events.jsonl"
    func line(_ id: String) -> String { #"{"ts":"2025-11-27T19:00:00Z","event":"x","event_id":"\#(id)"}"# }
    var cursor = EventLogCursor(path: path)
    #expect(try cursor.poll().events.isEmpty)  // no file yet
    try FileSystem.append(Array((line("A") + "\n" + line("B")).utf8), to: path)
    #expect(try cursor.poll().events.map(\.eventID) == ["A"])  // B has no newline yet
    try FileSystem.append(Array(("\n" + "garbage\n" + line("A") + "\n").utf8), to: path)
    let next = try cursor.poll()
    #expect(next.events.map(\.eventID) == ["B"])  // the duplicate A is dropped
    #expect(next.malformed.map(\.line) == [3])
    try FileSystem.writeAtomically(Array((line("A") + "\n" + line("C") + "\n").utf8), to: path)
    let replaced = try cursor.poll()
    #expect(replaced.restarted)
    #expect(replaced.events.map(\.eventID) == ["C"])
  }

  @Test func lastLinesReadsOnlyTheEnd() throws {
    let directory = NSTemporaryDirectory() + "/jit-cursor-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/events.jsonl"
    let lines = (0..<50).map { #"{"ts":"2025-11-27T19:00:00Z","event":"x","event_id":"E\#($0)"}"# }
    try FileSystem.append(Array((["not json"] + lines + [""]).joined(separator: "\n").utf8), to: path)
    var cursor = EventLogCursor(path: path)
    let batch = try cursor.poll(lastLines: 3)
    #expect(batch.events.map(\.eventID) == ["E47", "E48", "E49"])
    #expect(batch.malformed.isEmpty)  // the bad first line was never read
    try FileSystem.append(Array((lines[0].replacing("E0", with: "NEW") + "\n").utf8), to: path)
    #expect(try cursor.poll().events.map(\.eventID) == ["NEW"])
  }

  /// `events tail --follow -n 0` across a `git checkout` that replaces the log: only what is new
  /// since the follower's place, never the older events of the other branch.
  @Test func aReplacedLogIsFollowedFromTheCursorsPlace() throws {
    let directory = NSTemporaryDirectory() + "/jit-cursor-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/events.jsonl"
    func line(_ id: String, _ second: Int) -> String {
      #"{"ts":"2025-11-27T19:00:\#(String(format: "%02d", second))Z","event":"x","event_id":"\#(id)"}"#
    }
    try FileSystem.append(
      Array([line("A", 1), line("B", 2), line("C", 3), ""].joined(separator: "\n").utf8), to: path)
    var cursor = EventLogCursor(path: path)
    #expect(try cursor.poll(lastLines: 0).events.isEmpty)  // -n 0: none printed, the place is C
    // The other branch's log: an older event of its own, the shared ones, then two new ones.
    try FileSystem.writeAtomically(
      Array(
        [line("OLD", 0), line("A", 1), line("B", 2), line("C", 3), line("D", 4), line("E", 5), ""]
          .joined(separator: "\n").utf8), to: path)
    let after = try cursor.poll()
    #expect(after.restarted)
    #expect(after.events.map(\.eventID) == ["D", "E"])
    // A log without the place: only what is newer than it.
    try FileSystem.writeAtomically(
      Array([line("OTHER", 2), line("F", 6), ""].joined(separator: "\n").utf8), to: path)
    #expect(try cursor.poll().events.map(\.eventID) == ["F"])
  }
}
