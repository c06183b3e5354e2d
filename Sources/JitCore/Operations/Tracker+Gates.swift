/// How a gate verdict arrived: typed by an actor (`gate pass`/`gate fail`), or read from a checker
/// or an artifact (`gate check`/`gate ingest`), whose evidence speaks for it.
public enum GateRoute: String, Sendable, Codable {
  case manual
  case checker
}

/// What a gate command did to one issue.
public struct GateChange: Sendable, Codable {
  public var issue: Issue
  public var gate: String
  /// False when the command was a no-op (the gate was already so).
  public var changed: Bool
  /// What stands between the issue and done, as the same locked transaction left it.
  public var outlook: DoneOutlook

  public init(issue: Issue, gate: String, changed: Bool, outlook: DoneOutlook) {
    self.issue = issue
    self.gate = gate
    self.changed = changed
    self.outlook = outlook
  }
}

extension Tracker {
  /// Requires a registered gate on an issue. Its status starts `pending`; a precheck gate sends a
  /// `ready` issue back to `backlog`. Adding a gate the issue already requires is a no-op.
  public func addGate(_ reference: IssueReference, _ key: GateKey, by actor: Actor) throws -> GateChange {
    let key = key.rawValue
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard let definition = transaction.gates[key] else {
        throw transaction.gates.unknownGate(key)
      }
      guard issue.state.isOpen else {
        throw issue.invalidTransition(
          "add gate \(key) to", "it is \(issue.state.rawValue) (reopen or unarchive it first)")
      }
      guard !issue.gatesRequired.contains(key) else {
        return try transaction.gateChange(id, key, changed: false)
      }
      issue.gatesRequired.append(key)
      issue.gatesStatus[key] = GateStatus()
      transaction.put(issue)
      transaction.emit(
        .gateAdded, id, by: actor, ["gate": .string(key), "stage": .string(definition.stage.rawValue)])
      try transaction.rederive(id, by: actor, reason: "\(definition.stage.rawValue) gate \(key) added")
      return try transaction.gateChange(id, key, changed: true)
    }
  }

  /// Stops requiring a gate on an issue. Removing a gate waives it, so only a person who is not the
  /// issue's assignee may do it. A `gated` issue whose remaining gates have all passed becomes `done`.
  /// Removing a gate the issue does not require is a no-op.
  public func removeGate(_ reference: IssueReference, _ key: GateKey, by actor: Actor) throws -> GateChange {
    let key = key.rawValue
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard transaction.gates[key] != nil || issue.gatesRequired.contains(key) else {
        throw transaction.gates.unknownGate(key)
      }
      guard issue.gatesRequired.contains(key) else {
        return try transaction.gateChange(id, key, changed: false)
      }
      guard actor.isHuman else {
        throw JitError(
          .gateRemovalRequiresHuman,
          "\(actor) cannot remove gate \(key) from \(id.short): removing a gate waives it, which only a "
            + "person (a human: actor) may do",
          details: ["id": .string(id.rawValue), "gate": .string(key), "actor": .string(actor.description)])
      }
      if actor == issue.assignee {
        throw issue.selfApproval(key, actor, action: "remove")
      }
      issue.gatesRequired.removeAll { $0 == key }
      issue.gatesStatus[key] = nil
      transaction.put(issue)
      transaction.emit(.gateRemoved, id, by: actor, ["gate": .string(key)])
      try transaction.settle(&issue, after: "gate \(key) was removed", failure: false, by: actor)
      return try transaction.gateChange(id, key, changed: true)
    }
  }

  /// Passes or fails a required gate by hand (`gate pass` / `gate fail`), under the permission rules of
  /// docs/gates.md. Setting a gate to the status it already has is a no-op.
  public func setGate(
    _ reference: IssueReference, _ key: GateKey, to status: GateState, by actor: Actor, reason: String? = nil
  ) throws -> GateChange {
    guard status != .pending else { throw JitError.invalidArgument("a gate is set to passed or failed") }
    let key = key.rawValue
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      let evidence = GateEvidence(source: "manual", message: reason)
      return try transaction.record(
        id, key, status, evidence: evidence, route: .manual, by: actor)
    }
  }
}

extension Transaction {
  /// Records a verdict on one gate inside a transaction: checks the rules, sets the status with its
  /// evidence, emits `gate.passed`/`gate.failed`, and moves the issue (gated to done on the last pass,
  /// gated to in_progress on a failure, backlog/ready re-derived).
  mutating func record(
    _ id: IssueID, _ key: String, _ status: GateState, evidence: GateEvidence, route: GateRoute,
    by actor: Actor
  ) throws -> GateChange {
    var issue = try load(id)
    let definition = try gates.settable(key, on: issue, to: status, route: route, by: actor)
    let previous = issue.gateStatus(key)
    if route == .manual && previous.status == status {
      return try gateChange(id, key, changed: false)
    }
    issue.gatesStatus[key] = GateStatus(
      status: status, updatedBy: actor, updatedAt: now, evidence: evidence)
    put(issue)
    emit(
      status == .passed ? .gatePassed : .gateFailed, id, by: actor,
      [
        "gate": .string(key), "previous": .string(previous.status.rawValue), "route": .string(route.rawValue),
        "stage": .string(definition.stage.rawValue), "evidence": try JSONValue(encoding: evidence),
      ])
    try settle(&issue, after: "gate \(key) \(status.rawValue)", failure: status == .failed, by: actor)
    return try gateChange(id, key, changed: true)
  }

  /// Moves an issue after its gates changed: a `gated` issue with nothing left becomes `done` (and its
  /// dependents follow), a `gated` issue whose gate just failed (`failure`) goes back to `in_progress`,
  /// and a derived state is recomputed.
  mutating func settle(_ issue: inout Issue, after why: String, failure: Bool, by actor: Actor) throws {
    issue = try load(issue.id)
    switch issue.state {
    case .gated:
      let blockers = self.evaluator().blockersToDone(issue)
      if blockers.isEmpty {
        emit(
          .issueCompleted, issue.id, by: actor,
          [
            "assignee": issue.assignee.map { .string($0.description) } ?? .null, "state": "done",
            "automatic": true, "reason": .string(why),
          ])
        setState(&issue, .done, by: actor, reason: "\(why): every required gate has passed")
        try propagate(from: issue.id, by: actor)
      } else if failure {
        setState(&issue, .inProgress, by: actor, reason: "\(why): back to rework")
      }
    case .backlog, .ready:
      try rederive(issue.id, by: actor, reason: why)
    case .inProgress, .done, .archived:
      break
    }
  }
}
