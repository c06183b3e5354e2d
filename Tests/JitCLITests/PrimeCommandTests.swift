import Foundation
import JitTestSupport
import Testing

/// `jit prime`: the primer an agent reads first, under 1,500 characters of text.
@Suite struct PrimeCommandTests {
  @Test func thePrimerStaysUnder1500CharactersWithTheLongestContent() throws {
    let repo = try TemporaryRepository()
    let long = String(repeating: "a very long title ", count: 20)
    var ids: [String] = []
    for index in 0..<12 { ids.append(try repo.create("\(index) \(long)", "--priority", "high")) }
    let name = "agent:" + String(repeating: "w", count: 120)
    for id in ids.prefix(5) { _ = try repo.run("issue", "claim", id, "--to", name, "--json").object() }
    let text = repo.run("prime", "--by", name)
    #expect(text.status == 0)
    #expect(text.stdout.count < 1500, "\(text.stdout.count) characters")
    #expect(text.stdout.contains("Never edit .jit/ by hand"))
    #expect(text.stdout.contains("Claim before you work"))
    #expect(text.stdout.contains("Ready (5 of 7)"))
    #expect(text.stdout.contains(String(ids[0].suffix(8))), "what the caller holds")
    #expect(text.stdout.contains(String(ids[5].suffix(8))), "the most urgent ready work")
    #expect(!text.stdout.contains(String(ids[11].suffix(8))), "only the top five")
  }

  @Test func theJSONPrimerListsHeldAndReadyWork() throws {
    let repo = try TemporaryRepository()
    let mine = try repo.create("mine")
    let open = try repo.create("open")
    _ = try repo.run("issue", "claim", mine, "--to", "w1", "--json").object()
    let primer = try repo.run("prime", "--by", "w1", "--json").object()
    #expect(primer["actor"] as? String == "agent:w1")
    #expect((primer["held"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [mine])
    #expect((primer["ready"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [open])
    #expect(primer["ready_total"] as? Int == 1)
    #expect((primer["rules"] as? [String])?.count == 3)
    #expect((primer["commands"] as? [String])?.contains("jit issue complete ID --by agent:w1") == true)
  }

  @Test func aPrimerNeedsNoKnownActor() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("open")
    let text = repo.run("prime", environment: ["JIT_ACTOR": "", "USER": ""])
    #expect(text.status == 0)
    #expect(text.stdout.contains("You: unknown"))
    #expect(repo.run("prime", "--by", "bad name").errorCode == nil)
    #expect(repo.run("prime", "--by", "bad name", "--json").errorCode == "INVALID_ACTOR")
  }
}
