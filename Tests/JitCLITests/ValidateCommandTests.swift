import Foundation
import JitTestSupport
import Testing

/// `jit validate`: a clean repository, then each hand-made corruption on its own.
@Suite struct ValidateCommandTests {
  /// A repository that validates clean: gates `design` (precheck) and `review`; `alpha` (ready,
  /// requires review) and `beta` (backlog, depends on alpha).
  struct Fixture {
    let repo: TemporaryRepository
    let alpha: String
    let beta: String

    init() throws {
      repo = try TemporaryRepository()
      try repo.defineGates()
      alpha = try repo.create("alpha", "--gate", "review")
      beta = try repo.create("beta", "--dep", alpha)
    }
  }

  /// One way a person or a merge can break a repository, and what validate must say about it.
  enum Corruption: String, CaseIterable, Sendable {
    case unparsableFile, idMismatch, strayFile, danglingDependency, cycle, unknownGate, gateStatusNotRequired
    case malformedAssignee, malformedGateActor, derivedStateWrong, gatedWithGatesPassed, doneWithGatePending
    case archivedDependency, malformedEvent, invalidGates, unsafePluginName, indexWithoutVersion, futureSchema

    var expected: (code: String, status: Int32) {
      switch self {
      case .unparsableFile: return ("PARSE_ERROR", 4)
      case .idMismatch: return ("ID_MISMATCH", 4)
      case .strayFile: return ("UNEXPECTED_FILE", 0)
      case .danglingDependency: return ("DANGLING_DEPENDENCY", 4)
      case .cycle: return ("CYCLE", 4)
      case .unknownGate: return ("UNKNOWN_GATE", 4)
      case .gateStatusNotRequired: return ("GATE_STATUS_NOT_REQUIRED", 0)
      case .malformedAssignee, .malformedGateActor: return ("MALFORMED_ACTOR", 4)
      case .derivedStateWrong, .gatedWithGatesPassed, .doneWithGatePending: return ("STATE_MISMATCH", 4)
      case .archivedDependency: return ("ARCHIVED_DEPENDENCY", 0)
      case .malformedEvent: return ("MALFORMED_EVENT", 4)
      case .invalidGates, .unsafePluginName: return ("INVALID_GATES", 4)
      case .indexWithoutVersion: return ("INVALID_INDEX", 4)
      case .futureSchema: return ("UNSUPPORTED_SCHEMA", 4)
      }
    }

    func apply(to fixture: Fixture) throws {
      let repo = fixture.repo
      let (alpha, beta) = (fixture.alpha, fixture.beta)
      switch self {
      case .unparsableFile:
        try repo.write("{ \"id\": \"\(alpha)\", ", to: "issues/\(alpha).json")
      case .idMismatch:
        try repo.editIssue(beta) { $0["id"] = "01ARZ3NDEKTSV4RRFFQ69G5FAV" }
      case .strayFile:
        try repo.write("notes", to: "issues/notes.txt")
      case .danglingDependency:
        try repo.editIssue(beta) { $0["dependencies"] = [alpha, "01ARZ3NDEKTSV4RRFFQ69G5FAV"] }
      case .cycle:
        try repo.editIssue(alpha) {
          $0["dependencies"] = [beta]
          $0["state"] = "backlog"
        }
      case .unknownGate:
        try repo.editIssue(alpha) {
          $0["gates_required"] = ["review", "security-scan"]
          $0["gates_status"] = ["review": ["status": "pending"], "security-scan": ["status": "pending"]]
        }
      case .gateStatusNotRequired:
        try repo.editIssue(beta) { $0["gates_status"] = ["review": ["status": "passed"]] }
      case .malformedAssignee:
        try repo.editIssue(alpha) { $0["assignee"] = "nobody" }
      case .malformedGateActor:
        try repo.editIssue(alpha) {
          $0["gates_status"] = ["review": ["status": "passed", "updated_by": "alice at home"]]
        }
      case .derivedStateWrong:
        try repo.editIssue(beta) { $0["state"] = "ready" }
      case .gatedWithGatesPassed:
        try repo.editIssue(alpha) {
          $0["state"] = "gated"
          $0["gates_status"] = ["review": ["status": "passed", "updated_by": "human:bob"]]
        }
      case .doneWithGatePending:
        try repo.editIssue(alpha) { $0["state"] = "done" }
      case .archivedDependency:
        try repo.editIssue(alpha) { $0["state"] = "archived" }
      case .malformedEvent:
        try repo.append("<<<<<<< HEAD\n", to: "events.jsonl")
      case .invalidGates:
        try repo.write("{ \"review\": ", to: "gates.json")
      case .unsafePluginName:
        try repo.write(
          """
          {
            "design": {"key": "design", "title": "Design approved", "stage": "precheck"},
            "review": {"key": "review", "title": "Code review", "auto": true, "plugin": "../../bin/sh"}
          }
          """, to: "gates.json")
      case .indexWithoutVersion:
        try repo.write("{ \"next_id_hint\": null }\n", to: "index.json")
      case .futureSchema:
        try repo.write("{ \"schema_version\": 99 }\n", to: "index.json")
      }
    }
  }

  @Test func aFreshRepositoryIsValid() throws {
    let fixture = try Fixture()
    let result = fixture.repo.run("validate", "--json")
    #expect(result.status == 0)
    let report = try result.object()
    #expect(report["valid"] as? Bool == true)
    #expect(report["errors"] as? Int == 0)
    #expect(report["warnings"] as? Int == 0)
    #expect((report["diagnostics"] as? [Any])?.isEmpty == true)
    #expect(report["issues_checked"] as? Int == 2)
    #expect(fixture.repo.run("validate").stdout.contains("OK: 2 issues checked, no problems found"))
  }

