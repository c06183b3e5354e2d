import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// The direct writer of an issue's answer element writes what `JSONEncoder` writes, byte for byte.
@Suite struct IssueElementWriterTests {
  @Test func writesWhatTheEncoderWrites() throws {
    let samples = IssueFileParserTests()
    var written = 0
    for seed in 0..<400 {
      var issue = try samples.sample(seed)
      if seed % 3 == 0 {
        // Keys and values that sort or escape differently: upper case, digits, slashes, controls.
        issue.context = ["Zeta": "a/b", "alpha": "\u{7f}\u{2028}", "10": "\"q\"", "9": "\\", "é": "x"]
        for key in Array(issue.gatesStatus.keys) { issue.gatesStatus[key]?.evidence = nil }
        issue.gatesStatus["B-gate"] = GateStatus(status: .failed)
      }
      if seed % 4 == 1 {
        issue.heldBy = try ["agent:w-\(seed)", "human:a/b+c"].map { try Actor(validating: $0) }
      }
      if seed % 5 == 2 {
        issue.externalDependencies = [
          try ExternalDependency(alias: "api", id: issue.id),
          try ExternalDependency(alias: "web-2", id: issue.id),
        ]
      }
      let encoded = try IssueJSON().encodedElement(issue)
      guard let direct = IssueElementWriter.element(issue) else {
        #expect(issue.gatesStatus.values.contains { $0.evidence != nil }, "seed \(seed)")
        continue
      }
      written += 1
      #expect(
        String(decoding: direct, as: UTF8.self) == String(decoding: encoded, as: UTF8.self), "seed \(seed)")
    }
    #expect(written > 150)
  }

  @Test func leavesUnknownFieldsAndEvidenceToTheEncoder() throws {
    var issue = try IssueFileParserTests().sample(1)
    issue.gatesStatus = [:]
    #expect(IssueElementWriter.element(issue) != nil)
    issue.otherFields["x_custom"] = .string("kept")
    #expect(IssueElementWriter.element(issue) == nil)
    #expect(String(decoding: try IssueJSON().element(issue), as: UTF8.self).contains("x_custom"))
  }
}
