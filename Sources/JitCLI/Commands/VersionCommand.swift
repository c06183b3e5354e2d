import ArgumentParser
import JitApp
import JitWire

/// `jit version`: the version and the commit, as `jit --version` prints them.
struct VersionCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "version", abstract: "Print jit's version and the commit it was built from.",
    discussion: """
      The same as jit --version. The commit is recorded when jit is built (12 hex digits, -dirty when \
      tracked files had changed; unknown when it was not built from a git checkout). With --json: \
      {"version", "commit"}.
      """)

  @OptionGroup var global: GlobalOptions

  func execute(_ context: CommandContext) throws {
    try context.emit(VersionView(version: JitVersion.current, commit: JitVersion.commit)) {
      "jit \(JitVersion.described)"
    }
  }
}
