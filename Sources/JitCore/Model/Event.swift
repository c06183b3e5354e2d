/// One line of `.jit/events.jsonl`: `{"ts": ..., "event": ..., "event_id": ..., "id": ..., ...}`.
public struct Event: Hashable, Sendable, Codable {
  /// When it happened.
  public var ts: Timestamp
  /// What happened: `issue.created`, `gate.passed`, ... (see `EventKind`).
  public var event: String
  /// A ULID unique to this event, so that a union merge's duplicates can be dropped.
  public var eventID: String
  /// The issue it concerns, if any.
  public var issueID: IssueID?
  /// Who did it.
  public var actor: Actor?
  /// The rest of the event's fields.
  public var fields: [String: JSONValue]

  public init(
    ts: Timestamp, event: String, eventID: String, issueID: IssueID? = nil, actor: Actor? = nil,
    fields: [String: JSONValue] = [:]
  ) {
    self.ts = ts
    self.event = event
    self.eventID = eventID
    self.issueID = issueID
    self.actor = actor
    self.fields = fields
  }

  static let reservedKeys: Set<String> = ["ts", "event", "event_id", "id", "by"]

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: DynamicKey.self)
    ts = try container.decode(Timestamp.self, forKey: DynamicKey("ts"))
    event = try container.decode(String.self, forKey: DynamicKey("event"))
    eventID = try container.decodeIfPresent(String.self, forKey: DynamicKey("event_id")) ?? ""
    issueID = try container.decodeIfPresent(IssueID.self, forKey: DynamicKey("id"))
    actor = try container.decodeIfPresent(Actor.self, forKey: DynamicKey("by"))
    var fields: [String: JSONValue] = [:]
    for key in container.allKeys where !Self.reservedKeys.contains(key.stringValue) {
      fields[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
    }
    self.fields = fields
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(ts, forKey: DynamicKey("ts"))
    try container.encode(event, forKey: DynamicKey("event"))
    try container.encode(eventID, forKey: DynamicKey("event_id"))
    try container.encodeIfPresent(issueID, forKey: DynamicKey("id"))
    try container.encodeIfPresent(actor, forKey: DynamicKey("by"))
    for (key, value) in fields where !Self.reservedKeys.contains(key) {
      try container.encode(value, forKey: DynamicKey(key))
    }
  }
}

/// The names of the events jit writes.
public enum EventKind: String, Sendable, CaseIterable {
  case issueCreated = "issue.created"
  case issueUpdated = "issue.updated"
  case issueDeleted = "issue.deleted"
  case issueStateChanged = "issue.state_changed"
  case issueAssigned = "issue.assigned"
  case issueClaimed = "issue.claimed"
  case issueUnassigned = "issue.unassigned"
  case issueCompleted = "issue.completed"
  case issueReopened = "issue.reopened"
  case issueArchived = "issue.archived"
  case issueUnarchived = "issue.unarchived"
  case issueReleased = "issue.released"
  case issueReclaimed = "issue.reclaimed"
  case issueHeld = "issue.held"
  case issueUnheld = "issue.unheld"
  case depAdded = "dep.added"
  case depRemoved = "dep.removed"
  case gateAdded = "gate.added"
  case gateRemoved = "gate.removed"
  case gatePassed = "gate.passed"
  case gateFailed = "gate.failed"
  case gateReset = "gate.reset"
  case gateDefined = "gate.defined"
  case gateUndefined = "gate.undefined"
  case gateChecked = "gate.checked"
}
