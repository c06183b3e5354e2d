import Foundation
import JitCore
import JitTestSupport
import JitWire
import Testing

/// `IssueJSON`, JitCore's fast path for answers that list issues (the index keeps its pieces
/// ready-made), against `IssueView`, the wire's one issue type: every key the view emits, for
/// generated issues, must come out of the fast path with the same JSON.
@Suite struct IssueViewFastPathTests {
  static let texts = [
    "plain", "with \"quotes\" and \\ backslash", "line\nbreak\ttab", "ünïcødé ✓ 🚀", "", "\u{0}\u{1f}",
    "</script> & #35; [x] {y}", "slash/and\\/",
  ]

  /// Every key an issue view can have; the generated issues must show each of them.
  static let viewKeys: Set<String> = [
    "archived_from", "assignee", "blocked", "blocked_by", "context", "created_at", "dependencies",
    "description", "gates_required", "gates_status", "id", "priority", "short_id", "state", "title",
    "updated_at",
  ]

  /// An issue with every optional field chosen at random, strings included.
  func sample(_ seed: Int, ids: ULIDGenerator, among earlier: [JitCore.Issue]) throws -> JitCore.Issue {
    var generator = SeededGenerator(seed: UInt64(seed))
    let now = Timestamp(millisecondsSince1970: 1_764_270_000_000 + Int64(seed))
    func text() -> String { Self.texts.randomElement(using: &generator) ?? "" }
    let gates = ["review", "unit-tests", "design", "gone"].filter { _ in generator.chance(40) }
    var dependencies = (0..<generator.below(3)).compactMap { _ in earlier.randomElement(using: &generator)?.id
    }
    if generator.chance(10) { dependencies.append(try IssueID(validating: ids.next(at: now.date))) }
    var issue = JitCore.Issue(
      id: try IssueID(validating: ids.next(at: now.date)), title: text() + "x", description: text(),
      state: IssueState.allCases.randomElement(using: &generator) ?? .ready,
      priority: Priority.allCases.randomElement(using: &generator) ?? .normal,
      assignee: generator.chance(50) ? try Actor(validating: "agent:w-\(seed)") : nil,
      dependencies: dependencies, gatesRequired: gates,
      context: generator.chance(50) ? ["epic": text(), text(): "v"] : [:], createdAt: now,
      updatedAt: now.adding(milliseconds: 5))
    for gate in gates where generator.chance(70) {
      let evidence =
        generator.chance(50)
        ? GateEvidence(
          source: "command", message: generator.chance(50) ? text() : nil,
          exitCode: generator.chance(50) ? Int32(generator.below(256)) : nil,
          durationMs: Int64(generator.below(100_000)), outputTail: text(),
          commit: generator.chance(50) ? "0123abcd" : nil,
          artifact: generator.chance(30) ? "out/junit.xml" : nil,
          figures: generator.chance(30)
            ? ["tests": .int(12), "ratio": .double(0.5), "tool": .string(text())] : nil)
        : nil
      issue.gatesStatus[gate] = GateStatus(
        status: GateState.allCases.randomElement(using: &generator) ?? .pending,
        updatedBy: generator.chance(50) ? try Actor(validating: "human:bob") : nil,
        updatedAt: generator.chance(50) ? now : nil, evidence: evidence)
    }
    if issue.state == .archived && generator.chance(70) {
      issue.archivedFrom = IssueState.allCases.randomElement(using: &generator)
    }
    // Fields a newer jit wrote: kept and printed, wherever they sort.
    for key in ["category", "zz_newer_field"] where generator.chance(10) {
      issue.otherFields[key] = .object(["n": .int(1), "s": .string(text())])
    }
    return issue
  }

  /// The generated issues and the repositories `SyntheticRepository` writes, read back from disk.
  func issues() throws -> [JitCore.Issue] {
    let ids = ULIDGenerator()
    var made: [JitCore.Issue] = []
    for seed in 0..<300 { made.append(try sample(seed, ids: ids, among: made)) }
    for seed: UInt64 in [42, 7] {
      let directory = try TemporaryDirectory()
      try SyntheticRepository.generate(at: directory.path, count: 200, seed: seed)
      let layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
      for name in try FileManager.default.contentsOfDirectory(atPath: layout.issuesDirectory).sorted()
      where name.hasSuffix(".json") {
        let path = layout.issuesDirectory + "/" + name
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        made.append(try JSONCoding.decodeFile(JitCore.Issue.self, bytes, path: path))
      }
    }
    return made
  }

