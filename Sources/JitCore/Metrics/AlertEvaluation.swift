/// Where an alert stands between evaluations (in `.jit/run/alerts/state.json`, never committed).
public struct AlertStatus: Hashable, Sendable, Codable {
  public enum State: String, Hashable, Sendable, Codable { case inactive, pending, firing }

  public var state: State = .inactive
  /// When the condition started to hold (pending and firing), and when the alert fired.
  public var activeSince: Timestamp?
  public var firedAt: Timestamp?
  /// The definition it was evaluated under: a changed condition or `for` starts over.
  public var condition: String = ""
  public var forSeconds: Int64 = 0
  public var lastEvaluated: Timestamp?
  public var lastValue: Double?

  public init() {}

  enum CodingKeys: String, CodingKey {
    case state, condition
    case activeSince = "active_since"
    case firedAt = "fired_at"
    case forSeconds = "for_seconds"
    case lastEvaluated = "last_evaluated"
    case lastValue = "last_value"
  }
}

/// What one evaluation of one alert changed, as Prometheus' alerting rules do: a condition that
/// starts holding makes the alert `pending`; once it has held for `for_seconds` the alert is
/// `firing` (notified once); when it stops holding a firing alert is `resolved` (notified once)
/// and a pending one goes back to inactive without a notification (`cleared`).
public enum AlertTransition: String, Hashable, Sendable, Codable {
  case pending, fired, resolved, cleared

  /// Whether this transition is notified.
  public var notifies: Bool { self == .fired || self == .resolved }
}

extension AlertStatus {
  /// Moves the status for one evaluation at `now` where the condition `holds`; the transition, if
  /// any. A status made under another definition starts over from inactive (a firing one resolves).
  public mutating func evaluate(_ definition: AlertDefinition, holds: Bool, value: Double?, at now: Timestamp)
    -> [AlertTransition]
  {
    var transitions: [AlertTransition] = []
    if condition != definition.condition || forSeconds != definition.forSeconds {
      if state == .firing && !holds { transitions.append(.resolved) }
      if state == .firing && holds {
        // Still firing under the new definition: keep it, no second notification.
      } else {
        state = .inactive
        activeSince = nil
        firedAt = nil
      }
      condition = definition.condition
      forSeconds = definition.forSeconds
    }
    lastEvaluated = now
    lastValue = value
    switch (state, holds) {
    case (.inactive, true):
      activeSince = now
      if definition.forSeconds == 0 {
        state = .firing
        firedAt = now
        transitions.append(.fired)
      } else {
        state = .pending
        transitions.append(.pending)
      }
    case (.pending, true):
      if let since = activeSince,
        now.millisecondsSince1970 - since.millisecondsSince1970 >= definition.forSeconds * 1000
      {
        state = .firing
        firedAt = now
        transitions.append(.fired)
      }
    case (.pending, false):
      state = .inactive
      activeSince = nil
      transitions.append(.cleared)
    case (.firing, false):
      state = .inactive
      activeSince = nil
      firedAt = nil
      transitions.append(.resolved)
    case (.firing, true), (.inactive, false):
      break
    }
    return transitions
  }
}
