import JitCore

/// `jit prime`: what an agent starting work needs, compactly: `{"about", "rules", "actor", "held",
/// "ready", "ready_total", "commands"}`. `held` and `ready` are `[{"id", "short_id", "title",
/// "state", "priority"}]` (at most five each); `actor` is null when who is acting is unknown.
public struct PrimeView: WireView {
  /// One issue, in a few keys.
  public struct Item: Encodable, Sendable {
    public var id: String
    public var shortID: String
    public var title: String
    public var state: String
    public var priority: String

    public init(_ row: QueryRow) {
      id = row.id.rawValue
      shortID = row.id.short
      title = row.title
      state = row.state.rawValue
      priority = row.priority.rawValue
    }

    enum CodingKeys: String, CodingKey {
      case id, title, state, priority
      case shortID = "short_id"
    }
  }

  public static let about = [
    "jit is this repository's issue tracker: issues in a dependency graph, stored as JSON in .jit/.",
    "Take ready work, claim it so no one else does, and finish it through its quality gates.",
  ]

  public static let rules = [
    "Claim before you work (jit issue claim-next, or jit issue claim ID); work only on what you hold.",
    "Finish through the gates: jit issue complete ID, then its gates must pass (jit gate check ID).",
    "Never edit .jit/ by hand: every change goes through jit.",
  ]

  public var actor: String?
  public var held: [Item]
  public var ready: [Item]
  public var readyTotal: Int

  public init(actor: String?, held: [QueryRow], ready: [QueryRow], readyTotal: Int) {
    self.actor = actor
    self.held = held.map(Item.init)
    self.ready = ready.map(Item.init)
    self.readyTotal = readyTotal
  }

  /// The few commands an agent needs, for `actor` (or a placeholder).
  public var commands: [String] {
    // A long name is not repeated in every line.
    let me = actor.flatMap { $0.count <= 32 ? $0 : nil } ?? "<you>"
    return [
      "jit next --by \(me)  # what to do now",
      "jit issue claim-next --to \(me) --lease 30m --json",
      "jit issue show ID  # gates, and what stands before done",
      "jit issue complete ID --by \(me)",
      "jit gate check ID",
      "jit issue release ID --by \(me)  # give it back",
      "jit issue create --title T --dep ID  # new work found",
    ]
  }

  enum CodingKeys: String, CodingKey {
    case about, rules, actor, held, ready, commands
    case readyTotal = "ready_total"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.about, forKey: .about)
    try container.encode(Self.rules, forKey: .rules)
    try container.encode(actor, forKey: .actor)
    try container.encode(held, forKey: .held)
    try container.encode(ready, forKey: .ready)
    try container.encode(readyTotal, forKey: .readyTotal)
    try container.encode(commands, forKey: .commands)
  }
}
