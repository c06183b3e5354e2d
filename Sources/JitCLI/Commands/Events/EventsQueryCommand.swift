import ArgumentParser
import JitApp
import JitCore

struct EventsQueryCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "query", abstract: "Search the event history.",
    discussion: """
      Every option given must hold; a repeated option matches any of its values. Times are a \
      duration ago (30s, 30m, 1h, 2d, 1w), a UTC timestamp (2025-11-27T19:00:00Z) or a date \
      (2025-11-27). Actors are type:identifier, or a bare identifier that matches any type.

        jit events query --since 1h --event gate.failed
        jit events query --assignee copilot-1 --json
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only events at or after this time.") var since: String?
  @Option(help: "Only events at or before this time.") var until: String?
  @Option(help: "Only this kind of event, such as gate.failed (repeatable).") var event: [String] = []
  @Option(help: "Only events whose assignee field is this actor (repeatable).") var assignee: [String] = []
  @Option(help: "Only events about this issue: an id or a suffix of 4+ characters (repeatable).")
  var issue: [String] = []
  @Option(help: "Only events by this actor (repeatable).") var by: [String] = []
  @Option(help: "Print only the last N matches.") var limit: Int?

  func execute(_ context: CommandContext) throws {
    let result = try context.application().events(
      EventSearch(
        since: since, until: until, kinds: event, assignees: assignee, actors: by, issues: issue, limit: limit
      ))
    EventText.warn(result.malformed, path: result.path, context: context)
    try EventText.print(result.events, context: context)
    if !context.json && result.events.isEmpty { context.output.standardOutput("No events match.\n") }
  }
}
