/// What `complete` did: the issue, and what stands between it and done (the gates a gated issue
/// waits for), both as one locked transaction left them.
public struct Completion: Sendable {
  public var issue: Issue
  public var outlook: DoneOutlook
}

/// What `archive` did: the issue, and the open issues that now wait on it for ever (until it is
/// unarchived or the dependency removed).
public struct Archival: Sendable {
  public var issue: Issue
  public var blockedDependents: [IssueID]
}

extension Tracker {
  /// Ends the work on an `in_progress` issue: `done` when every required gate has passed, else
  /// `gated` until they do.
  public func complete(_ reference: IssueReference, by actor: Actor, fence: ClaimFence? = nil) throws -> Issue
  {
    try completion(reference, by: actor, fence: fence).issue
  }

  /// `complete`, with the issue's outlook. A passed gate whose evidence is stale and whose definition
  /// counts that as pending is set back to pending first (`gate.reset`); git runs with `environment`.
  ///
  /// Only its holder completes a claimed issue, or a person (recorded as an override); under a
  /// `fence`, only while that claim is current (`STALE_CLAIM`).
  public func completion(
    _ reference: IssueReference, by actor: Actor, environment: [String: String] = [:],
    fence: ClaimFence? = nil
  ) throws -> Completion {
    let stale = try stalePendingGates(reference, environment: environment)
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      try transaction.check(fence, on: issue)
      let override =
        issue.state == .inProgress ? try transaction.requireHolder(issue, actor, to: "complete") : false
      if issue.state == .inProgress {
        for gate in stale { _ = try transaction.resetStale(gate, by: actor) }
        issue = try transaction.load(id)
      }
      guard issue.state == .inProgress else {
        let hint = issue.state == .ready ? " (claim it first)" : ""
        throw issue.invalidTransition(
          "complete", "it is \(issue.state.rawValue), not in_progress\(hint)")
      }
      let blockers = transaction.evaluator().blockersToDone(issue)
      let target: IssueState = blockers.isEmpty ? .done : .gated
      var fields: [String: JSONValue] = [
        "assignee": issue.assignee.map { .string($0.description) } ?? .null,
        "state": .string(target.rawValue),
        "waiting_on": .array(blockers.map { .string($0.key) }),
      ]
      if override { fields["override"] = true }
      transaction.emit(.issueCompleted, id, by: actor, fields)
      try transaction.removeLease(id)  // the work is handed in: nothing is left to lapse
      transaction.setState(
        &issue, target, by: actor, reason: blockers.isEmpty ? "completed" : "awaiting gates")
      if target == .done { try transaction.propagate(from: id, by: actor) }
      return Completion(issue: try transaction.load(id), outlook: try transaction.untilDone(id))
    }
  }

  /// The stale gates of one issue that count as pending; git is asked only when the issue has a
  /// passed gate with code evidence whose definition says `on_stale: pending`.
  private func stalePendingGates(
    _ reference: IssueReference, environment: [String: String]
  ) throws -> [StaleGate] {
    guard let layout = workspace else { return [] }
    let (issue, registry) = try read { reader in (try reader.issue(reference), try reader.session.gates()) }
    let candidates = issue.gatesRequired.contains { key in
      let result = issue.gateStatus(key)
      return registry[key]?.stalePolicy == .pending && result.status == .passed
        && result.evidence?.code != nil
    }
    guard candidates, issue.state == .inProgress else { return [] }
    return GateAudit(layout: layout, environment: environment).staleGates(in: [issue], registry: registry)
      .filter(\.countsAsPending)
  }

  /// Reopens a `done` issue: its gates go back to pending, its assignee is cleared, its state is
  /// derived again, and its dependents follow.
  public func reopen(_ reference: IssueReference, by actor: Actor, reason: String? = nil) throws -> Issue {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard issue.state == .done else {
        throw issue.invalidTransition("reopen", "it is \(issue.state.rawValue), not done")
      }
      for key in issue.gatesRequired { issue.gatesStatus[key] = GateStatus() }
      issue.assignee = nil
      issue.heldBy = []  // the gates are reset: whoever held it before may review the new work
      issue.attempts = 0
      issue.state = .backlog
      let state = try transaction.evaluator().derivedState(issue)
      issue.state = .done
      transaction.emit(.issueReopened, id, by: actor, reason.map { ["reason": .string($0)] } ?? [:])
      transaction.setState(&issue, state, by: actor, reason: "reopened")
      try transaction.propagate(from: id, by: actor)
      return try transaction.load(id)
    }
  }

  /// Archives an issue: no longer relevant. Its dependents stay blocked (only `done` satisfies a
  /// dependency); `jit validate` reports them.
  public func archive(_ reference: IssueReference, by actor: Actor) throws -> Issue {
    try archival(reference, by: actor).issue
  }

  /// `archive`, with the open issues that depend on it: they stay blocked while it is archived
  /// (only done satisfies a dependency), so the caller can say so.
  public func archival(_ reference: IssueReference, by actor: Actor) throws -> Archival {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      if issue.state != .archived {
        let wasDone = issue.state == .done
        transaction.emit(.issueArchived, id, by: actor, ["from": .string(issue.state.rawValue)])
        issue.archivedFrom = issue.state
        transaction.setState(&issue, .archived, by: actor, reason: "archived")
        if wasDone { try transaction.propagate(from: id, by: actor) }
      }
      var blocked: [IssueID] = []
      for dependent in try transaction.dependents(of: id) where try transaction.load(dependent).state.isOpen {
        blocked.append(dependent)
      }
      return Archival(issue: try transaction.load(id), blockedDependents: blocked)
    }
  }

  /// Brings an archived issue back. One archived when `done` is done again (finished work stays
  /// finished, and its dependents follow); any other gets its state derived again and its assignee
  /// cleared.
  public func unarchive(_ reference: IssueReference, by actor: Actor) throws -> Issue {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard issue.state == .archived else {
        throw issue.invalidTransition("unarchive", "it is \(issue.state.rawValue), not archived")
      }
      let previous = issue.archivedFrom
      issue.archivedFrom = nil
      if previous == .done {
        transaction.emit(.issueUnarchived, id, by: actor)
        transaction.setState(&issue, .done, by: actor, reason: "unarchived")
        try transaction.propagate(from: id, by: actor)
        return try transaction.load(id)
      }
      issue.assignee = nil
      issue.state = .backlog
      let state = try transaction.evaluator().derivedState(issue)
      issue.state = .archived
      transaction.emit(.issueUnarchived, id, by: actor)
      transaction.setState(&issue, state, by: actor, reason: "unarchived")
      return try transaction.load(id)
    }
  }
}
