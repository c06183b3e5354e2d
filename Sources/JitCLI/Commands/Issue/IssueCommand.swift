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
      IssueUnassignCommand.self, IssueHeartbeatCommand.self, IssueReleaseCommand.self,
      IssueUnholdCommand.self,
      IssueReclaimCommand.self, IssueCompleteCommand.self, IssueReopenCommand.self,
      IssueArchiveCommand.self, IssueUnarchiveCommand.self, DepCommand.self,
    ])
}
