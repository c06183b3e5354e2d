import Foundation
import JitCore
import JitTestSupport
import JitWire
import Testing

/// The shapes issue 9 unified, through the command line in-process: `changed` is a Boolean
/// everywhere, a gate's verdict is `status`, a report is at the top level whether the command
/// passes or fails, and `output_tail` is printed once.
@Suite struct WireShapeTests {
  @Test func changedIsABooleanInEveryCommandThatReportsIt() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "tests", "--title", "Tests", "--auto").status == 0)
    let first = try repo.create("first")
    let second = try repo.create("second")

    let added = try repo.run("issue", "dep", "add", second, "--on", first, "--json").object()
    #expect(added["changed"] as? Bool == true)
    #expect(added["added"] as? [String] == [first])
    #expect(added["unchanged"] as? [String] == [])
    #expect((added["issue"] as? [String: Any])?["id"] as? String == second)
    let again = try repo.run("issue", "dep", "add", second, "--on", first, "--json").object()
    #expect(again["changed"] as? Bool == false)
    #expect(again["added"] as? [String] == [])
    #expect(again["unchanged"] as? [String] == [first])
    let removed = try repo.run("issue", "dep", "rm", second, "--on", first, "--json").object()
    #expect(removed["changed"] as? Bool == true)
    #expect(removed["removed"] as? [String] == [first])
    #expect(removed["added"] == nil)

    let gateAdded = try repo.run("gate", "add", first, "tests", "--json").object()
    #expect(gateAdded["changed"] as? Bool == true)
    #expect(gateAdded["status"] as? String == "pending")
    #expect(try repo.run("gate", "add", first, "tests", "--json").object()["changed"] as? Bool == false)
    let passed = try repo.run("gate", "pass", first, "tests", "--by", "ci:runner", "--json").object()
    #expect(passed["changed"] as? Bool == true)
    #expect(passed["gate"] as? String == "tests")
    #expect(passed["status"] as? String == "passed")
    let gateRemoved = try repo.run("gate", "remove", first, "tests", "--by", "human:lead", "--json").object()
    #expect(gateRemoved["changed"] as? Bool == true)
    #expect(gateRemoved["status"] is NSNull)
    #expect(Set(gateRemoved.keys) == ["gate", "changed", "status", "issue"])
  }

  /// A repository with three automated gates on one issue: one passes, one fails with output, one
  /// cannot run.
  func gatedRepository() throws -> (TemporaryRepository, String) {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "ok", "--title", "OK", "--auto", "--command", "true").status == 0)
    #expect(
      repo.run("gate", "define", "bad", "--title", "Bad", "--auto", "--command", "echo boom; exit 2").status
        == 0)
    #expect(
      repo.run("gate", "define", "broken", "--title", "Broken", "--auto", "--command", "/no/such").status == 0
    )
    return (repo, try repo.create("work", "--gate", "ok", "--gate", "bad", "--gate", "broken"))
  }

  @Test func aGateCheckReportHasOneShapeWhetherItPassesOrFails() throws {
    let (repo, id) = try gatedRepository()
    let report: Set<String> = ["status", "results", "skipped", "issue"]

    let passing = repo.run("gate", "check", id, "ok", "--json")
    #expect(passing.status == 0)
    #expect(passing.stderr.isEmpty)
    let passed = try passing.object()
    #expect(Set(passed.keys) == report)
    #expect(passed["status"] as? String == "passed")
    let okResult = try #require((passed["results"] as? [[String: Any]])?.first)
    #expect(Set(okResult.keys) == ["gate", "status", "applied"])
    #expect(okResult["status"] as? String == "passed")

    let failing = repo.run("gate", "check", id, "bad", "--json")
    #expect(failing.status == 4)
    #expect(failing.stderr == "jit: error: gate(s) failed: bad\n")
    let failed = try failing.object()
    #expect(Set(failed.keys) == report.union(["error"]))
    #expect(failed["status"] as? String == "failed")
    let error = try #require(failed["error"] as? [String: Any])
    #expect(Set(error.keys) == ["code", "message", "details"])
    #expect(error["code"] as? String == "GATE_FAILED")
    #expect((error["details"] as? [String: Any])?["gates"] as? [String] == ["bad"])
    let badResult = try #require((failed["results"] as? [[String: Any]])?.first)
    #expect(badResult["status"] as? String == "failed")
    #expect(badResult["applied"] as? Bool == true)
    #expect(badResult["result"] == nil)

    let broken = repo.run("gate", "check", id, "broken", "--json")
    #expect(broken.status == 10)
    let errored = try broken.object()
    #expect(Set(errored.keys) == report.union(["error"]))
    #expect(errored["status"] as? String == "error")
    #expect((errored["error"] as? [String: Any])?["code"] as? String == "CHECKER_ERROR")
    let brokenResult = try #require((errored["results"] as? [[String: Any]])?.first)
    #expect(brokenResult["applied"] as? Bool == false)
    #expect((brokenResult["evidence"] as? [String: Any])?["source"] as? String == "command")
  }

  @Test func outputTailIsPrintedOnce() throws {
    let (repo, id) = try gatedRepository()
    let failing = repo.run("gate", "check", id, "bad", "--json")
    #expect(failing.status == 4)
    #expect(failing.stdout.components(separatedBy: "\"output_tail\"").count - 1 == 1)
    let issue = try #require(try failing.object()["issue"] as? [String: Any])
    let evidence =
      (((issue["gates_status"] as? [String: Any])?["bad"] as? [String: Any])?["evidence"])
      as? [String: Any]
    #expect(evidence?["output_tail"] as? String == "boom")
  }

  @Test func aFailedIngestReportsLikeAPassingOne() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "ci", "--title", "CI", "--auto").status == 0)
    let id = try repo.create("work", "--gate", "ci")
    let directory = try TemporaryDirectory()
    let pass = directory.file("pass.json")
    let fail = directory.file("fail.json")
    try #"{"status": "passed", "message": "all good"}"#.write(
      toFile: pass, atomically: false, encoding: .utf8)
    try #"{"status": "failed", "message": "2 failed"}"#.write(
      toFile: fail, atomically: false, encoding: .utf8)

    let failing = repo.run("gate", "ingest", id, "ci", "--result", fail, "--by", "ci:gh", "--json")
    #expect(failing.status == 4)
    #expect(failing.stderr.split(separator: "\n").count == 1)
    let failed = try failing.object()
    #expect(Set(failed.keys) == ["gate", "status", "issue", "error"])
    #expect(failed["status"] as? String == "failed")
    #expect(failing.errorCode == "GATE_FAILED")
    #expect(
      ((failed["error"] as? [String: Any])?["details"] as? [String: Any])?["gates"] as? [String] == ["ci"])

    let passing = repo.run("gate", "ingest", id, "ci", "--result", pass, "--by", "ci:gh", "--json")
    #expect(passing.status == 0)
    let passed = try passing.object()
    #expect(Set(passed.keys) == ["gate", "status", "issue"])
    #expect(passed["status"] as? String == "passed")
    let gates = (passed["issue"] as? [String: Any])?["gates_status"] as? [String: Any]
    #expect(
      ((gates?["ci"] as? [String: Any])?["evidence"] as? [String: Any])?["message"] as? String == "all good")
  }

  @Test func aFailedValidationCarriesTheErrorBesideItsReport() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("one")
    try "{ not json".write(
      toFile: repo.layout.issuesDirectory + "/01M8RDFT2DB5GQT5RD6R0FJ1DN.json", atomically: false,
      encoding: .utf8)
    let result = repo.run("validate", "--json")
    #expect(result.status == 4)
    #expect(result.stderr.split(separator: "\n").count == 1)
    let report = try result.object()
    #expect(report["valid"] as? Bool == false)
    #expect(result.errorCode == "VALIDATION_FAILED")
    #expect((report["diagnostics"] as? [[String: Any]])?.isEmpty == false)
  }

  @Test func theErrorEnvelopeHasCodeMessageAndDetails() throws {
    let error = JitError(.cycleDetected, "a cycle", details: ["cycle": .array(["A", "B", "A"])])
    let text = try WireEncoder.document(ErrorEnvelope(error))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["error"])
    let body = try #require(object["error"] as? [String: Any])
    #expect(body["code"] as? String == "CYCLE_DETECTED")
    #expect(body["message"] as? String == "a cycle")
    #expect((body["details"] as? [String: Any])?["cycle"] as? [String] == ["A", "B", "A"])
    let empty = try WireEncoder.document(ErrorEnvelope(JitError(.internalError, "x")))
    #expect(empty.contains("\"details\" : {}"))
  }

  @Test func theEncoderSortsKeysLeavesSlashesAndCompactsEmptyContainers() throws {
    struct Sample: Encodable {
      var zeta = "a/b"
      var alpha: [String] = []
      var middle: [String: Int] = [:]
    }
    #expect(
      try WireEncoder.document(Sample())
        == "{\n  \"alpha\" : [],\n  \"middle\" : {},\n  \"zeta\" : \"a/b\"\n}")
    #expect(try WireEncoder.line(Sample()) == #"{"alpha":[],"middle":{},"zeta":"a/b"}"#)
  }
}
