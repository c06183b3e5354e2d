import JitApp
import JitCore
import Synchronization
import Testing

/// The follower yields what is appended and ends when its task is cancelled.
@Suite struct EventFollowerTests {
  @Test(.timeLimit(.minutes(1)))
  func yieldsAppendedEventsAndEndsOnCancellation() async throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let before = try app.create(IssueRequest(title: "before"))
    let seen = Mutex<[String]>([])
    let follower = app.follower(lastLines: 1, interval: .milliseconds(20))
    let task = Task {
      for try await batch in follower {
        seen.withLock { $0 += batch.events.map { $0.event + " " + ($0.issueID?.rawValue ?? "-") } }
      }
      return "ended"
    }
    let clock = ContinuousClock()
    // Generous: with the whole suite on two cores, the cooperative pool can be busy for seconds.
    let deadline = clock.now.advanced(by: .seconds(40))
    while clock.now < deadline, seen.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
    let after = try await app.run { try $0.create(IssueRequest(title: "after")) }
    while clock.now < deadline, !seen.withLock({ $0.contains("issue.created \(after.id.rawValue)") }) {
      try await Task.sleep(for: .milliseconds(10))
    }
    #expect(
      seen.withLock { $0 }
        == ["issue.created \(before.id.rawValue)", "issue.created \(after.id.rawValue)"])
    // It ends once cancelled (a follower that never noticed would hang until the time limit); how
    // soon is not asserted: under a loaded suite the cooperative pool can be busy for seconds.
    task.cancel()
    #expect(try await task.value == "ended")
  }

  @Test func pollsSynchronously() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    var follower = app.follower(lastLines: 5)
    #expect(try follower.poll().events.isEmpty)
    let issue = try app.create(IssueRequest(title: "t"))
    #expect(try follower.poll().events.map(\.issueID) == [issue.id])
    #expect(try follower.poll().events.isEmpty)
  }

  @Test func aCancelledTaskGetsNothing() async throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let follower = app.follower()
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      var count = 0
      for try await _ in follower { count += 1 }
      return count
    }
    #expect(try await task.value == 0)
  }
}
