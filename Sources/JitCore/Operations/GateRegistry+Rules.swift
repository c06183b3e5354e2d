/// The rules the gate registry answers to: which keys exist, and who may set a gate how.
extension GateRegistry {
  /// `GATE_NOT_FOUND` for a key not in this registry, naming the keys that are.
  func unknownGate(_ key: String) -> JitError {
    let known = gates.keys.sorted()
    return JitError(
      .gateNotFound,
      "gate '\(key)' is not in the registry (.jit/gates.json); "
        + (known.isEmpty ? "define it first" : "known gates: \(known.joined(separator: ", "))"),
      details: ["gate": .string(key), "known": .array(known.map { .string($0) })])
  }

  /// Checks that `actor` may set gate `key` on `issue` to `status` by `route`; returns its definition.
  /// A checker's verdict does not depend on who ran it, so `actor` may be nil for that route.
  func settable(
    _ key: String, on issue: Issue, to status: GateState, route: GateRoute, by actor: Actor?
  ) throws -> GateDefinition {
    guard let definition = self[key] else { throw unknownGate(key) }
    guard issue.gatesRequired.contains(key) else {
      let required = issue.gatesRequired
      throw JitError(
        .gateNotRequired,
        "\(issue.id.short) does not require gate \(key)"
          + (required.isEmpty ? "" : " (it requires \(required.joined(separator: ", ")))")
          + "; add it with 'jit gate add \(issue.id.short) \(key)'",
        details: [
          "id": .string(issue.id.rawValue), "gate": .string(key),
          "required": .array(required.map { .string($0) }),
        ])
    }
    guard issue.state.isOpen else {
      throw issue.invalidTransition(
        "set gate \(key) on", "it is \(issue.state.rawValue) (reopen or unarchive it first)")
    }
    let details: [String: JSONValue] = [
      "id": .string(issue.id.rawValue), "gate": .string(key),
      "actor": actor.map { .string($0.description) } ?? .null,
      "auto": .bool(definition.auto),
    ]
    if !definition.auto {
      guard let actor, route != .checker else {
        throw JitError(
          .manualGateRequiresHuman,
          "gate \(key) is manual: no checker or artifact decides it; a person passes it with "
            + "'jit gate pass \(issue.id.short) \(key) --by human:<name>'", details: details)
      }
      guard route == .manual else {
        throw JitError.invalidArgument(
          "gate \(key) is manual: there is no checker to override; a person passes it without --override",
          details: details)
      }
      guard actor.isHuman else {
        throw JitError(
          .manualGateRequiresHuman,
          "\(actor) cannot set gate \(key): it is a manual gate, set only by a person (a human: actor) "
            + "who has not held the issue", details: details)
      }
      if status == .passed && issue.hasBeenHeld(by: actor) {
        throw issue.selfApproval(key, actor, action: "pass")
      }
    } else if route != .checker && status == .passed, let actor {
      if definition.hasChecker {
        guard route == .override else {
          throw JitError(
            .checkerGateRequiresCheck,
            "\(actor) cannot pass gate \(key) by hand: its checker decides it ('jit gate check "
              + "\(issue.id.short) \(key)', or 'jit gate ingest' of a CI artifact); a person who has not "
              + "held the issue may override it with --override --reason", details: details)
        }
        guard actor.isHuman else {
          throw JitError(
            .manualGateRequiresHuman,
            "\(actor) cannot override gate \(key): only a person (a human: actor) overrides a checker",
            details: details)
        }
        if issue.hasBeenHeld(by: actor) { throw issue.selfApproval(key, actor, action: "override") }
      } else if route == .override {
        throw JitError.invalidArgument(
          "gate \(key) has no command or plugin, so there is no checker to override", details: details)
      } else if actor.isHuman {
        throw JitError(
          .automatedGateRequiresAutomation,
          "\(actor) cannot pass gate \(key) by hand: it is an automated gate, passed by automation (a "
            + "non-human actor such as ci:... or agent:...), by 'jit gate check' or by 'jit gate ingest'; "
            + "anyone may fail it", details: details)
      }
    }
    return definition
  }
}

extension GateDefinition {
  /// Refuses a definition whose fields contradict each other or are out of range.
  func validate() throws {
    let definition = self
    let key: [String: JSONValue] = ["gate": .string(definition.key)]
    if definition.command != nil && definition.plugin != nil {
      throw JitError.invalidArgument(
        "gate '\(definition.key)' names both a command and a plugin: a checker is one or the other",
        details: key)
    }
    if definition.hasChecker && !definition.auto {
      throw JitError.invalidArgument(
        "gate '\(definition.key)' is manual, so no checker may decide it: add --auto, or drop the "
          + "command/plugin", details: key)
    }
    if let plugin = definition.plugin, !GateDefinition.isValidPluginName(plugin) {
      throw JitError.invalidArgument(
        "'\(plugin)' is not a plugin name: give the file name of an executable in .jit/plugins/ "
          + "(no '/', no '..')", details: key.merging(["plugin": .string(plugin)]) { $1 })
    }
    if let timeout = definition.timeout, timeout < 1 || timeout > 86_400 {
      throw JitError.invalidArgument("the timeout must be 1 to 86400 seconds", details: key)
    }
    if let threshold = definition.coverageThreshold, !(0...100).contains(threshold) {
      throw JitError.invalidArgument("the coverage threshold is a percentage from 0 to 100", details: key)
    }
  }
}

extension GateDefinition {
  /// How this definition is weaker than `old`, in words; nil when it is not.
  func weakening(of old: GateDefinition) -> String? {
    if !old.auto && auto { return "make it automated" }
    let strength: [ApprovalPolicy: Int] = [.any: 0, .terminal: 1, .signed: 2]
    if (strength[approvalPolicy] ?? 0) < (strength[old.approvalPolicy] ?? 0) {
      return "lower its approval policy to \(approvalPolicy.rawValue)"
    }
    if old.hasChecker && !hasChecker { return "remove its checker" }
    if old.stalePolicy == .pending && stalePolicy == .warn {
      return "stop counting stale evidence as pending"
    }
    return nil
  }
}

extension Actor {
  /// The registry is policy: which gates exist and whether automation may pass them. Only a person
  /// changes it, or an agent could turn a manual gate automated, pass it, and turn it back.
  func requirePerson(to action: String) throws {
    let actor = self
    guard actor.isHuman else {
      throw JitError(
        .registryChangeRequiresHuman,
        "\(actor) cannot \(action): only a person (a human: actor) changes the gate registry",
        details: ["actor": .string(actor.description)])
    }
  }
}
