import ArgumentParser
import JitCore
import JitWire

struct IssueDeleteCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete", abstract: "Delete an issue.",
    discussion:
      "Refused while other issues depend on it, unless --force, which also removes those dependencies.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Flag(help: "Also remove the dependencies other issues have on it.") var force = false
  @Option(help: "Who is deleting it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let result = try context.application().delete(id, force: force, by: by)
    try context.emit(result) {
      "Deleted \(result.deleted.short)"
        + (result.detachedDependents.isEmpty
          ? ""
          : "; removed it from the dependencies of "
            + result.detachedDependents.map(\.short).joined(separator: ", "))
    }
  }
}
