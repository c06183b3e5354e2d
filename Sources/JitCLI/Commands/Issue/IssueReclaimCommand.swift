import ArgumentParser
import JitCore
import JitWire

struct IssueReclaimCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "reclaim", abstract: "Take back every claim whose lease has run out.",
    discussion: """
      Each such issue loses its assignee, takes a new claim generation and one more attempt, and \
      becomes ready again (or backlog); with --max-attempts N, an issue whose attempts reach N is \
      held instead. Each writes issue.reclaimed, naming the previous holder and generation.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Reclaim claims whose lease has expired (required: the only kind reclaimed).") var expired =
    false
  @Option(help: "Hold an issue once its attempts reach N (1-1000).") var maxAttempts: Int?
  @Option(
    help: "Who is reclaiming (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?

  func validate() throws {
    guard expired else { throw ValidationError("say what to reclaim: --expired") }
  }

  func execute(_ context: CommandContext) throws {
    let reclaimed = try context.application().reclaimExpired(maxAttempts: maxAttempts, by: by)
    try context.emit(reclaimed.map(ReclaimView.init)) {
      guard !reclaimed.isEmpty else { return "No expired leases." }
      return reclaimed.map {
        "Reclaimed \($0.issue.id.short) from \($0.previousHolder) (claim \($0.previousGeneration)): "
          + ($0.held ? "held, attempts spent" : $0.issue.state.rawValue)
      }.joined(separator: "\n")
    }
  }
}
