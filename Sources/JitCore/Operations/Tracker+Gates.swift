/// How a gate verdict arrived: typed by an actor (`gate pass`/`gate fail`), or read from a checker
/// or an artifact (`gate check`/`gate ingest`), whose evidence speaks for it.
public enum GateRoute: String, Sendable, Codable {
  case manual
  case checker
  /// A person's pass of a gate its checker decides, with a reason (`gate pass --override`).
  case override
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
  ///
  /// A removal is an approval: the actor must be named, and unless the gate's policy is `any`, be
  /// at a terminal (a `signed` gate too: a removal carries no verdict to sign).
  public func removeGate(
    _ reference: IssueReference, _ key: GateKey, by actor: Actor, approval: ApprovalContext = .unattended
  ) throws -> GateChange {
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
      if issue.hasBeenHeld(by: actor) {
        throw issue.selfApproval(key, actor, action: "remove")
      }
      let policy = transaction.gates[key]?.approvalPolicy ?? .terminal
      try approval.require(policy == .any ? .any : .terminal, actor, to: "remove gate \(key)", gate: key)
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
  ///
  /// A pass of a manual gate, and an `override` of a checker gate, is an approval: the actor must be
  /// named and meet the gate's approval policy (`approval`), and a `signed` one is signed here, before
  /// the lock is taken. A pass records the code it was given on (`GitWorkspace.current`).
  public func setGate(
    _ reference: IssueReference, _ key: GateKey, to status: GateState, by actor: Actor, reason: String? = nil,
    approval: ApprovalContext = .unattended, override: Bool = false, fence: ClaimFence? = nil
  ) throws -> GateChange {
    guard status != .pending else { throw JitError.invalidArgument("a gate is set to passed or failed") }
    if override {
      guard status == .passed else { throw JitError.invalidArgument("--override is for passing a gate") }
      guard let reason, !reason.trimmingWhitespace().isEmpty else {
        throw JitError.invalidArgument(
          "an override needs a reason (--reason \"...\"): it is kept with the verdict")
      }
    }
    let key = key.rawValue
    let route: GateRoute = override ? .override : .manual
    let (id, definition) = try read { reader in
      let issue = try reader.issue(reference)
      let registry = try reader.session.gates()
      // Nobody approves by default: an assumed actor is told so before anything else.
      if status == .passed && (override || registry[key]?.auto == false) {
        try approval.requireNamed(actor, to: override ? "override gate \(key)" : "pass gate \(key)")
      }
      return (issue.id, try registry.settable(key, on: issue, to: status, route: route, by: actor))
    }
    let approving = status == .passed && (override || !definition.auto)
    var evidence = GateEvidence(source: override ? GateEvidence.overrideSource : "manual", message: reason)
    if approving {
      let action = override ? "override gate \(key)" : "pass gate \(key)"
      try approval.require(definition.approvalPolicy, actor, to: action, gate: key)
    }
    if status == .passed, let layout = workspace {
      evidence.code = GitWorkspace(root: layout.rootDirectory, environment: approval.environment).current()
    }
    if approving && definition.approvalPolicy == .signed, let signingKey = approval.signingKey {
      try sign(&evidence, id, key, status, by: actor, key: signingKey, environment: approval.environment)
    }
    return try mutate { transaction in
      if approving, let current = transaction.gates[key], current.approvalPolicy != definition.approvalPolicy
      {
        throw JitError(
          .invalidTransition,
          "gate \(key)'s approval policy changed while the approval was being made: run the command again",
          details: ["gate": .string(key)])
      }
      try transaction.check(fence, on: try transaction.load(id))
      return try transaction.record(id, key, status, evidence: evidence, route: route, by: actor)
    }
  }

  /// Signs the approval `evidence` records with `key`, and verifies the signature against
  /// `.jit/allowed_signers` as `validate` will (`SIGNATURE_INVALID` when it does not verify).
  private func sign(
    _ evidence: inout GateEvidence, _ id: IssueID, _ gate: String, _ status: GateState, by actor: Actor,
    key: String, environment: [String: String]
  ) throws {
    guard let layout = workspace else {
      throw JitError(.internalError, "signed approvals need a repository on disk")
    }
    let at = clock()
    let statement = ApprovalStatement(
      issue: id, gate: gate, status: status, actor: actor, at: at, commit: evidence.commit)
    let signer = ApprovalSigner(directory: layout.rootDirectory, environment: environment)
    let signature = try signer.sign(statement, key: key)
    if let failure = signer.failure(
      of: statement, signature: signature, allowedSigners: layout.allowedSignersFile)
    {
      throw JitError(
        .signatureInvalid,
        "the approval was signed but \(failure): add your public key to .jit/allowed_signers as "
          + "'\(ApprovalStatement.principal(actor)) <key type> <key>' (and commit it)",
        details: ["gate": .string(gate), "actor": .string(actor.description), "key": .string(key)])
    }
    evidence.signature = signature
    evidence.signedAt = at
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