  @Test(.enabled(if: RepositoryStore.onFiles), arguments: Corruption.allCases)
  func eachCorruptionIsFoundWithItsCode(_ corruption: Corruption) throws {
    let fixture = try Fixture()
    try corruption.apply(to: fixture)
    let before = try fixture.repo.snapshot()
    let result = fixture.repo.run("validate", "--json")
    let (code, status) = corruption.expected
    #expect(result.status == status, "\(result.stdout)")
    let report = try result.object()
    let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
    #expect(Set(diagnostics.compactMap { $0["code"] as? String }) == [code], "\(diagnostics)")
    #expect(report["valid"] as? Bool == (status == 0))
    for diagnostic in diagnostics {
      #expect(["error", "warning"].contains(diagnostic["severity"] as? String))
      #expect((diagnostic["path"] as? String)?.hasPrefix(".jit/") == true)
      #expect((diagnostic["message"] as? String)?.isEmpty == false)
      #expect(diagnostic["fixable"] is Bool)
    }
    // Validation only reads.
    #expect(try fixture.repo.snapshot() == before)
    // People get the same findings, one per diagnostic, with the code and the file.
    let text = fixture.repo.run("validate")
    #expect(text.status == status)
    #expect(text.stdout.contains(code))
  }

  @Test(.enabled(if: RepositoryStore.onFiles)) func everyBrokenFileIsReportedNotJustTheFirst() throws {
    let fixture = try Fixture()
    try fixture.repo.write("not json", to: "issues/\(fixture.alpha).json")
    try fixture.repo.write("[]", to: "issues/\(fixture.beta).json")
    let report = try fixture.repo.run("validate", "--json").object()
    let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 2)
    #expect(Set(diagnostics.compactMap { $0["id"] as? String }) == [fixture.alpha, fixture.beta])
    #expect(report["errors"] as? Int == 2)
  }

  @Test func fixRepairsStatesAndRecordsEachRepair() throws {
    let fixture = try Fixture()
    let repo = fixture.repo
    // gamma is stored ready, but it waits on beta; alpha is gated with its only gate passed, so it
    // is done, after which beta (stored backlog, correctly until then) becomes ready.
    let gamma = try repo.create("gamma", "--dep", fixture.beta)
    try repo.editIssue(gamma) { $0["state"] = "ready" }
    try repo.editIssue(fixture.alpha) {
      $0["state"] = "gated"
      $0["gates_status"] = ["review": ["status": "passed", "updated_by": "human:bob"]]
    }
    let before = repo.run("validate", "--json")
    #expect(before.status == 4)
    let mismatches = try #require(try before.object()["diagnostics"] as? [[String: Any]])
    #expect(mismatches.count == 2)
    #expect(mismatches.allSatisfy { $0["fixable"] as? Bool == true })

    let eventsBefore = try repo.events().count
    let fixed = repo.run("validate", "--fix", "--json")
    #expect(fixed.status == 0, "\(fixed.stdout)")
    let report = try fixed.object()
    #expect(report["valid"] as? Bool == true)
    let repairs = try #require(report["repairs"] as? [[String: Any]])
    let changes = Set(
      repairs.compactMap { repair in
        (repair["id"] as? String).map { "\($0):\(repair["from"] ?? ""):\(repair["to"] ?? "")" }
      })
    #expect(
      changes == [
        "\(fixture.alpha):gated:done", "\(fixture.beta):backlog:ready", "\(gamma):ready:backlog",
      ])
    #expect(try repo.state(fixture.alpha) == "done")
    #expect(try repo.state(fixture.beta) == "ready")
    #expect(try repo.state(gamma) == "backlog")
    let events = try repo.events().dropFirst(eventsBefore)
    #expect(events.count == 3)
    #expect(events.allSatisfy { $0["event"] as? String == "issue.state_changed" })
    #expect(events.allSatisfy { $0["reason"] as? String == "validate --fix" })
    #expect(events.allSatisfy { $0["by"] as? String == "human:tester" })

    // Nothing left to repair: a second --fix writes nothing.
    let snapshot = try repo.snapshot()
    #expect(repo.run("validate", "--fix").status == 0)
    #expect(try repo.snapshot() == snapshot)
  }

  @Test func fixLeavesWhatItCannotRepairAndStillFails() throws {
    let fixture = try Fixture()
    try fixture.repo.editIssue(fixture.alpha) { $0["state"] = "done" }  // review is pending
    let snapshot = try fixture.repo.snapshot()
    let result = fixture.repo.run("validate", "--fix", "--json")
    #expect(result.status == 4)
    let report = try result.object()
    // beta (backlog, but its dependency now counts as done) is repaired to ready; alpha is not.
    let repairs = try #require(report["repairs"] as? [[String: Any]])
    #expect(repairs.compactMap { $0["id"] as? String } == [fixture.beta])
    let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
    let unfixable = diagnostics.filter { $0["id"] as? String == fixture.alpha }
    #expect(unfixable.count == 1)
    #expect(unfixable.first?["fixable"] as? Bool == false)
    #expect((unfixable.first?["message"] as? String)?.contains("jit issue reopen") == true)
    #expect(try fixture.repo.state(fixture.beta) == "ready")
    #expect(try fixture.repo.snapshot() != snapshot)
  }
}
