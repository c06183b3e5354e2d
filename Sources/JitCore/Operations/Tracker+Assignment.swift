extension Tracker {
  /// Sets the assignee without changing the state (planning). Replaces any previous assignee.
  public func assign(_ reference: IssueReference, to assignee: Actor, by actor: Actor) throws -> Issue {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard issue.state.isOpen else {
        throw issue.invalidTransition("assign", "it is \(issue.state.rawValue)")
      }
      guard issue.assignee != assignee else { return issue }
      try issue.refuseWhileGated("assign")
      let previous = issue.assignee
      // Moving work someone is doing takes it from them: their claim ends (a new generation).
      let reassigned = issue.state == .inProgress && previous != nil
      let override = reassigned ? try transaction.requireHolder(issue, actor, to: "reassign") : false
      try transaction.handOver(&issue, to: assignee, by: actor)
      issue.assignee = assignee
      if reassigned {
        issue.claimGeneration += 1
        try transaction.removeLease(id)
      }
      transaction.put(issue)
      var fields: [String: JSONValue] = [
        "assignee": .string(assignee.description),
        "previous": previous.map { .string($0.description) } ?? .null,
      ]
      if reassigned { fields["generation"] = .int(Int64(issue.claimGeneration)) }
      if override { fields["override"] = true }
      transaction.emit(.issueAssigned, id, by: actor, fields)
      return try transaction.load(id)
    }
  }

  /// Atomically takes a ready issue: sets the assignee and moves it to `in_progress`. Fails with
  /// `ALREADY_ASSIGNED` if someone else holds it and `NOT_READY` (with the reasons) if it is not ready.
  /// The actor an issue was assigned to (for planning) may claim it.
  /// With a `lease` (from 1 second to 7 days) the claim lapses unless renewed (`heartbeat`).
  ///
  /// Claiming what `assignee` already holds succeeds (a retry after a lost reply), unless
  /// `exclusive`: then only a new claim succeeds, and one already held by the same actor is
  /// `ALREADY_ASSIGNED`, so two dispatchers claiming as one agent never both get it.
  public func claim(
    _ reference: IssueReference, to assignee: Actor, lease: Duration? = nil, exclusive: Bool = false
  ) throws -> Issue {
    let lease = try Lease.validDuration(lease)
    return try mutate(claiming: true) { transaction in
      let id = try transaction.resolve(reference)
      return try transaction.claim(id, to: assignee, leaseMs: lease, exclusive: exclusive)
    }
  }

  /// Claims the most urgent ready, unassigned issue that passes `filter` (oldest first among
  /// equals). `NO_READY_ISSUE` when there is none.
  public func claimNext(
    filter: IssueFilter = IssueFilter(), to assignee: Actor, lease: Duration? = nil
  ) throws -> Issue {
    let lease = try Lease.validDuration(lease)
    return try mutate(claiming: true) { transaction in
      // The store proposes candidates (from its index, if it has one); the issue's own file has
      // the last word, so a candidate a hand edit has made unclaimable is passed over.
      var limit = 8
      while true {
        let candidates = try transaction.session.claimCandidates(filter, limit: limit)
        for id in candidates {
          do {
            guard let issue = try transaction.find(id), issue.isClaimable, filter.matches(issue) else {
              continue
            }
            return try transaction.claim(id, to: assignee, leaseMs: lease)
          } catch let error as JitError where error.code == .notReady || error.code == .selfApproval {
            // Its file says ready but a dependency is no longer done, or the claimer approved one
            // of its precheck gates: the next one.
            continue
          } catch {
            // Its file, or a dependency's, cannot be read as an issue: recorded, and the next one.
            try transaction.session.passOver(error)
          }
        }
        guard candidates.count == limit else {
          throw JitError(.noReadyIssue, "no ready, unassigned issue matches", details: [:])
        }
        limit *= 8
      }
    }
  }

  /// Clears the assignee; an `in_progress` issue goes back to `ready` (or `backlog`), under a new
  /// claim generation. Only the holder, or a person (recorded as an override), may.
  public func unassign(_ reference: IssueReference, by actor: Actor) throws -> Issue {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard let previous = issue.assignee else { return issue }
      try issue.refuseWhileGated("unassign")
      let override =
        issue.state == .inProgress ? try transaction.requireHolder(issue, actor, to: "unassign") : false
      issue.assignee = nil
      if issue.state == .inProgress { issue.claimGeneration += 1 }
      try transaction.removeLease(id)
      transaction.put(issue)
      var fields: [String: JSONValue] = ["previous": .string(previous.description)]
      if override { fields["override"] = true }
      transaction.emit(.issueUnassigned, id, by: actor, fields)
      if issue.state == .inProgress {
        issue.state = .backlog  // re-derived to ready or backlog below
        let state = try transaction.evaluator().derivedState(issue)
        issue.state = .inProgress
        transaction.setState(&issue, state, by: actor, reason: "unassigned")
      }
      return try transaction.load(id)
    }
  }
}

