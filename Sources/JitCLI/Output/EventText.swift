import JitCore
import JitWire

/// How events are printed: JSON lines, or one readable line each.
enum EventText {
  static func print(_ events: [Event], context: CommandContext) throws {
    guard !events.isEmpty else { return }
    if context.json {
      context.output.standardOutput(try EventLines.render(events))
    } else {
      context.output.standardOutput(events.map(line).joined(separator: "\n") + "\n")
    }
  }

  /// `2025-11-27T19:00:05.000Z  issue.claimed  4GD4P9SX  agent:copilot-1  assignee=agent:copilot-1`
  static func line(_ event: Event) -> String {
    var text =
      "\(event.ts)  \(event.event)  \(event.issueID?.short ?? "-")  \(event.actor?.description ?? "-")"
    let fields = event.fields.keys.sorted().map { key in "\(key)=\(value(event.fields[key] ?? .null))" }
    if !fields.isEmpty { text += "  " + fields.joined(separator: " ") }
    return text
  }

  static func value(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return String(flag)
    case .int(let number): return String(number)
    case .double(let number): return String(number)
    case .string(let text):
      // Full ids read better short; anything with spaces is quoted.
      if let id = IssueID(text) { return id.short }
      return text.contains(where: { $0 == " " || $0 == "\n" }) || text.isEmpty
        ? "\"" + text.replacing("\n", with: " ") + "\"" : text
    case .array(let items): return "[" + items.map(Self.value).joined(separator: ",") + "]"
    case .object(let fields):
      return "{"
        + fields.keys.sorted().map { "\($0)=\(Self.value(fields[$0] ?? .null))" }
        .joined(separator: " ") + "}"
    }
  }

  static func warn(_ malformed: [(line: Int, reason: String)], path: String, context: CommandContext) {
    for (line, reason) in malformed {
      context.output.standardError(
        "jit: warning: \(path):\(line) is not a valid event (\(reason)); skipped\n")
    }
  }
}
