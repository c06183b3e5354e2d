import ArgumentParser
import JitCore
import JitWire

struct DepAddCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Make an issue depend on others.",
    discussion: """
      Give at least one --on. Refused, changing nothing: an unknown id (exit 3), a self-dependency \
      (exit 4), or a cycle (exit 4, CYCLE_DETECTED, with the cycle's path). An edge that exists \
      already is a no-op.

      --on alias:ID names an issue of another jit repository, the alias a key of .jit/config.toml's \
      [repositories] (api = "../api"): ID, a full id or a unique suffix, is resolved there, which is \
      only read. It is satisfied only when that issue is done there; while its repository cannot be \
      read it is blocked: unknown. Refused: an alias the file does not name (UNKNOWN_ALIAS, exit 3), \
      a repository that cannot be read (REPOSITORY_UNREACHABLE, exit 3), no such issue there \
      (ISSUE_NOT_FOUND, exit 3). Cycles through other repositories are reported by jit validate.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue that depends: its id or a unique suffix of 4+ characters.") var id: String
  @Option(
    name: .customLong("on"),
    help: "The prerequisite: an id here, or alias:ID in another repository (repeatable).") var prerequisites:
    [String] = []
  @Option(help: "Who is changing it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let change = try context.application().addDependencies(id, on: prerequisites, by: by)
    try context.emit(DependencyChangeView(change, .added)) { DependencyText.text(change, verb: "depends on") }
  }
}