  func json(_ bytes: [UInt8]) throws -> [String: JSONValue] {
    guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
      throw HarnessError("not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
    }
    return object
  }

  @Test func theFastPathGivesEveryKeyOfTheViewTheSameJSON() throws {
    let issues = try issues()
    let byID = Dictionary(issues.map { ($0.id, $0) }) { first, _ in first }
    let readiness = ReadinessEvaluator(gates: SyntheticRepository.gates) { byID[$0] }
    var seen: Set<String> = []
    for issue in issues {
      for reasons in [nil, try readiness.blockers(issue)] {
        let wire = try json(try WireEncoder.documentBytes(IssueView(issue, blockedBy: reasons)))
        var element: [UInt8] = []
        IssueJSON.append(try QueryRow(issue, reasons: reasons), to: &element)
        let fast = try json(element)
        for (key, value) in wire {
          #expect(fast[key] == value, "\(issue.id) \(key): fast path \(String(describing: fast[key]))")
        }
        #expect(Set(fast.keys) == Set(wire.keys), "\(issue.id)")
        seen.formUnion(wire.keys)
      }
    }
    #expect(Self.viewKeys.isSubset(of: seen), "never generated: \(Self.viewKeys.subtracting(seen))")
  }
  /// A stored field the fast path does not know, sorting between `assignee` and `context`, keeps its
  /// sorted place after `blocked` and `blocked_by`, as the wire encoder writes it.
  @Test func aNewerFieldSortedBeforeContextKeepsItsPlace() throws {
    var issue = JitCore.Issue(
      id: try IssueID(validating: "01M8RDFT2DB5GQT5RD6R0FJ1DN"), title: "x",
      createdAt: Timestamp(millisecondsSince1970: 1))
    issue.otherFields["category"] = .string("c")
    let reasons = BlockingReasons(gates: [GateBlocker(key: "g", status: .pending, stage: .precheck)])
    let wire = try WireEncoder.document([IssueView(issue, blockedBy: reasons)])
    let fast = String(decoding: IssueJSON.array([try QueryRow(issue, reasons: reasons)]), as: UTF8.self)
    #expect(fast == wire)
  }

  /// The streamed JSON is byte for byte what the wire encoder writes for the same views.
  @Test func streamedJSONEqualsTheEncoder() throws {
    let actor = try Actor(validating: "agent:x")
    let tricky = "quote \" backslash \\ slash / tab \t newline \n bell \u{07} del \u{7F} é 🚀 \u{1F}"
    var issues: [JitCore.Issue] = []
    for index in 0..<4 {
      issues.append(
        JitCore.Issue(
          id: try IssueID(validating: String(repeating: "0", count: 24) + "A\(index)"),
          title: tricky + "\(index)",
          description: index % 2 == 0 ? "" : tricky, state: .backlog, priority: .high,
          assignee: index == 1 ? actor : nil,
          gatesRequired: index == 2 ? ["review"] : [],
          gatesStatus: index == 2
            ? [
              "review": GateStatus(
                status: .failed, updatedBy: actor, evidence: GateEvidence(source: "manual", message: tricky))
            ]
            : [:],
          context: index == 3 ? ["k": tricky] : [:], createdAt: Timestamp(millisecondsSince1970: Int64(index))
        ))
    }
    let reasons = [
      BlockingReasons(
        dependencies: [DependencyBlocker(id: issues[0].id, title: tricky, state: "in_progress")],
        gates: [GateBlocker(key: "review", status: .failed, stage: .postcheck)]),
      BlockingReasons(dependencies: [DependencyBlocker(id: issues[1].id, title: nil, state: "missing")]),
      BlockingReasons(gates: [GateBlocker(key: "gone", status: .pending, stage: nil)]),
      nil,
    ]
    let rows = try zip(issues, reasons).map { try QueryRow($0, reasons: $1) }
    let expected = try WireEncoder.document(zip(issues, reasons).map { IssueView($0, blockedBy: $1) })
    #expect(String(decoding: IssueJSON.array(rows), as: UTF8.self) == expected)
    #expect(String(decoding: IssueJSON.array([]), as: UTF8.self) == (try WireEncoder.document([IssueView]())))
    #expect(IssueJSON.quoted(tricky) == (try WireEncoder.document([tricky])).dropFirst(4).dropLast(2))
  }
}
