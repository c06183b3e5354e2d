import Foundation
import JitTestSupport
import Testing

/// An id typed by its start, which matches nothing as a suffix, gets a hint naming the suffix rule
/// and the ids it begins.
@Suite struct IdHintTests {
  @Test func aPrefixIsAnsweredWithTheSuffixRuleAndTheCandidates() throws {
    let repo = try TemporaryRepository()
    let first = try repo.create("first")
    _ = try repo.create("second")
    let prefix = String(first.prefix(24))
    let result = repo.run("issue", "show", prefix, "--json")
    #expect(result.status == 3)
    #expect(result.errorCode == "ISSUE_NOT_FOUND")
    let details = try #require((try result.object()["error"] as? [String: Any])?["details"] as? [String: Any])
    #expect(details["candidates"] as? [String] == [first])
    #expect(details["prefix_of"] as? Int == 1)
    #expect(result.stderr.contains("an id is matched by its end"))
    #expect(result.stderr.contains("\(first) (\(first.suffix(8)))"))
    // Lower case is the same id; a reference that starts and ends nothing keeps the plain message.
    #expect(repo.run("issue", "show", prefix.lowercased()).stderr.contains("matched by its end"))
    let plain = repo.run("issue", "show", "ZZZZZZZZ", "--json")
    #expect(plain.errorCode == "ISSUE_NOT_FOUND")
    #expect(!plain.stderr.contains("matched by its end"))
  }
}
