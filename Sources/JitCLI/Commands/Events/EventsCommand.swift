import ArgumentParser
import JitCore
import JitWire

/// `jit events tail|query`.
struct EventsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "events", abstract: "Read the event log (.jit/events.jsonl).",
    discussion: """
      Every change jit makes appends one event: {"ts", "event", "event_id", "id", "by", ...}. \
      With --json these commands print JSON lines (one event object per line), not an array, so \
      that a follower can stream them. Lines of the log that do not parse are reported on stderr \
      as warnings and skipped; 'jit validate' reports them as errors.
      """,
    subcommands: [EventsTailCommand.self, EventsQueryCommand.self])
}
