/// What `alert check` found for one alert.
public struct AlertCheckResult: Sendable, Hashable, Codable {
  public var alert: String
  public var condition: String
  /// Whether the condition holds now.
  public var holds: Bool
  /// The value of the condition's first metric, and of each metric it names.
  public var value: Double?
  public var values: [String: Double]
  public var state: AlertStatus.State
  /// What this check changed: `pending`, `fired`, `resolved`, `cleared`, or none.
  public var transitions: [AlertTransition]
  /// Each notification sent by this check, with its outcome.
  public var deliveries: [AlertDeliveryOutcome]

  public init(
    alert: String, condition: String, holds: Bool, value: Double?, values: [String: Double],
    state: AlertStatus.State, transitions: [AlertTransition], deliveries: [AlertDeliveryOutcome]
  ) {
    self.alert = alert
    self.condition = condition
    self.holds = holds
    self.value = value
    self.values = values
    self.state = state
    self.transitions = transitions
    self.deliveries = deliveries
  }
}

/// How one notification went: the target, whether it was delivered (a 2xx, or exit 0), why not,
/// and how many attempts it took.
public struct AlertDeliveryOutcome: Sendable, Hashable, Codable {
  public var target: String
  public var delivered: Bool
  public var reason: String?
  public var attempts: Int

  public init(target: String, delivered: Bool, reason: String?, attempts: Int) {
    self.target = target
    self.delivered = delivered
    self.reason = reason
    self.attempts = attempts
  }
}
