import JitTestSupport
import Testing

@testable import JitCore

/// Each CI artifact format, read from real sample files in Tests/Fixtures/artifacts.
@Suite struct ArtifactTests {
  func read(_ name: String, _ format: ArtifactFormat) throws -> ArtifactReading {
    try ArtifactReading.read(Fixtures.bytes("artifacts/" + name), format: format, path: name)
  }

  @Test func junitWithoutFailuresPasses() throws {
    let reading = try read("junit-pass.xml", .junit)
    #expect(reading.status == .passed)
    #expect(reading.figures["tests"] == .int(4))
    #expect(reading.figures["skipped"] == .int(1))
    #expect(reading.figures["failures"] == .int(0))
  }

  @Test func junitWithAFailureOrAnErrorFails() throws {
    let reading = try read("junit-fail.xml", .junit)
    #expect(reading.status == .failed)
    #expect(reading.figures["failures"] == .int(1))
    #expect(reading.figures["errors"] == .int(1))
    #expect(
      reading.figures["failed_tests"]
        == .array(["TrackerTests.refusesCycles", "TrackerTests.loadsIndex"]))
    #expect(reading.message.contains("2 of 4 tests failed"))
  }

  @Test func junitSummaryWithoutTestCasesUsesTheCountsAndAnEmptyReportFails() throws {
    let summary = try ArtifactReading.read(
      Array("<testsuites><testsuite tests=\"3\" failures=\"1\"/></testsuites>".utf8), format: .junit,
      path: "s")
    #expect(summary.status == .failed)
    let empty = try ArtifactReading.read(Array("<testsuite tests=\"0\"/>".utf8), format: .junit, path: "e")
    #expect(empty.status == .failed)
    #expect(empty.message.contains("no tests"))
  }

  @Test func sarifWithoutErrorsPassesAndWithAnErrorFails() throws {
    let clean = try read("sarif-clean.sarif", .sarif)
    #expect(clean.status == .passed)
    #expect(clean.figures["warnings"] == .int(1))
    #expect(clean.figures["notes"] == .int(1))
    let dirty = try read("sarif-error.sarif", .sarif)
    #expect(dirty.status == .failed)
    #expect(dirty.figures["errors"] == .int(1))
    // A result without a level is a warning, not an error.
    #expect(dirty.figures["warnings"] == .int(1))
    #expect(dirty.message.contains("js/sql-injection"))
  }

  @Test func coberturaIsJudgedAgainstTheThreshold() throws {
    let reading = try read("cobertura.xml", .cobertura)
    #expect(reading.status == nil)
    #expect(reading.coveragePercent == 82.35)
    #expect(reading.figures["lines_covered"] == .int(140))
    #expect(try reading.verdict(threshold: 80) == .passed)
    #expect(try reading.verdict(threshold: 90) == .failed)
    let error = try #require(throws: JitError.self) { try reading.verdict(threshold: nil) }
    #expect(error.code == .invalidArgument)
  }

  @Test func jsonResultsCarryTheirVerdictAndFigures() throws {
    let pass = try read("result-pass.json", .json)
    #expect(pass.status == .passed)
    #expect(pass.gate == "perf")
    #expect(pass.figures["p95_ms"] == .int(41))
    let fail = try read("result-fail.json", .json)
    #expect(fail.status == .failed)
    #expect(fail.message.contains("73 ms"))
  }

  @Test(arguments: [
    ("junit-malformed.xml", ArtifactFormat.junit, "line 5"),
    ("sarif-malformed.sarif", .sarif, "not valid JSON"),
    ("cobertura-malformed.xml", .cobertura, "line-rate"),
    ("result-malformed.json", .json, "\"ok\""),
    ("sarif-clean.sarif", .junit, "not well-formed XML"),
    ("junit-pass.xml", .cobertura, "<testsuites>"),
    ("cobertura.xml", .junit, "<coverage>"),
    ("result-pass.json", .sarif, "runs"),
  ])
  func malformedFilesAreInvalidArtifacts(name: String, format: ArtifactFormat, expected: String) throws {
    let error = try #require(throws: JitError.self) { try read(name, format) }
    #expect(error.code == .invalidArtifact)
    #expect(error.exitCode == 2)
    #expect(error.message.contains(expected), "\(error.message)")
    #expect(error.details["path"] == .string(name))
  }
}

extension ArtifactTests {
  @Test func sarifResultsWithoutALevelTakeTheirRulesDefault() throws {
    let log = """
      {"version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "codeql", "rules": [
          {"id": "js/xss", "defaultConfiguration": {"level": "error"}},
          {"id": "js/style"}
        ]}},
        "results": [
          {"ruleId": "js/style", "message": {"text": "style"}},
          {"ruleId": "js/xss", "kind": "pass", "message": {"text": "checked, fine"}},
          {"ruleIndex": 0, "message": {"text": "reflected xss"}}
        ]
      }]}
      """
    let reading = try ArtifactReading.read(Array(log.utf8), format: .sarif, path: "codeql.sarif")
    #expect(reading.status == .failed)
    #expect(reading.figures["errors"] == .int(1))
    #expect(reading.figures["warnings"] == .int(1))
    #expect(reading.message.contains("reflected xss"))
  }
}
