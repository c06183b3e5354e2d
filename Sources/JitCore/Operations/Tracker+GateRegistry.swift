/// What `gate define` sets; nil leaves a field as it is (on `--update`) or takes its default.
public struct GateSpec: Sendable, Hashable {
  public var key: String
  public var title: String?
  public var description: String?
  public var auto: Bool?
  public var stage: GateStage?
  /// A shell command; an empty string removes it.
  public var command: String?
  /// A plugin name under `.jit/plugins/`; an empty string removes it.
  public var plugin: String?
  /// Seconds; 0 removes it (the default applies).
  public var timeout: Int?
  /// Percent (0-100); a negative number removes it.
  public var coverageThreshold: Double?
  public var exampleIntegration: String?
  public var approval: ApprovalPolicy?
  public var onStale: StalePolicy?

  public init(
    key: String, title: String? = nil, description: String? = nil, auto: Bool? = nil,
    stage: GateStage? = nil, command: String? = nil, plugin: String? = nil, timeout: Int? = nil,
    coverageThreshold: Double? = nil, exampleIntegration: String? = nil, approval: ApprovalPolicy? = nil,
    onStale: StalePolicy? = nil
  ) {
    self.key = key
    self.title = title
    self.description = description
    self.auto = auto
    self.stage = stage
    self.command = command
    self.plugin = plugin
    self.timeout = timeout
    self.coverageThreshold = coverageThreshold
    self.exampleIntegration = exampleIntegration
    self.approval = approval
    self.onStale = onStale
  }

  /// The definition this spec makes, on top of `base` (the existing definition, for an update).
  func definition(over base: GateDefinition?) throws -> GateDefinition {
    guard let title = title ?? base?.title else {
      throw JitError.invalidArgument("a new gate needs a title (--title)", details: ["gate": .string(key)])
    }
    var definition = base ?? GateDefinition(key: key, title: title)
    definition.title = try Issue.validTitle(title)
    if let description { definition.description = description }
    if let auto { definition.auto = auto }
    if let stage { definition.stage = stage }
    if let command { definition.command = command.isEmpty ? nil : command }
    if let plugin { definition.plugin = plugin.isEmpty ? nil : plugin }
    if let timeout { definition.timeout = timeout == 0 ? nil : timeout }
    if let coverageThreshold {
      definition.coverageThreshold = coverageThreshold < 0 ? nil : coverageThreshold
    }
    if let exampleIntegration { definition.exampleIntegration = exampleIntegration }
    if let approval { definition.approval = approval }
    if let onStale { definition.onStale = onStale }
    try definition.validate()
    return definition
  }
}

/// What `define` did.
public struct GateDefinitionResult: Sendable, Codable {
  public var gate: GateDefinition
  /// `created`, `updated` or `unchanged`.
  public var outcome: String
}

extension Tracker {
  /// The gate registry, read under a shared lock.
  public func gateRegistry() throws -> GateRegistry {
    try store.read { try $0.gates() }
  }

  /// One gate definition; `GATE_NOT_FOUND` when the key is not in the registry.
  public func gateDefinition(_ key: GateKey) throws -> GateDefinition {
    let key = key.rawValue
    let registry = try gateRegistry()
    guard let definition = registry[key] else { throw registry.unknownGate(key) }
    return definition
  }

  /// The issues that require a gate, by id.
  public func issuesRequiring(_ key: GateKey) throws -> [IssueID] {
    try store.read { try $0.issues(requiring: key.rawValue) }
  }

  /// Adds a gate to the registry, or changes one with `update`. Re-defining an existing key without
  /// `update` is refused with `ALREADY_EXISTS`; an update that changes nothing writes nothing. A
  /// change of stage re-derives every issue that requires the gate.
  ///
  /// The registry is policy, so the actor must be a named person; a change that weakens a gate
  /// (manual to automated, a weaker approval policy, its checker removed, stale evidence no longer
  /// pending) must also come from a terminal, or an agent could weaken a gate, pass it, and restore it.
  public func defineGate(
    _ spec: GateSpec, update: Bool, by actor: Actor, approval: ApprovalContext = .unattended
  ) throws -> GateDefinitionResult {
    _ = try GateDefinition.validKey(spec.key)
    let action = update ? "define or change gate \(spec.key)" : "define gate \(spec.key)"
    try actor.requirePerson(to: action)
    try approval.requireNamed(actor, to: action)
    return try mutate { transaction in
      let existing = transaction.gates[spec.key]
      if existing != nil && !update {
        throw JitError(
          .alreadyExists,
          "gate '\(spec.key)' is already defined: pass --update to change it (see 'jit gate show \(spec.key)')",
          details: ["gate": .string(spec.key)])
      }
      let definition = try spec.definition(over: existing)
      if definition == existing {
        return GateDefinitionResult(gate: definition, outcome: "unchanged")
      }
      if let existing, let weakening = definition.weakening(of: existing) {
        try approval.require(
          .terminal, actor, to: "\(weakening) (a weakening of gate \(spec.key))", gate: spec.key)
      }
      var registry = transaction.gates
      registry.gates[spec.key] = definition
      transaction.putGates(registry)
      transaction.emit(
        .gateDefined, nil, by: actor,
        [
          "gate": .string(spec.key), "definition": try JSONValue(encoding: definition),
          "updated": .bool(existing != nil),
        ])
      if let existing, existing.stage != definition.stage {
        for id in try transaction.session.issues(requiring: spec.key) {
          try transaction.rederive(
            id, by: actor, reason: "gate \(spec.key) is now a \(definition.stage.rawValue) gate")
        }
      }
      return GateDefinitionResult(gate: definition, outcome: existing == nil ? "created" : "updated")
    }
  }

  /// Removes a gate from the registry. Refused with `GATE_IN_USE` while any issue requires it.
  public func undefineGate(
    _ key: GateKey, by actor: Actor, approval: ApprovalContext = .unattended
  ) throws -> GateDefinition {
    let key = key.rawValue
    try actor.requirePerson(to: "remove gate \(key) from the registry")
    try approval.requireNamed(actor, to: "remove gate \(key) from the registry")
    return try mutate { transaction in
      guard let definition = transaction.gates[key] else {
        throw transaction.gates.unknownGate(key)
      }
      let users = try transaction.session.issues(requiring: key)
      guard users.isEmpty else {
        let shown = users.prefix(10).map(\.short).joined(separator: ", ")
        throw JitError(
          .gateInUse,
          "gate '\(key)' is required by \(users.count) issue(s) (\(shown)): remove it from them first "
            + "with 'jit gate remove <id> \(key)'",
          details: ["gate": .string(key), "issues": .array(users.map { .string($0.rawValue) })])
      }
      var registry = transaction.gates
      registry.gates[key] = nil
      transaction.putGates(registry)
      transaction.emit(
        .gateUndefined, nil, by: actor,
        ["gate": .string(key), "definition": try JSONValue(encoding: definition)]
      )
      return definition
    }
  }
}
