import Foundation
import JitCore
import JitTestSupport
import Testing

/// `jit events tail|query`, over a log written by hand with known times.
@Suite struct EventsCommandTests {
  static let alpha = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
  static let beta = "01BX5ZZKBKACTAV9WEVGEM5FAV"

  /// Six events at known moments before now, one malformed line, and one duplicate (a union merge).
  func makeRepository() throws -> TemporaryRepository {
    let repo = try TemporaryRepository()
    let now = Timestamp(Date())
    func at(_ minutesAgo: Int64) -> String { now.adding(milliseconds: -minutesAgo * 60_000).description }
    let lines = [
      #"{"ts":"\#(at(3 * 24 * 60))","event":"issue.created","event_id":"E1","id":"\#(Self.alpha)","by":"human:alice","title":"alpha"}"#,
      #"{"ts":"\#(at(120))","event":"issue.claimed","event_id":"E2","id":"\#(Self.alpha)","by":"agent:copilot-1","assignee":"agent:copilot-1"}"#,
      #"{"ts":"\#(at(90))","event":"gate.failed","event_id":"E3","id":"\#(Self.alpha)","by":"ci:github","gate":"unit-tests"}"#,
      "<<<<<<< HEAD",
      #"{"ts":"\#(at(45))","event":"gate.failed","event_id":"E4","id":"\#(Self.beta)","by":"ci:github","gate":"lint"}"#,
      #"{"ts":"\#(at(20))","event":"issue.claimed","event_id":"E5","id":"\#(Self.beta)","by":"agent:copilot-2","assignee":"agent:copilot-2"}"#,
      #"{"ts":"\#(at(5))","event":"gate.passed","event_id":"E6","id":"\#(Self.beta)","by":"human:bob","gate":"lint"}"#,
      #"{"ts":"\#(at(5))","event":"gate.passed","event_id":"E6","id":"\#(Self.beta)","by":"human:bob","gate":"lint"}"#,
    ]
    if repo.store == .files {
      try repo.write(lines.joined(separator: "\n") + "\n", to: "events.jsonl")
    } else {
      // A database's log has neither malformed lines nor duplicates: the six events.
      let events = try lines.filter { $0.hasPrefix("{") }.dropLast().map {
        try JSONCoding.decodeFile(Event.self, Array($0.utf8), path: "events")
      }
      try repo.openStore().write { try $0.append(events) }
    }
    return repo
  }

  /// The event ids that `events query <arguments> --json` prints, one JSON object per line.
  func query(_ repo: TemporaryRepository, _ arguments: String...) throws -> [String] {
    let result = repo.run(["events", "query", "--json"] + arguments)
    #expect(result.status == 0, "\(arguments): \(result.stderr)")
    return try result.stdout.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return try #require(object?["event_id"] as? String)
    }
  }

  @Test func eachFilterAlone() throws {
    let repo = try makeRepository()
    #expect(try query(repo) == ["E1", "E2", "E3", "E4", "E5", "E6"])
    #expect(try query(repo, "--since", "1h") == ["E4", "E5", "E6"])
    #expect(try query(repo, "--since", "30m") == ["E5", "E6"])
    #expect(try query(repo, "--since", "2d") == ["E2", "E3", "E4", "E5", "E6"])
    #expect(try query(repo, "--until", "1h") == ["E1", "E2", "E3"])
    #expect(try query(repo, "--since", "2020-01-01", "--until", "2020-01-02T00:00:00Z").isEmpty)
    #expect(try query(repo, "--event", "gate.failed") == ["E3", "E4"])
    #expect(try query(repo, "--event", "gate.failed", "--event", "gate.passed") == ["E3", "E4", "E6"])
    #expect(try query(repo, "--assignee", "agent:copilot-1") == ["E2"])
    #expect(try query(repo, "--assignee", "copilot-2") == ["E5"])
    #expect(try query(repo, "--issue", String(Self.alpha.suffix(6))) == ["E1", "E2", "E3"])
    #expect(try query(repo, "--issue", Self.beta.lowercased()) == ["E4", "E5", "E6"])
    #expect(try query(repo, "--by", "ci:github") == ["E3", "E4"])
    #expect(try query(repo, "--by", "bob") == ["E6"])
    #expect(try query(repo, "--limit", "2") == ["E5", "E6"])
  }

  @Test func filtersCombine() throws {
    let repo = try makeRepository()
    #expect(try query(repo, "--since", "1h", "--event", "gate.failed") == ["E4"])
    #expect(try query(repo, "--issue", Self.alpha, "--event", "gate.failed", "--by", "ci:github") == ["E3"])
    #expect(try query(repo, "--issue", Self.alpha, "--since", "1h").isEmpty)
    #expect(try query(repo, "--assignee", "copilot-1", "--event", "gate.failed").isEmpty)
  }

  @Test(.enabled(if: RepositoryStore.onFiles)) func malformedLinesAreWarningsAndDuplicatesAreDropped() throws
  {
    let repo = try makeRepository()
    let result = repo.run("events", "query")
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning: .jit/events.jsonl:4 is not a valid event"))
    #expect(result.stdout.split(separator: "\n").count == 6)
    #expect(result.stdout.contains("gate.failed  \(Self.alpha.suffix(8))  ci:github  gate=unit-tests"))
  }

  @Test func badFiltersAreUsageErrors() throws {
    let repo = try makeRepository()
    for arguments in [
      ["--since", "yesterday"], ["--until", "5x"], ["--by", "a:b:c"], ["--assignee", "bad name"],
      ["--issue", "../etc"], ["--limit", "-1"],
    ] {
      let result = repo.run(["events", "query", "--json"] + arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.errorCode != nil, "\(arguments)")
    }
    // A suffix that names two issues in the log is ambiguous.
    let ambiguous = repo.run("events", "query", "--issue", "5FAV", "--json")
    #expect(ambiguous.status == 2)
    #expect(ambiguous.errorCode == "AMBIGUOUS_ID")
  }

  @Test func tailPrintsTheLatestEvents() throws {
    let repo = try makeRepository()
    let last = repo.run("events", "tail", "-n", "2", "--json")
    #expect(last.status == 0)
    let ids = last.stdout.split(separator: "\n").compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["event_id"] as? String
    }
    #expect(ids == ["E5", "E6"])
    #expect(repo.run("events", "tail").stdout.split(separator: "\n").count == 6)
    #expect(repo.run("events", "tail", "-n", "0").stdout.isEmpty)
    #expect(repo.run("events", "tail", "--timeout", "1").status == 2)
  }

  @Test func tailFollowStopsAtItsTimeout() throws {
    let repo = try makeRepository()
    let started = Date()
    let result = repo.run("events", "tail", "-n", "1", "--follow", "--timeout", "0.3", "--json")
    #expect(result.status == 0)
    #expect(Date().timeIntervalSince(started) < 10)
    #expect(result.stdout.split(separator: "\n").count == 1)
  }

  @Test func realCommandsWriteEventsThatQueryFinds() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("real")
    #expect(repo.run("issue", "claim", id, "--to", "agent:w1").status == 0)
    #expect(try query(repo, "--assignee", "agent:w1", "--event", "issue.claimed").count == 1)
    #expect(try query(repo, "--issue", String(id.suffix(4)), "--since", "1m").count == 3)
  }
}
