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
      issue.assignee = assignee
      transaction.put(issue)
      transaction.emit(
        .issueAssigned, id, by: actor,
        [
          "assignee": .string(assignee.description),
          "previous": previous.map { .string($0.description) } ?? .null,
        ])
      return try transaction.load(id)
    }
  }

  /// Atomically takes a ready issue: sets the assignee and moves it to `in_progress`. Fails with
  /// `ALREADY_ASSIGNED` if someone else holds it and `NOT_READY` (with the reasons) if it is not ready.
  /// The actor an issue was assigned to (for planning) may claim it.
  public func claim(_ reference: IssueReference, to assignee: Actor) throws -> Issue {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      return try transaction.claim(id, to: assignee)
    }
  }

  /// Claims the most urgent ready, unassigned issue that passes `filter` (oldest first among
  /// equals). `NO_READY_ISSUE` when there is none.
  public func claimNext(filter: IssueFilter = IssueFilter(), to assignee: Actor) throws -> Issue {
    try mutate { transaction in
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
            return try transaction.claim(id, to: assignee)
          } catch let error as JitError where error.code == .notReady {
            continue  // its file says ready, but a dependency is no longer done: the next one
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

  /// Clears the assignee; an `in_progress` issue goes back to `ready` (or `backlog`).
  public func unassign(_ reference: IssueReference, by actor: Actor) throws -> Issue {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard let previous = issue.assignee else { return issue }
      try issue.refuseWhileGated("unassign")
      issue.assignee = nil
      transaction.put(issue)
      transaction.emit(.issueUnassigned, id, by: actor, ["previous": .string(previous.description)])
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
  mutating func claim(_ id: IssueID, to assignee: Actor) throws -> Issue {
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
    if let holder = issue.assignee, holder != assignee {
      throw JitError(
        .alreadyAssigned, "\(id.short) is already assigned to \(holder)",
        details: ["id": .string(id.rawValue), "assignee": .string(holder.description)])
    }
    // Claiming what you already hold is a success, so that a retry after a lost reply is safe.
    if issue.state == .inProgress && issue.assignee == assignee { return issue }
    // The stored state is not trusted: after a merge or a hand edit a file may say `ready` while a
    // dependency is no longer done. Readiness is derived again from the dependencies themselves.
    let evaluator = self.evaluator()
    let reasons = issue.state.isDerived ? try evaluator.blockersToReady(issue) : BlockingReasons()
    guard issue.state == .ready, reasons.isEmpty else {
      let state = issue.state.isDerived ? IssueState.backlog : issue.state
      var message = "\(id.short) is \(state.rawValue), not ready"
      if !reasons.isEmpty { message += ": " + reasons.sentence }
      if issue.state == .ready {
        message += " (its file still says ready: 'jit validate --fix' corrects it)"
      }
      throw JitError(
        .notReady, message,
        details: [
          "id": .string(id.rawValue), "state": .string(state.rawValue),
          "blocked_by": try JSONValue(encoding: reasons),
        ])
    }
    issue.assignee = assignee
    put(issue)
    emit(.issueClaimed, id, by: assignee, ["assignee": .string(assignee.description)])
    setState(&issue, .inProgress, by: assignee, reason: "claimed")
    return try load(id)
  }
}
