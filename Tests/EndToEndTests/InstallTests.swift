import Foundation
import JitTestSupport
import Testing

/// `scripts/install` into a temporary prefix, from the binaries the tests run: every binary, the
/// manual pages and the completions; then a bash completion of a command.
@Suite struct InstallTests {
  @Test func installPutsBinariesManualPagesAndCompletionsUnderThePrefix() throws {
    let jit = try BuiltBinary.path("jit")
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    let prefix = try TemporaryDirectory()
    let environment = ["PATH": "/usr/bin:/bin", "HOME": prefix.path]
    let install = try BuiltBinary.run(
      package + "/scripts/install",
      ["--from", URL(fileURLWithPath: jit).deletingLastPathComponent().path, prefix.path],
      in: package, environment: environment)
    #expect(install.status == 0, "\(install.stderr)")
    #expect(install.stdout.contains("Add \(prefix.path)/bin to your PATH"))
    let manager = FileManager.default
    for binary in ["jit", "jit-dispatch"] {
      #expect(manager.isExecutableFile(atPath: prefix.path + "/bin/" + binary))
      #expect(manager.fileExists(atPath: prefix.path + "/share/bash-completion/completions/" + binary))
      #expect(manager.fileExists(atPath: prefix.path + "/share/zsh/site-functions/_" + binary))
      #expect(manager.fileExists(atPath: prefix.path + "/share/fish/vendor_completions.d/\(binary).fish"))
    }
    #expect(
      manager.isExecutableFile(atPath: prefix.path + "/bin/jit-notify"), "alert webhooks need it beside jit")
    #expect(
      manager.isExecutableFile(atPath: prefix.path + "/bin/jit-dashboard"), "jit dashboard start runs it")
    // The installed jit finds the dashboard beside itself (with no PATH to it): it answers for it.
    let repo = try TemporaryRepository()
    let dashboard = try BuiltBinary.run(
      prefix.path + "/bin/jit", ["dashboard", "start", "--host", "0.0.0.0", "--json"], in: repo.root,
      environment: ["PATH": "/usr/bin:/bin", "HOME": prefix.path, "JIT_ACTOR": "human:tester"])
    #expect(
      dashboard.status == 2 && dashboard.errorCode == "TOKEN_REQUIRED",
      "\(dashboard.stdout) \(dashboard.stderr)")
    let pages = try manager.contentsOfDirectory(atPath: prefix.path + "/share/man/man1")
    #expect(pages.contains("jit.1"))
    #expect(pages.contains("jit-issue-claim-next.1"))
    #expect(pages.contains("jit-dispatch.1"))
    #expect(!pages.contains("jit-manual.1"), "the hidden command has no page")
    let claim = try String(contentsOfFile: prefix.path + "/share/man/man1/jit-issue-claim.1", encoding: .utf8)
    #expect(claim.hasPrefix(".TH JIT-ISSUE-CLAIM 1"))
    #expect(claim.contains("--lease"))
    if manager.isExecutableFile(atPath: "/usr/bin/man") {
      let shown = try BuiltBinary.run(
        "/usr/bin/man", ["-l", prefix.path + "/share/man/man1/jit-issue-claim.1"], in: prefix.path,
        environment: environment.merging(["MANPAGER": "cat", "MANWIDTH": "80"]) { $1 })
      #expect(shown.stdout.contains("Atomically take a ready issue"))
    }

    // bash: the installed completion is registered, and completes a command's name.
    let completion = prefix.path + "/share/bash-completion/completions/jit"
    let script = """
      source '\(completion)'
      complete -p jit
      COMP_WORDS=(jit iss); COMP_CWORD=1; COMP_LINE='jit iss'; COMP_POINT=7
      _jit "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      echo "reply: ${COMPREPLY[*]}"
      COMPREPLY=(); COMP_WORDS=(jit issue claim-n); COMP_CWORD=2; COMP_LINE='jit issue claim-n'; COMP_POINT=17
      _jit "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      echo "reply: ${COMPREPLY[*]}"
      """
    let bash = try BuiltBinary.run(
      "/bin/bash", ["-c", script], in: prefix.path,
      environment: ["PATH": prefix.path + "/bin:/usr/bin:/bin"])
    #expect(bash.stdout.contains("-F _jit jit"), "\(bash.stdout) \(bash.stderr)")
    #expect(bash.stdout.contains("reply: issue\n"), "\(bash.stdout) \(bash.stderr)")
    #expect(bash.stdout.contains("reply: claim-next\n"), "\(bash.stdout) \(bash.stderr)")
  }
}
