import ArgumentParser
import JitCore
import JitWire

struct DepRemoveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "rm", abstract: "Remove dependencies.",
    discussion: """
      --on alias:ID removes a dependency on another repository's issue; ID is matched against the \
      issue's own links first, so a link to a repository that is gone can still be removed.
      """, aliases: ["remove"])

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue that depends: its id or a unique suffix of 4+ characters.") var id: String
  @Option(name: .customLong("on"), help: "The prerequisite to drop: an id, or alias:ID (repeatable).")
  var prerequisites: [String] = []
  @Option(help: "Who is changing it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let change = try context.application().removeDependencies(id, on: prerequisites, by: by)
    try context.emit(DependencyChangeView(change, .removed)) {
      DependencyText.text(change, verb: "no longer depends on")
    }
  }
}
