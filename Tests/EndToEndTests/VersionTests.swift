import Foundation
import JitTestSupport
import Testing

/// `jit --version` and `jit version` name the version and the commit the binary was built from.
@Suite struct VersionTests {
  @Test func versionNamesTheCommitThisCheckoutWasBuiltFrom() throws {
    let jit = try BuiltBinary.path("jit")
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    let head = try BuiltBinary.run(
      "/usr/bin/git", ["rev-parse", "--short=12", "HEAD"], in: package, environment: ["PATH": "/usr/bin:/bin"]
    )
    try #require(head.status == 0, "the tests run from a git checkout")
    let commit = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let json = try BuiltBinary.run(jit, ["version", "--json"], in: package, environment: [:]).object()
    #expect(json["version"] as? String == "0.1.0")
    // Built from this checkout: its HEAD then, with -dirty if tracked files had changed.
    let built = try #require(json["commit"] as? String)
    #expect(built == commit || built == commit + "-dirty", "\(built) vs HEAD \(commit)")
    let flag = try BuiltBinary.run(jit, ["--version"], in: "/", environment: [:])
    #expect(flag.status == 0)
    #expect(flag.stdout == "jit 0.1.0 (commit \(built))\n")
    let word = try BuiltBinary.run(jit, ["version"], in: "/", environment: [:])
    #expect(word.stdout == flag.stdout)
  }
}
