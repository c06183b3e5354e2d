/// An in-progress issue that may have been abandoned: its lease ran out, or nothing happened to it
/// (no change, no heartbeat) for longer than the idle limit.
public struct StalledIssue: Sendable, Hashable {
  public var issue: Issue
  /// Its lease, if its claim has one.
  public var lease: Lease?
  /// Whether the lease has run out.
  public var leaseExpired: Bool
  /// Milliseconds since the issue last changed or its lease was renewed.
  public var idleMs: Int64
}

/// What `reclaim --expired` did to one issue.
public struct Reclaim: Sendable, Hashable {
  public var issue: Issue
  /// Who held the claim whose lease ran out, and its generation.
  public var previousHolder: Actor
  public var previousGeneration: Int
  /// Whether its attempts were spent, so that it is now held rather than ready.
  public var held: Bool
}

extension JitError {
  static func staleClaim(_ issue: Issue, _ fence: ClaimFence) -> JitError {
    let now =
      issue.assignee.map { "claim \(issue.claimGeneration), held by \($0)" } ?? "not claimed by anyone"
    return JitError(
      .staleClaim,
      "claim \(fence.generation) of \(issue.id.short) is stale: the issue is now \(now); this command "
        + "changes nothing (whoever holds it now does the work)",
      details: [
        "id": .string(issue.id.rawValue), "claim": .int(Int64(fence.generation)),
        "current_claim": .int(Int64(issue.claimGeneration)),
        "assignee": issue.assignee.map { .string($0.description) } ?? .null,
      ])
  }
}

extension Transaction {
  /// Stages a lease (kept with the rest of the unit, or dropped with it).
  func saveLease(_ lease: Lease) throws { try session.saveLease(lease) }

  /// Stages the removal of an issue's lease, if it has one.
  func removeLease(_ id: IssueID) throws {
    if try session.lease(id) != nil { try session.removeLease(id) }
  }

  /// `STALE_CLAIM` unless `fence` (when it names this issue, or none) is the issue's current claim.
  func check(_ fence: ClaimFence?, on issue: Issue) throws {
    guard let fence, fence.issue == nil || fence.issue == issue.id else { return }
    guard issue.assignee != nil, issue.claimGeneration == fence.generation else {
      throw JitError.staleClaim(issue, fence)
    }
  }

  /// Refuses an action on a claimed issue by anyone but its holder, unless a person does it (an
  /// override, which the caller records). Returns whether it is an override.
  func requireHolder(_ issue: Issue, _ actor: Actor, to action: String) throws -> Bool {
    guard let holder = issue.assignee, holder != actor else { return false }
    guard actor.isHuman else {
      throw JitError(
        .notHolder,
        "\(actor) cannot \(action) \(issue.id.short): \(holder) holds it; only its holder, or a person "
          + "(recorded as an override), may",
        details: [
          "id": .string(issue.id.rawValue), "actor": .string(actor.description),
          "assignee": .string(holder.description),
        ])
    }
    return true
  }

  /// Takes an in-progress issue back from its holder: no assignee, a new claim generation, no lease,
  /// the state derived again. `hold` holds it back from ready as well.
  mutating func takeBack(_ issue: inout Issue, by actor: Actor, hold: String?, reason: String) throws {
    issue.assignee = nil
    issue.claimGeneration += 1
    if let hold { issue.hold = Hold(reason: hold, by: actor, at: now) }
    try removeLease(issue.id)
    if issue.state == .inProgress {
      issue.state = .backlog  // re-derived to ready or backlog below
      let state = try evaluator().derivedState(issue)
      issue.state = .inProgress
      setState(&issue, state, by: actor, reason: reason)
    } else {
      put(issue)
      try rederive(issue.id, by: actor, reason: reason)
    }
    issue = try load(issue.id)
  }
}

