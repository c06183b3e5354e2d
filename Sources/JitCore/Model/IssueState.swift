/// The state an issue is in. `blocked` is never stored: it is derived from dependencies.
public enum IssueState: String, Codable, Sendable, CaseIterable, Comparable {
  /// Created, but a dependency is not done or a precheck gate has not passed.
  case backlog
  /// Every dependency is done and every precheck gate has passed: available to claim.
  case ready
  /// Claimed and being worked on.
  case inProgress = "in_progress"
  /// Work complete; waiting for its required gates to pass.
  case gated
  /// Finished, with every required gate passed.
  case done
  /// No longer relevant.
  case archived

  /// Whether this state is derived (kept true automatically) rather than set by a command.
  public var isDerived: Bool { self == .backlog || self == .ready }

  /// Whether the issue still has work ahead of it.
  public var isOpen: Bool { self != .done && self != .archived }

  /// Parses a state name as users type it (`in_progress`, `in-progress`, `inprogress`).
  public init?(name: String) {
    let normalized = name.lowercased().replacing("-", with: "_")
    if normalized == "inprogress" {
      self = .inProgress
      return
    }
    self.init(rawValue: normalized)
  }

  private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
  public static func < (lhs: IssueState, rhs: IssueState) -> Bool { lhs.order < rhs.order }
}

/// How urgent an issue is. Ordered from `low` to `critical`.
public enum Priority: String, Codable, Sendable, CaseIterable, Comparable {
  case low, normal, high, critical

  /// A number for sorting: higher is more urgent.
  public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }

  public init?(name: String) { self.init(rawValue: name.lowercased()) }
}
