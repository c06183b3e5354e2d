import Foundation
import JitTestSupport
import Testing

/// `jit gate ingest` with the sample artifacts in Tests/Fixtures/artifacts.
@Suite struct GateIngestCommandTests {
  /// A repository with an automated gate `ci` required by one issue.
  func setUp(threshold: String? = nil) throws -> (TemporaryRepository, String) {
    let repo = try TemporaryRepository()
    var define = ["gate", "define", "ci", "--title", "CI", "--auto"]
    if let threshold { define += ["--coverage-threshold", threshold] }
    #expect(repo.run(define).status == 0)
    return (repo, try repo.create("work", "--gate", "ci"))
  }

  @Test(arguments: [
    ("--junit", "junit-pass.xml", "passed"),
    ("--junit", "junit-fail.xml", "failed"),
    ("--sarif", "sarif-clean.sarif", "passed"),
    ("--sarif", "sarif-error.sarif", "failed"),
    ("--result", "result-fail.json", "failed"),
  ])
  func eachFormatPassesOrFailsTheGate(flag: String, file: String, expected: String) throws {
    let (repo, id) = try setUp()
    let result = repo.run(
      "gate", "ingest", id, "ci", flag, Fixtures.path("artifacts/" + file), "--by", "ci:gh")
    #expect(result.status == (expected == "passed" ? 0 : 4), "\(result.stderr)")
    let status = try #require((try repo.show(id)["gates_status"] as? [String: Any])?["ci"] as? [String: Any])
    #expect(status["status"] as? String == expected)
    #expect(status["updated_by"] as? String == "ci:gh")
    let evidence = try #require(status["evidence"] as? [String: Any])
    #expect(evidence["figures"] is [String: Any])
    #expect((evidence["artifact"] as? String)?.hasSuffix(file) == true)
    let event = try #require(try repo.events().last { ($0["event"] as? String)?.hasPrefix("gate.") == true })
    #expect(event["event"] as? String == "gate.\(expected)")
  }

  @Test func theJSONResultMustNameTheRightGate() throws {
    let (repo, id) = try setUp()
    let before = try repo.snapshot()
    let result = repo.run(
      "gate", "ingest", id, "ci", "--result", Fixtures.path("artifacts/result-pass.json"), "--json")
    #expect(result.errorCode == "INVALID_ARTIFACT")
    #expect(try repo.snapshot() == before)
  }

  @Test func coverageUsesTheGatesThresholdOrTheFlag() throws {
    let (repo, id) = try setUp(threshold: "80")
    let file = Fixtures.path("artifacts/cobertura.xml")
    #expect(repo.run("gate", "ingest", id, "ci", "--cobertura", file).status == 0)
    let figures = try #require(
      (((try repo.show(id)["gates_status"] as? [String: Any])?["ci"] as? [String: Any])?["evidence"]
        as? [String: Any])?["figures"] as? [String: Any])
    #expect(figures["coverage_percent"] as? Double == 82.35)
    #expect(figures["threshold"] as? Double == 80)
    let below = repo.run("gate", "ingest", id, "ci", "--cobertura", file, "--threshold", "90", "--json")
    #expect(below.status == 4)
    #expect(below.errorCode == "GATE_FAILED")
    #expect(try repo.state(id) == "ready")
  }

  @Test func coverageWithoutAnyThresholdIsRefused() throws {
    let (repo, id) = try setUp()
    let before = try repo.snapshot()
    let result = repo.run(
      "gate", "ingest", id, "ci", "--cobertura", Fixtures.path("artifacts/cobertura.xml"), "--json")
    #expect(result.errorCode == "INVALID_ARGUMENT")
    #expect(try repo.snapshot() == before)
  }

  @Test(arguments: [
    ("--junit", "junit-malformed.xml"),
    ("--sarif", "sarif-malformed.sarif"),
    ("--cobertura", "cobertura-malformed.xml"),
    ("--result", "result-malformed.json"),
    ("--junit", "no-such-file.xml"),
    ("--junit", "sarif-clean.sarif"),
  ])
  func malformedArtifactsAreRefusedAndChangeNothing(flag: String, file: String) throws {
    let (repo, id) = try setUp(threshold: "50")
    let before = try repo.snapshot()
    let result = repo.run("gate", "ingest", id, "ci", flag, Fixtures.path("artifacts/" + file), "--json")
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ARTIFACT")
    #expect(try repo.snapshot() == before)
  }

  @Test func aManualGateCannotBeIngestedAndOneArtifactIsRequired() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    let id = try repo.create("work", "--gate", "review")
    let manual = repo.run(
      "gate", "ingest", id, "review", "--junit", Fixtures.path("artifacts/junit-pass.xml"), "--json")
    #expect(manual.errorCode == "MANUAL_GATE_REQUIRES_HUMAN")
    #expect(repo.run("gate", "ingest", id, "review").status == 2)
  }

  @Test(arguments: ["fifo", "/dev/zero", "directory"])
  func specialFilesAreRefusedBeforeAnythingIsRead(_ kind: String) throws {
    let (repo, id) = try setUp(threshold: "50")
    let path: String
    switch kind {
    case "fifo":
      path = repo.root + "/results.xml"
      #expect(mkfifo(path, 0o644) == 0)
    case "directory":
      path = repo.root + "/results"
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    default:
      path = kind
    }
    let before = try repo.snapshot()
    let started = Date()
    let result = repo.run("gate", "ingest", id, "ci", "--junit", path, "--json")
    #expect(Date().timeIntervalSince(started) < 5, "it must not wait on a FIFO")
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ARTIFACT")
    #expect(result.stderr.contains("not a regular file"), "\(result.stderr)")
    #expect(try repo.snapshot() == before)
  }
}
