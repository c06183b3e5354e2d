import JitCore

extension JitApplication {
  /// Renews the lease of the caller's claim on an issue.
  public func heartbeat(_ issue: String, by: String? = nil, claim: String? = nil) throws -> Lease {
    let actor = try actor(by)
    return try tracker.heartbeat(reference(issue), by: actor, fence: configuration.fence(claim))
  }

  /// Gives claimed work back; `hold` also holds it back from ready.
  public func release(
    _ issue: String, hold: String? = nil, by: String? = nil, claim: String? = nil
  ) throws -> Issue {
    let actor = try actor(by)
    return try tracker.release(reference(issue), by: actor, fence: configuration.fence(claim), hold: hold)
  }

  /// Lets a held issue be ready again.
  public func unhold(_ issue: String, by: String? = nil) throws -> Issue {
    let actor = try actor(by)
    return try tracker.unhold(reference(issue), by: actor)
  }

  /// Takes back every claim whose lease has run out.
  public func reclaimExpired(maxAttempts: Int? = nil, by: String? = nil) throws -> [Reclaim] {
    let actor = try actor(by)
    return try tracker.reclaimExpired(by: actor, maxAttempts: maxAttempts)
  }

  /// In-progress issues whose lease ran out, or idle for longer than `idle` (`30m`, ...).
  public func stalled(idle: String? = nil) throws -> [StalledIssue] {
    let idle = try idle.map { try DurationText.parse($0, option: "--idle", range: 1...(365 * 86_400)) }
    return try tracker.stalled(idle: idle)
  }

  /// The lease of an issue's current claim, if it has one.
  public func lease(_ issue: String) throws -> Lease? {
    let reference = try reference(issue)
    return try tracker.read { reader in
      let issue = try reader.issue(reference)
      return try reader.session.lease(issue.id).flatMap { $0.belongs(to: issue) ? $0 : nil }
    }
  }
}

extension JitApplication {
  /// What stands between a just-claimed issue and done: the gates it must pass. An issue that
  /// requires none is answered without reading anything.
  public func outlookAfterClaim(_ issue: Issue) throws -> DoneOutlook {
    if issue.gatesRequired.isEmpty {
      return try ReadinessEvaluator(gates: GateRegistry()) { _ in nil }
        .untilDone(issue, blockersToReady: BlockingReasons())
    }
    return try tracker.read { reader in
      try reader.readiness().untilDone(issue, blockersToReady: BlockingReasons())
    }
  }
}
