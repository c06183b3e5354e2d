import ArgumentParser
import JitCore

/// `jit issue`: the issue commands.
struct IssueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "issue",
    abstract: "Create, change, assign and finish issues.",
    subcommands: [
      IssueCreateCommand.self, IssueListCommand.self, IssueShowCommand.self, IssueUpdateCommand.self,
      IssueDeleteCommand.self, IssueAssignCommand.self, IssueClaimCommand.self, IssueClaimNextCommand.self,
      IssueUnassignCommand.self, IssueCompleteCommand.self, IssueReopenCommand.self,
      IssueArchiveCommand.self, IssueUnarchiveCommand.self, DepCommand.self,
    ])
}

/// Parses `key=value` context arguments.
enum ContextArguments {
  static func parse(_ pairs: [String]) throws -> [String: String] {
    var context: [String: String] = [:]
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw JitError.invalidArgument("'\(pair)' is not key=value (for example --context epic=auth)")
      }
      context[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    return context
  }
}
