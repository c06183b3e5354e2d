import ArgumentParser
import JitCore

struct EventsQueryCommand: ContextCommand {
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
    // A misspelt kind would match nothing and look like "no such events": name the known ones.
    let known = Set(EventKind.allCases.map(\.rawValue))
    for kind in event where !known.contains(kind) {
      throw JitError.invalidArgument(
        "unknown event kind '\(kind)' (known: \(known.sorted().joined(separator: ", ")))",
        details: ["event": .string(kind)])
    }
    let now = context.clock()
    var query = EventQuery(
      since: try since.map { try TimeExpression.parse($0, now: now) },
      until: try until.map { try TimeExpression.parse($0, now: now) },
      kinds: Set(event), assignees: try assignee.map(ActorPattern.init),
      actors: try by.map(ActorPattern.init), issues: try issue.map(IssueReference.init))
    if let limit, limit < 0 { throw JitError.invalidArgument("--limit must be 0 or more") }
    let layout = try context.repository()
    let search = EventLogSearch(path: layout.eventsFile)
    if query.issues.contains(where: { IssueID($0.text) == nil }) {
      // A suffix must name one issue; the log, not the store, is what it is resolved against
      // (issues may have been deleted). Only lines that mention the suffixes are decoded.
      let mentioned = try search.run(EventQuery(issues: query.issues))
      query.issues = try Self.unambiguous(query.issues, events: mentioned.events)
    }
    let contents = try search.run(query)
    EventText.warn(contents.malformed, path: layout.relative(layout.eventsFile), context: context)
    var matches = contents.events
    if let limit { matches = Array(matches.suffix(limit)) }
    try EventText.print(matches, context: context)
    if !context.json && matches.isEmpty { context.output.standardOutput("No events match.\n") }
  }

  /// A suffix must name one issue among those the log mentions (issues may have been deleted,
  /// so the log, not the store, is what it is resolved against).
  static func unambiguous(_ references: [IssueReference], events: [Event]) throws -> [IssueReference] {
    guard !references.isEmpty else { return references }
    let ids = Set(events.compactMap(\.issueID))
    for reference in references where IssueID(reference.text) == nil {
      let candidates = ids.filter(reference.matches).sorted()
      if candidates.count > 1 { throw JitError.ambiguous(reference.text, candidates: candidates) }
    }
    return references
  }
}
