import ArgumentParser
import JitCore
import JitWire

/// `jit query`: the questions an orchestrator asks, answered in work order.
struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query", abstract: "Ask which issues are ready, blocked, or held by someone.",
    discussion: """
      Every answer is ordered by priority (critical first), then age (oldest first). With --json \
      each issue is printed with every stored field and short_id; 'blocked' adds "blocked": true \
      and "blocked_by" with the reasons.
      """,
    subcommands: [
      QueryReadyCommand.self,
      QueryBlockedCommand.self,
      QueryAssigneeCommand.self,
      QueryStateCommand.self,
      QueryPriorityCommand.self,
      QueryStalledCommand.self,
    ])
}
