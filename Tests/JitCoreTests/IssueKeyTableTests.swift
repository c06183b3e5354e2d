import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// One definition of what an issue file holds: the fast reader must know every key the model codes,
/// so a field added to `Issue` (as `archived_from` once was) cannot silently send every file of that
/// kind to the slow decoder.
@Suite struct IssueKeyTableTests {
  /// An issue with every stored field set (gate figures aside: the fast reader leaves them to the
  /// decoder on purpose).
  func full() throws -> JitCore.Issue {
    let now = Timestamp(millisecondsSince1970: 1_764_270_000_000)
    let ids = ULIDGenerator()
    var evidence = GateEvidence(
      source: "command", message: "m", exitCode: 1, durationMs: 2, outputTail: "t", commit: "abc",
      artifact: "a.xml", code: CodeState(commit: "abc", dirty: true, tree: "def"))
    evidence.signature = "-----BEGIN SSH SIGNATURE-----\nx\n-----END SSH SIGNATURE-----"
    evidence.signedAt = now
    var issue = JitCore.Issue(
      id: try IssueID(validating: ids.next(at: now.date)), title: "t", description: "d", state: .archived,
      priority: .high, assignee: try Actor(validating: "agent:a"),
      dependencies: [try IssueID(validating: ids.next(at: now.date))], gatesRequired: ["review"],
      gatesStatus: [
        "review": GateStatus(
          status: .failed, updatedBy: try Actor(validating: "human:b"), updatedAt: now, evidence: evidence)
      ], context: ["k": "v"], createdAt: now, updatedAt: now)
    issue.archivedFrom = .done
    issue.heldBy = [try Actor(validating: "agent:a"), try Actor(validating: "agent:c")]
    issue.claimGeneration = 3
    issue.attempts = 2
    issue.externalDependencies = [try ExternalDependency(alias: "api", id: issue.id)]
    issue.hold = Hold(reason: "attempts spent", by: try Actor(validating: "agent:d"), at: now)
    return issue
  }

  func keys(_ object: Any?) -> Set<String> { Set((object as? [String: Any])?.keys.map { $0 } ?? []) }

  @Test func theFastReaderKnowsEveryKeyTheModelCodes() throws {
    let issue = try full()
    let bytes = try JSONCoding.encodeFile(issue)
    let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    // The sample covers every key: a new key in the model fails here until the sample sets it.
    #expect(keys(object) == Set(JitCore.Issue.CodingKeys.allCases.map(\.rawValue)))
    let status = (object?["gates_status"] as? [String: Any])?["review"]
    #expect(keys(status) == Set(GateStatus.CodingKeys.allCases.map(\.rawValue)))
    let evidence = (status as? [String: Any])?["evidence"]
    #expect(
      keys(evidence) == Set(GateEvidence.CodingKeys.allCases.map(\.rawValue)).subtracting(["figures"]))
    // And the fast reader reads all of it, as the decoder does.
    let parsed = try #require(IssueFileParser.parse(bytes), "the fast reader gave up on a file jit wrote")
    #expect(parsed == issue)
    #expect(parsed == (try JSONDecoder().decode(JitCore.Issue.self, from: Data(bytes))))
  }
}
