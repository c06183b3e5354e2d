import Foundation
import Testing

@testable import JitCore

@Suite struct IdentifierTests {
  @Test func ulidsAreValidSortedAndUnique() throws {
    let generator = ULIDGenerator()
    let now = Date()
    let ids = (0..<1000).map { _ in generator.next(at: now) }
    #expect(Set(ids).count == 1000)
    #expect(ids == ids.sorted())
    for id in ids { #expect(IssueID(id) != nil) }
    #expect(ids[0].count == 26)
  }

  @Test func ulidTimePartFollowsTheClock() {
    let generator = ULIDGenerator()
    let early = generator.next(at: Date(timeIntervalSince1970: 1_000_000))
    let late = generator.next(at: Date(timeIntervalSince1970: 2_000_000))
    #expect(early.prefix(10) < late.prefix(10))
  }

  @Test(arguments: [
    "../../etc/passwd", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARZ3NDEKTSV4RRFFQ69G5FAVX",
    "01ARZ3NDEKTSV4RRFFQ69G5FA/", "", "01ARZ3NDEKTSV4RRFFQ69G5FIL",
  ])
  func invalidFullIDsAreRejected(_ text: String) {
    #expect(IssueID(text) == nil)
  }

  @Test func idsAreCaseInsensitiveAndShortFormIsTheTail() throws {
    let id = try #require(IssueID("01arz3ndektsv4rrffq69g5fav"))
    #expect(id.rawValue == "01ARZ3NDEKTSV4RRFFQ69G5FAV")
    #expect(id.short == "Q69G5FAV")
  }

  @Test(arguments: ["abc", "../x", "a/bc", "FAV!", "", "    "])
  func badReferencesAreRejectedBeforeAnyPathIsBuilt(_ text: String) {
    #expect(throws: JitError.self) { try IssueReference(text) }
  }

  @Test(arguments: [
    ("human:alice", true), ("agent:copilot-1", true), ("ci:github-actions", true), ("alice", false),
    (":alice", false), ("human:", false), ("Human:alice", false), ("human:al ice", false),
  ])
  func actorsMustBeTypeColonIdentifier(_ text: String, _ valid: Bool) {
    #expect((Actor(text) != nil) == valid)
  }

  @Test func timestampsRoundTrip() throws {
    let stamp = Timestamp(millisecondsSince1970: 1_764_270_000_123)
    #expect(stamp.description == "2025-11-27T19:00:00.123Z")
    #expect(Timestamp(iso8601: stamp.description) == stamp)
    #expect(Timestamp(iso8601: "2025-11-27T19:00:00Z")?.millisecondsSince1970 == 1_764_270_000_000)
    #expect(Timestamp(iso8601: "2025-13-27T19:00:00Z") == nil)
    #expect(Timestamp(iso8601: "yesterday") == nil)
  }
}

@Suite struct JSONCodingTests {
  @Test func emptyContainersAreWrittenCompactly() throws {
    struct Sample: Encodable {
      var empty: [String: String] = [:]
      var list: [Int] = []
      var text = "{\\n\\n}"
      var nested = ["a": [Int]()]
    }
    let text = String(decoding: try JSONCoding.encodeFile(Sample()), as: UTF8.self)
    #expect(text.contains("\"empty\" : {}"))
    #expect(text.contains("\"list\" : []"))
    #expect(text.contains("\"a\" : []"))
    #expect(text.contains(#""text" : "{\\n\\n}""#))
    #expect(!text.contains("\n\n"))
  }
}
