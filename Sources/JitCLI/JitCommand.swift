import ArgumentParser
import JitApp

/// `jit`: the root command.
public struct JitCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "jit",
    abstract: "A repository-local issue tracker for AI agents and the people who direct them.",
    discussion: """
      Issues live in .jit/issues/<id>.json, one file each, found by searching upward from the \
      current directory. Every command takes --json; errors then print {"error": {"code", "message", \
      "details"}}. Exit codes: 0 success, 1 failure, 2 usage, 3 not found, 4 refused by a rule, \
      5 conflict, 10 an external command failed.
      """,
    version: "jit \(JitVersion.described)",
    subcommands: [
      InitCommand.self,
      IssueCommand.self,
      QueryCommand.self,
      GateCommand.self,
      GraphCommand.self,
      ExportCommand.self,
      EventsCommand.self,
      ValidateCommand.self,
      StatusCommand.self,
      MetricsCommand.self,
      AlertCommand.self,
      DashboardCommand.self,
      MergeFileCommand.self,
      NextCommand.self,
      PrimeCommand.self,
      VersionCommand.self,
      ManualCommand.self,
      ImportCommand.self,
      BatchCommand.self,
      MCPCommand.self,
      StoreCommand.self,
    ]
  )

  public init() {}
}