extension Tracker {
  /// Renews the lease of the caller's claim (`jit issue heartbeat`): only its holder may, under its
  /// current claim. No event: a heartbeat changes nothing in the history, and touches no committed file.
  public func heartbeat(_ reference: IssueReference, by actor: Actor, fence: ClaimFence? = nil) throws
    -> Lease
  {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      let issue = try transaction.load(id)
      try transaction.check(fence, on: issue)
      guard issue.state == .inProgress, let holder = issue.assignee else {
        throw issue.invalidTransition("renew the lease of", "it is \(issue.state.rawValue), not claimed")
      }
      guard holder == actor else {
        throw JitError(
          .notHolder, "\(actor) cannot renew the lease of \(id.short): \(holder) holds it",
          details: [
            "id": .string(id.rawValue), "actor": .string(actor.description),
            "assignee": .string(holder.description),
          ])
      }
      guard let lease = try transaction.session.lease(id), lease.belongs(to: issue) else {
        throw issue.invalidTransition(
          "renew the lease of", "its claim has no lease (claimed without --lease, it never expires)")
      }
      let renewed = Lease(
        id: id, holder: holder, generation: issue.claimGeneration, durationMs: lease.durationMs,
        now: transaction.now)
      try transaction.saveLease(renewed)
      return renewed
    }
  }

  /// Gives claimed work back (`jit issue release`): its holder, or a person as an override, under the
  /// current claim. `hold` also holds the issue back from ready until `unhold`.
  public func release(
    _ reference: IssueReference, by actor: Actor, fence: ClaimFence? = nil, hold: String? = nil
  ) throws -> Issue {
    if let hold { try Hold.validReason(hold) }
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      try transaction.check(fence, on: issue)
      guard let previous = issue.assignee, issue.state.isOpen else {
        throw issue.invalidTransition("release", "nobody has claimed it")
      }
      try issue.refuseWhileGated("release")
      let override = try transaction.requireHolder(issue, actor, to: "release")
      let generation = issue.claimGeneration
      try transaction.takeBack(&issue, by: actor, hold: hold, reason: "released")
      var fields: [String: JSONValue] = [
        "previous": .string(previous.description), "generation": .int(Int64(generation)),
      ]
      if override { fields["override"] = true }
      transaction.emit(.issueReleased, id, by: actor, fields)
      if let hold { transaction.emit(.issueHeld, id, by: actor, ["reason": .string(hold)]) }
      return issue
    }
  }

  /// Lets a held issue be ready again (`jit issue unhold`), and starts its attempts afresh. A
  /// no-op on an issue that is not held.
  public func unhold(_ reference: IssueReference, by actor: Actor) throws -> Issue {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      guard let hold = issue.hold else { return issue }
      issue.hold = nil
      issue.attempts = 0
      transaction.put(issue)
      transaction.emit(.issueUnheld, id, by: actor, ["reason": .string(hold.reason)])
      try transaction.rederive(id, by: actor, reason: "unheld")
      return try transaction.load(id)
    }
  }

  /// Takes back every claim whose lease has run out (`jit issue reclaim --expired`): each issue goes
  /// back to ready (or backlog) with a new generation and one more attempt, or, once `maxAttempts`
  /// are spent, is held. Leases of claims that no longer exist are dropped.
  public func reclaimExpired(by actor: Actor, maxAttempts: Int? = nil) throws -> [Reclaim] {
    if let maxAttempts, !(1...1000).contains(maxAttempts) {
      throw JitError.invalidArgument("--max-attempts is a whole number from 1 to 1000")
    }
    return try mutate { transaction in
      var reclaimed: [Reclaim] = []
      for lease in try transaction.session.leases() {
        guard var issue = try transaction.find(lease.id), lease.belongs(to: issue) else {
          try transaction.removeLease(lease.id)
          continue
        }
        guard lease.hasExpired(at: transaction.now) else { continue }
        issue.attempts += 1
        let spent = maxAttempts.map { issue.attempts >= $0 } ?? false
        let hold = spent ? "its lease expired \(issue.attempts) time(s): attempts spent" : nil
        try transaction.takeBack(&issue, by: actor, hold: hold, reason: "lease expired")
        transaction.emit(
          .issueReclaimed, lease.id, by: actor,
          [
            "previous": .string(lease.holder.description), "generation": .int(Int64(lease.generation)),
            "attempts": .int(Int64(issue.attempts)), "expired_at": .string(lease.expiresAt.description),
          ])
        if let hold { transaction.emit(.issueHeld, lease.id, by: actor, ["reason": .string(hold)]) }
        reclaimed.append(
          Reclaim(
            issue: issue, previousHolder: lease.holder, previousGeneration: lease.generation, held: spent))
      }
      return reclaimed
    }
  }

  /// In-progress issues whose lease has run out, or (with `idle`) idle for longer than it: no change
  /// and no heartbeat. Longest idle first.
  public func stalled(idle: Duration?) throws -> [StalledIssue] {
    let now = clock()
    let limit = idle.map { $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000 }
    return try read { reader in
      let leases = Dictionary(try reader.session.leases().map { ($0.id, $0) }) { $1 }
      var found: [StalledIssue] = []
      try reader.session.query(.states([.inProgress]), gates: GateRegistry()) { row in
        let issue = try reader.session.load(row.id)
        guard issue.state == .inProgress else { return }
        let lease = leases[issue.id].flatMap { $0.belongs(to: issue) ? $0 : nil }
        let last = max(issue.updatedAt.millisecondsSince1970, lease?.renewedAt.millisecondsSince1970 ?? 0)
        let idleMs = now.millisecondsSince1970 - last
        let expired = lease?.hasExpired(at: now) ?? false
        guard expired || limit.map({ idleMs > $0 }) == true else { return }
        found.append(StalledIssue(issue: issue, lease: lease, leaseExpired: expired, idleMs: idleMs))
      }
      return found.sorted { ($0.idleMs, $1.issue.id) > ($1.idleMs, $0.issue.id) }
    }
  }
}

extension Hold {
  /// A hold's reason: one line of 1 to 500 characters.
  static func validReason(_ reason: String) throws {
    let trimmed = reason.trimmingWhitespace()
    guard !trimmed.isEmpty, reason.count <= 500, !reason.contains(where: \.isNewline) else {
      throw JitError.invalidArgument("a hold's reason is one line of 1 to 500 characters")
    }
  }
}
