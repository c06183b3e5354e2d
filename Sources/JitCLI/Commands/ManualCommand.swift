import ArgumentParser
import FoundationEssentials
import JitApp
import JitCore
import JitSystem

/// `jit manual DIR`: writes a manual page for every command (`jit.1`, `jit-issue-claim.1`, ...),
/// generated from the same declarations as the parser and its help. `scripts/install` runs it.
struct ManualCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "manual",
    abstract: "Write a manual page for every command into a directory (what scripts/install installs).",
    shouldDisplay: false)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The directory to write the pages into (such as ~/.local/share/man/man1).") var directory:
    String

  func execute(_ context: CommandContext) throws {
    let directory = context.absolute(directory)
    var written: [String] = []
    for (path, command) in Self.commands(JitCommand.self, path: ["jit"]) {
      let name = path.joined(separator: "-")
      let file = directory + "/" + name + ".1"
      let page = Self.page(path: path, command: command)
      guard FileManager.default.createFile(atPath: file, contents: Data(page.utf8)) else {
        throw JitError(
          .invalidArgument, "cannot write \(file): is \(directory) a directory you may write to?",
          details: ["path": .string(file)])
      }
      written.append(file)
    }
    context.output.standardOutput(written.joined(separator: "\n") + "\n")
  }

  /// Every command shown in help, with its path of names.
  static func commands(_ command: any ParsableCommand.Type, path: [String]) -> [(
    [String], any ParsableCommand.Type
  )] {
    [(path, command)]
      + shown(command).flatMap {
        commands($0, path: path + [$0.configuration.commandName ?? "?"])
      }
  }

  /// The subcommands help lists.
  static func shown(_ command: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
    var shown: [any ParsableCommand.Type] = []
    for subcommand in command.configuration.subcommands where subcommand.configuration.shouldDisplay {
      shown.append(subcommand)
    }
    return shown
  }

  /// One page in roff: the name and abstract, then the help text as the parser prints it.
  static func page(path: [String], command: any ParsableCommand.Type) -> String {
    let title = path.joined(separator: "-").uppercased()
    let help = JitCommand.helpMessage(for: command, columns: 78)
    var page = ".TH \(title) 1 \"\" \"jit \(JitVersion.current)\" \"jit manual\"\n"
    page += ".SH NAME\n\(path.joined(separator: "-")) \\- \(escaped(command.configuration.abstract))\n"
    page += ".SH DESCRIPTION\n.nf\n"
    page += help.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }
      .joined(separator: "\n")
    page += "\n.fi\n"
    let subcommands = shown(command)
    if !subcommands.isEmpty {
      page += ".SH SEE ALSO\n"
      page +=
        subcommands.map { "\(path.joined(separator: "-"))-\($0.configuration.commandName ?? "?")(1)" }
        .joined(separator: ", ") + "\n"
    }
    return page
  }

  /// Text safe in roff: backslashes escaped, and a line that starts with a control character guarded.
  static func escaped(_ text: String) -> String {
    let text = text.replacing("\\", with: "\\e")
    return text.hasPrefix(".") || text.hasPrefix("'") ? "\\&" + text : text
  }
}
