/// One issue, as stored in `.jit/issues/<id>.json`.
public struct Issue: Hashable, Sendable, Codable {
  public var id: IssueID
  /// A one-line summary.
  public var title: String
  /// Details, acceptance criteria and context for whoever takes the work.
  public var description: String
  public var state: IssueState
  public var priority: Priority
  /// Who holds the issue, if anyone.
  public var assignee: Actor?
  /// Prerequisites: ids of issues that must be `done` first. Kept sorted and unique.
  public var dependencies: [IssueID]
  /// Prerequisites in other repositories (`alias:ID`, docs/format.md): satisfied only when that
  /// issue is `done` there. Kept sorted and unique; written only when not empty.
  public var externalDependencies: [ExternalDependency] = []
  /// Keys of the gates (from the registry) this issue must pass, in the order they were added.
  public var gatesRequired: [String]
  /// The status of each required gate.
  public var gatesStatus: [String: GateStatus]
  /// Free-form key-value data for agents and integrations.
  public var context: [String: String]
  public var createdAt: Timestamp
  public var updatedAt: Timestamp
  /// The state an archived issue was in when it was archived, so that unarchiving a `done` issue
  /// brings it back done. Written only while the issue is archived.
  public var archivedFrom: IssueState?
  /// Everyone who has held the issue (claimed it or been assigned it) since its gates were last
  /// reset (its creation or its last reopening), in the order they took it. None of them may pass
  /// its manual gates. Written only when not empty.
  public var heldBy: [Actor] = []
  /// The claim generation: it only grows, by one on each claim, release and reclaim, so that a
  /// command made under an older claim can be told apart (`ClaimFence`). 0 until first claimed;
  /// written only when above 0.
  public var claimGeneration: Int = 0
  /// How many claims of it ended without the work done (their lease expired, or the run failed)
  /// since it was last unheld or reopened. Written only when above 0.
  public var attempts: Int = 0
  /// Why the issue is held back: a held issue is never ready or claimable until `jit issue unhold`.
  public var hold: Hold?
  /// Fields this version of jit does not know (written by a newer one, or by hand): kept as they
  /// are and written back, so that rewriting an issue never loses them.
  public var otherFields: [String: JSONValue] = [:]

  public init(
    id: IssueID, title: String, description: String = "", state: IssueState = .backlog,
    priority: Priority = .normal, assignee: Actor? = nil, dependencies: [IssueID] = [],
    gatesRequired: [String] = [], gatesStatus: [String: GateStatus] = [:],
    context: [String: String] = [:], createdAt: Timestamp, updatedAt: Timestamp? = nil
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.state = state
    self.priority = priority
    self.assignee = assignee
    self.dependencies = Array(Set(dependencies)).sorted()
    self.gatesRequired = gatesRequired
    self.gatesStatus = gatesStatus
    self.context = context
    self.createdAt = createdAt
    self.updatedAt = updatedAt ?? createdAt
  }

  /// Whether `actor` holds the issue or has held it since its gates were last reset.
  public func hasBeenHeld(by actor: Actor) -> Bool {
    assignee == actor || heldBy.contains(actor)
  }

  /// Records that `actor` now holds the issue.
  mutating func noteHolder(_ actor: Actor) {
    if !heldBy.contains(actor) { heldBy.append(actor) }
  }

  /// The status of a required gate (`pending` when it has never been set).
  public func gateStatus(_ key: String) -> GateStatus {
    gatesStatus[key] ?? GateStatus()
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, title, description, state, priority, assignee, dependencies, context
    case gatesRequired = "gates_required"
    case gatesStatus = "gates_status"
    case createdAt = "created_at"
    case updatedAt = "updated_at"
    case archivedFrom = "archived_from"
    case heldBy = "held_by"
    case claimGeneration = "claim_generation"
    case attempts, hold
    case externalDependencies = "external_dependencies"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(IssueID.self, forKey: .id)
    title = try container.decode(String.self, forKey: .title)
    description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
    state = try container.decode(IssueState.self, forKey: .state)
    priority = try container.decodeIfPresent(Priority.self, forKey: .priority) ?? .normal
    assignee = try container.decodeIfPresent(Actor.self, forKey: .assignee)
    dependencies = try container.decodeIfPresent([IssueID].self, forKey: .dependencies) ?? []
    externalDependencies =
      try container.decodeIfPresent([ExternalDependency].self, forKey: .externalDependencies) ?? []
    gatesRequired = try container.decodeIfPresent([String].self, forKey: .gatesRequired) ?? []
    gatesStatus = try container.decodeIfPresent([String: GateStatus].self, forKey: .gatesStatus) ?? [:]
    context = try container.decodeIfPresent([String: String].self, forKey: .context) ?? [:]
    createdAt = try container.decode(Timestamp.self, forKey: .createdAt)
    updatedAt = try container.decodeIfPresent(Timestamp.self, forKey: .updatedAt) ?? createdAt
    archivedFrom = try container.decodeIfPresent(IssueState.self, forKey: .archivedFrom)
    heldBy = try container.decodeIfPresent([Actor].self, forKey: .heldBy) ?? []
    claimGeneration = try container.decodeIfPresent(Int.self, forKey: .claimGeneration) ?? 0
    attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
    hold = try container.decodeIfPresent(Hold.self, forKey: .hold)
    let everything = try decoder.container(keyedBy: DynamicKey.self)
    for key in everything.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
      otherFields[key.stringValue] = try everything.decode(JSONValue.self, forKey: key)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(title, forKey: .title)
    try container.encode(description, forKey: .description)
    try container.encode(state, forKey: .state)
    try container.encode(priority, forKey: .priority)
    try container.encode(assignee, forKey: .assignee)  // written as null when unassigned
    try container.encode(dependencies, forKey: .dependencies)
    if !externalDependencies.isEmpty {
      try container.encode(externalDependencies, forKey: .externalDependencies)
    }
    try container.encode(gatesRequired, forKey: .gatesRequired)
    try container.encode(gatesStatus, forKey: .gatesStatus)
    try container.encode(context, forKey: .context)
    try container.encode(createdAt, forKey: .createdAt)
    try container.encode(updatedAt, forKey: .updatedAt)
    try container.encodeIfPresent(archivedFrom, forKey: .archivedFrom)
    if !heldBy.isEmpty { try container.encode(heldBy, forKey: .heldBy) }
    if claimGeneration > 0 { try container.encode(claimGeneration, forKey: .claimGeneration) }
    if attempts > 0 { try container.encode(attempts, forKey: .attempts) }
    try container.encodeIfPresent(hold, forKey: .hold)
    if !otherFields.isEmpty {
      var others = encoder.container(keyedBy: DynamicKey.self)
      for (key, value) in otherFields where CodingKeys(rawValue: key) == nil {
        try others.encode(value, forKey: DynamicKey(key))
      }
    }
  }
}

/// Why an issue is held back from ready, by whom, since when (`jit issue release --hold`, or a
/// reclaim once its attempts are spent).
public struct Hold: Hashable, Sendable, Codable {
  public var reason: String
  public var by: Actor
  public var at: Timestamp

  public init(reason: String, by: Actor, at: Timestamp) {
    self.reason = reason
    self.by = by
    self.at = at
  }
}
