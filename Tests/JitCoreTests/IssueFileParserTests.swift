import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// The fast issue reader agrees with `JSONDecoder` whenever it answers at all.
@Suite struct IssueFileParserTests {
  static let texts = [
    "plain", "with \"quotes\" and \\ backslash", "line\nbreak\ttab", "ünïcødé ✓ 🚀", "", "\u{0}\u{1f}",
    "</script> & #35; [x] {y}", "slash/and\\/",
  ]

  func decoded(_ bytes: [UInt8]) -> JitCore.Issue? {
    try? JSONDecoder().decode(JitCore.Issue.self, from: Data(bytes))
  }

  func sample(_ seed: Int) throws -> JitCore.Issue {
    var generator = SeededGenerator(seed: UInt64(seed))
    let ids = ULIDGenerator()
    let now = Timestamp(millisecondsSince1970: 1_764_270_000_000 + Int64(seed))
    func text() -> String { Self.texts.randomElement(using: &generator) ?? "" }
    let gates = ["review", "unit-tests", "security"].filter { _ in Bool.random(using: &generator) }
    var issue = JitCore.Issue(
      id: try IssueID(validating: ids.next(at: now.date)), title: text() + "x", description: text(),
      state: IssueState.allCases.randomElement(using: &generator) ?? .ready,
      priority: Priority.allCases.randomElement(using: &generator) ?? .normal,
      assignee: Bool.random(using: &generator) ? try Actor(validating: "agent:w-\(seed)") : nil,
      dependencies: try (0..<Int.random(in: 0...3, using: &generator)).map { _ in
        try IssueID(validating: ids.next(at: now.date))
      }, gatesRequired: gates, context: Bool.random(using: &generator) ? ["epic": text(), text(): "v"] : [:],
      createdAt: now, updatedAt: now.adding(milliseconds: 5))
    for gate in gates {
      let evidence =
        Bool.random(using: &generator)
        ? GateEvidence(
          source: "command", message: Bool.random(using: &generator) ? text() : nil,
          exitCode: Bool.random(using: &generator) ? Int32.random(in: -2...255, using: &generator) : nil,
          durationMs: Int64.random(in: 0...100_000, using: &generator), outputTail: text(),
          commit: Bool.random(using: &generator) ? "0123abcd" : nil) : nil
      issue.gatesStatus[gate] = GateStatus(
        status: GateState.allCases.randomElement(using: &generator) ?? .pending,
        updatedBy: Bool.random(using: &generator) ? try Actor(validating: "human:bob") : nil,
        updatedAt: Bool.random(using: &generator) ? now : nil, evidence: evidence)
    }
    if issue.state == .archived && Bool.random(using: &generator) {
      issue.archivedFrom = IssueState.allCases.randomElement(using: &generator)
    }
    return issue
  }

  @Test func agreesWithTheDecoderOnFilesJitWrites() throws {
    for seed in 0..<300 {
      let issue = try sample(seed)
      let bytes = try JSONCoding.encodeFile(issue)
      let parsed = try #require(IssueFileParser.parse(bytes), "seed \(seed)")
      #expect(parsed == decoded(bytes), "seed \(seed)")
      #expect(parsed == issue, "seed \(seed)")
      // The same object written by another tool: other key order, escaped slashes, no spaces.
      let object = try JSONSerialization.jsonObject(with: Data(bytes))
      let other = [UInt8](try JSONSerialization.data(withJSONObject: object))
      if let reparsed = IssueFileParser.parse(other) { #expect(reparsed == decoded(other), "seed \(seed)") }
    }
  }

  @Test func neverAcceptsWhatTheDecoderRejectsOrReadsDifferently() throws {
    var generator = SeededGenerator(seed: 7)
    let alphabet = Array(#"{}[]",:\ -.0123456789eEtrufalsnu"#.utf8)
    var accepted = 0
    for seed in 0..<2000 {
      var bytes = try JSONCoding.encodeFile(try sample(seed % 50))
      for _ in 0..<Int.random(in: 1...2, using: &generator) {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes.remove(at: position)
        case 1: bytes.insert(alphabet.randomElement(using: &generator) ?? 32, at: position)
        default: bytes[position] = alphabet.randomElement(using: &generator) ?? 32
        }
      }
      guard let parsed = IssueFileParser.parse(bytes) else { continue }
      accepted += 1
      #expect(parsed == decoded(bytes), "\(String(decoding: bytes, as: UTF8.self))")
    }
    #expect(accepted > 0)
  }

  @Test func leavesFiguresAndOddFilesToTheDecoder() throws {
    var issue = try sample(1)
    issue.gatesRequired = ["review"]
    issue.gatesStatus = [
      "review": GateStatus(status: .passed, evidence: GateEvidence(source: "junit", figures: ["tests": 3]))
    ]
    #expect(IssueFileParser.parse(try JSONCoding.encodeFile(issue)) == nil)
    #expect(IssueFileParser.parse(Array("[]".utf8)) == nil)
    // A field it does not know (from a newer jit, say) is left to the decoder, not dropped.
    var text = String(decoding: try JSONCoding.encodeFile(try sample(2)), as: UTF8.self)
    text = text.replacing("\"title\"", with: "\"labels\" : [\"x\"],\n  \"title\"")
    #expect(IssueFileParser.parse(Array(text.utf8)) == nil)
    #expect(decoded(Array(text.utf8)) != nil)
    #expect(IssueFileParser.parse(Array(#"{"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}"#.utf8)) == nil)
  }
}