extension Transaction {
  /// Gives a ready issue to `assignee` and starts it, deriving its readiness again first.
  mutating func claim(
    _ id: IssueID, to assignee: Actor, leaseMs: Int64? = nil, exclusive: Bool = false
  ) throws -> Issue {
    var issue = try load(id)
    // Finished or archived work is not there to take, whoever did it: not a conflict over who holds it.
    if issue.state == .done || issue.state == .archived {
      throw JitError(
        .notReady, "\(id.short) is \(issue.state.rawValue), not ready",
        details: [
          "id": .string(id.rawValue), "state": .string(issue.state.rawValue),
          "blocked_by": try JSONValue(encoding: BlockingReasons()),
        ])
    }
    if let holder = issue.assignee, holder != assignee || exclusive {
      throw JitError(
        .alreadyAssigned, "\(id.short) is already assigned to \(holder)",
        details: ["id": .string(id.rawValue), "assignee": .string(holder.description)])
    }
    // Claiming what you already hold is a success, so that a retry after a lost reply is safe
    // (with a lease, it is renewed).
    if issue.state == .inProgress && issue.assignee == assignee {
      if let leaseMs {
        try saveLease(
          Lease(id: id, holder: assignee, generation: issue.claimGeneration, durationMs: leaseMs, now: now))
      }
      return issue
    }
    // The stored state is not trusted: after a merge or a hand edit a file may say `ready` while a
    // dependency is no longer done. Readiness is derived again from the dependencies themselves.
    let evaluator = self.evaluator()
    let reasons = issue.state.isDerived ? try evaluator.blockersToReady(issue) : BlockingReasons()
    guard issue.state == .ready, reasons.isEmpty else {
      let state = issue.state.isDerived ? IssueState.backlog : issue.state
      var message = "\(id.short) is \(state.rawValue), not ready"
      if !reasons.isEmpty { message += ": " + reasons.sentence }
      var local = reasons
      local.external = []
      if issue.state == .ready && !local.isEmpty {
        message += " (its file still says ready: 'jit validate --fix' corrects it)"
      } else if issue.state == .backlog && reasons.isEmpty {
        // A merge or an edit left its file behind: nothing blocks it any more.
        message +=
          " (its file says backlog, but nothing blocks it any more: 'jit validate --fix' makes it ready)"
      }
      throw JitError(
        .notReady, message,
        details: [
          "id": .string(id.rawValue), "state": .string(state.rawValue),
          "blocked_by": try JSONValue(encoding: reasons),
        ])
    }
    try handOver(&issue, to: assignee, by: assignee)
    issue.assignee = assignee
    issue.claimGeneration += 1
    put(issue)
    var fields: [String: JSONValue] = [
      "assignee": .string(assignee.description), "generation": .int(Int64(issue.claimGeneration)),
    ]
    if let leaseMs {
      let lease = Lease(
        id: id, holder: assignee, generation: issue.claimGeneration, durationMs: leaseMs, now: now)
      try saveLease(lease)
      fields["lease_expires_at"] = .string(lease.expiresAt.description)
    } else {
      try removeLease(id)
    }
    emit(.issueClaimed, id, by: assignee, fields)
    setState(&issue, .inProgress, by: assignee, reason: "claimed")
    return try load(id)
  }
}

extension Transaction {
  /// Gives `issue` a new holder: records them in `held_by`, and withdraws the approvals they gave
  /// it (manual gates they passed, checkers they overrode), since nobody approves work they hold.
  /// A postcheck approval goes back to pending (`gate.reset`); a precheck one, which let the issue
  /// become ready, makes the hand-over fail with `SELF_APPROVAL`.
  mutating func handOver(_ issue: inout Issue, to holder: Actor, by actor: Actor) throws {
    var withdrawn: [String] = []
    for key in issue.gatesRequired {
      let result = issue.gateStatus(key)
      guard result.status == .passed, result.updatedBy == holder else { continue }
      let definition = gates[key]
      guard definition?.auto == false || result.evidence?.isOverride == true else { continue }
      if definition?.stage == .precheck {
        throw JitError(
          .selfApproval,
          "\(holder) cannot take \(issue.id.short): they approved its precheck gate \(key), and nobody "
            + "holds work they approved; another actor must take it (or fail the gate first)",
          details: [
            "id": .string(issue.id.rawValue), "gate": .string(key), "actor": .string(holder.description),
          ])
      }
      withdrawn.append(key)
    }
    for key in withdrawn {
      issue.gatesStatus[key] = GateStatus()
      emit(
        .gateReset, issue.id, by: actor,
        [
          "gate": .string(key), "previous": "passed",
          "reason": .string("its approver \(holder) took the issue"),
        ])
    }
    issue.noteHolder(holder)
  }
}
