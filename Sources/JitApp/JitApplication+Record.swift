import FoundationEssentials
import JitCore

extension JitApplication {
  /// Appends a front end's own event (`dispatch.run_started`, ...) to the event log, in the shape
  /// of every other event (`ts`, `event`, `event_id`, `id`, `by`, fields), through the store's write
  /// session, so `events query` and `events tail` read it like the tracker's own. Returns it.
  ///
  /// `kind` must have a namespace of the front end's own (`dispatch.`); the tracker's names
  /// (`issue.`, `gate.`, `dep.`) are refused with `INVALID_ARGUMENT`.
  @discardableResult
  public func record(
    _ kind: String, issue: IssueID? = nil, by: String? = nil, fields: [String: JSONValue] = [:]
  ) throws -> Event {
    let reserved = ["issue.", "gate.", "dep."]
    guard kind.contains("."), !reserved.contains(where: kind.hasPrefix) else {
      throw JitError.invalidArgument(
        "event \(kind) is not a front end's own (namespace.name, not issue./gate./dep.)",
        details: ["event": .string(kind)])
    }
    let actor = try actor(by)
    let now = tracker.clock()
    let event = Event(
      ts: now, event: kind, eventID: tracker.ids.next(at: now.date), issueID: issue, actor: actor,
      fields: fields)
    try store.write { session in try session.append([event]) }
    return event
  }
}
