import JitCore

/// `events tail` / `events query`: JSON lines, one event object per line, as the log holds them,
/// so that a follower can stream them.
public enum EventLines {
  /// The events as JSON lines, each ending with a newline (empty for no events).
  public static func render(_ events: [Event]) throws -> String {
    var text = ""
    for event in events { text += try WireEncoder.line(event) + "\n" }
    return text
  }
}
