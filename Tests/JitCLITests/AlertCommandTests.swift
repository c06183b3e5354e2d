import Foundation
import JitTestSupport
import Testing

/// `jit alert` through the same parser the binary uses: refusals that write nothing, and receivers
/// that fail without failing the check.
@Suite struct AlertCommandTests {
  @Test(arguments: [
    (
      ["alert", "add", "a", "--condition", "blocked_count >", "--notify", "command:x"], Int32(2),
      "INVALID_CONDITION"
    ),
    (["alert", "add", "a", "--condition", "blockd > 1", "--notify", "command:x"], 2, "UNKNOWN_METRIC"),
    (["alert", "add", "a", "--condition", "blocked_count > 1"], 2, "INVALID_NOTIFY"),
    (["alert", "add", "a", "--condition", "blocked_count > 1", "--notify", "mailto:x"], 2, "INVALID_NOTIFY"),
    (
      ["alert", "add", "a", "--condition", "blocked_count > 1", "--notify", "webhook:ftp://x"], 2,
      "INVALID_NOTIFY"
    ),
    (
      ["alert", "add", "Bad Name", "--condition", "blocked_count > 1", "--notify", "command:x"], 2,
      "INVALID_ARGUMENT"
    ),
    (
      ["alert", "add", "a", "--condition", "blocked_count > 1", "--for", "soon", "--notify", "command:x"], 2,
      "INVALID_ARGUMENT"
    ),
    (["alert", "show", "nosuch"], 3, "ALERT_NOT_FOUND"),
    (["alert", "rm", "nosuch"], 3, "ALERT_NOT_FOUND"),
    (["metrics", "report", "--by", "week"], 2, "INVALID_ARGUMENT"),
    (["metrics", "report", "--format", "xml"], 2, "INVALID_ARGUMENT"),
    (["metrics", "report", "--format", "csv"], 2, "INVALID_ARGUMENT"),  // with --json: JSON only
    (["metrics", "report", "--since", "the dawn of time"], 2, "INVALID_ARGUMENT"),
    (
      ["metrics", "report", "--since", "2026-02-01T00:00:00Z", "--until", "2026-01-01T00:00:00Z"], 2,
      "INVALID_ARGUMENT"
    ),
    (["metrics", "report", "--output", "."], 1, "IO_ERROR"),
    (["metrics", "export", "--output", "no/such/dir/jit.prom"], 1, "IO_ERROR"),
  ])
  func refusesAndWritesNothing(_ arguments: [String], _ status: Int32, _ code: String) throws {
    let repository = try TemporaryRepository()
    _ = try repository.create("one")
    let before = try repository.snapshot().filter { !$0.key.hasPrefix("run/metrics") }
    let result = repository.run(arguments + ["--json"])
    #expect(result.status == status, "\(result.stderr)")
    #expect(result.errorCode == code)
    #expect(result.stderr.hasPrefix("jit: error: "))
    #expect(try repository.snapshot().filter { !$0.key.hasPrefix("run/metrics") } == before)
  }

  @Test func anOutputInAMissingFolderIsSaidOfThePathAskedFor() throws {
    let repository = try TemporaryRepository()
    let result = repository.run("metrics", "export", "--output", "no/such/dir/jit.prom")
    #expect(result.status == 1)
    #expect(result.stderr.contains("no/such/dir/jit.prom: its folder"), "\(result.stderr)")
    #expect(!result.stderr.contains(".tmp"), "\(result.stderr)")
  }

  @Test func aConditionErrorSaysWhere() throws {
    let repository = try TemporaryRepository()
    let result = repository.run(
      "alert", "add", "a", "--condition", "ready_count > 1 or held > 2", "--notify", "command:x", "--json")
    let details = try #require(try result.object()["error"] as? [String: Any])["details"] as? [String: Any]
    #expect(details?["column"] as? Int == 20)
    #expect(result.stderr.contains("column 20: unknown metric 'held'"))
  }

  @Test func aNameIsAddedOnceAndRemovedWithItsEvents() throws {
    let repository = try TemporaryRepository()
    let add = ["alert", "add", "a", "--condition", "ready_count > 0", "--notify", "command:x"]
    #expect(repository.run(add).status == 0)
    let again = repository.run(add + ["--json"])
    #expect(again.status == 5 && again.errorCode == "ALREADY_EXISTS")
    let listed = try repository.run("alert", "list", "--json").array()
    #expect(listed.map { $0["name"] as? String } == ["a"] && listed.first?["state"] as? String == "inactive")
    #expect(repository.run("alert", "rm", "a").status == 0)
    #expect(try repository.run("alert", "list", "--json").array().isEmpty)
    let kinds = try repository.events().compactMap { $0["event"] as? String }.filter {
      $0.hasPrefix("alert.")
    }
    #expect(kinds == ["alert.added", "alert.removed"])
    let stored = try String(contentsOfFile: repository.layout.jitDirectory + "/alerts.json", encoding: .utf8)
    #expect(stored == "{}\n")
  }

  @Test func aFailingReceiverIsAnEventNotAFailure() throws {
    let repository = try TemporaryRepository()
    _ = try repository.create("ready one")
    let script = repository.root + "/fail.sh"
    try "#!/bin/sh\ncat > /dev/null\necho receiver down >&2\nexit 3\n".write(
      toFile: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
    let add = repository.run(
      "alert", "add", "ready", "--condition", "ready_count >= 1", "--notify", "command:fail.sh", "--notify",
      "webhook:http://127.0.0.1:9/hook")
    #expect(add.status == 0, "\(add.stderr)")
    let missing = ["JIT_NOTIFY": repository.root + "/no-such-jit-notify"]
    let check = repository.run(["alert", "check", "--json"], environment: missing)
    #expect(check.status == 0, "\(check.stderr)")
    let result = try #require(try check.array().first)
    #expect(result["state"] as? String == "firing")
    let deliveries = try #require(result["deliveries"] as? [[String: Any]])
    #expect(deliveries.map { $0["delivered"] as? Bool } == [false, false])
    #expect((deliveries[0]["reason"] as? String ?? "").contains("exit 3: receiver down"))
    #expect((deliveries[1]["reason"] as? String ?? "").contains("jit-notify not found"))
    // Firing already: the next check notifies nobody.
    let second = try repository.run(["alert", "check", "--json"], environment: missing).array().first
    #expect((second?["deliveries"] as? [Any])?.isEmpty == true)
    let events = try repository.events().filter { ($0["event"] as? String ?? "").hasPrefix("alert.") }
    #expect(
      events.map { $0["event"] as? String } == [
        "alert.added", "alert.fired", "alert.delivery_failed", "alert.delivery_failed",
      ])
    #expect(events[1]["delivered"] as? [String] == [])
    #expect(events[2]["target"] as? String == "command:fail.sh" && events[2]["state"] as? String == "firing")
  }
}
