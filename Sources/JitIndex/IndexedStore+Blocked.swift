import JitCore

/// Keeping `issues.blocked` and its ready-made `blocked_by` JSON true (see `BlockedQuery`).
extension IndexSession {
  /// What the stored reasons depend on in the gate registry: which keys are precheck gates.
  static func fingerprint(_ gates: GateRegistry) -> String {
    gates.gates.values.filter { $0.stage == .precheck }.map(\.key).sorted().joined(separator: ",")
  }

  /// The registry writes compute reasons with: read once per lock session.
  func registryForWrites() -> GateRegistry {
    if let sessionGates { return sessionGates }
    let gates = (try? files.gates()) ?? GateRegistry()
    sessionGates = gates
    return gates
  }

  /// A hold as the `issues.hold` column keeps it: at, by and reason, split by U+001F.
  static func holdColumn(_ hold: Hold?) -> SQLValue {
    hold.map { .text("\($0.at)\u{1f}\($0.by)\u{1f}\($0.reason)") } ?? .null
  }

  /// The hold an `issues.hold` value names.
  static func hold(fromColumn text: String?) -> Hold? {
    guard let parts = text?.split(separator: "\u{1f}", maxSplits: 2, omittingEmptySubsequences: false),
      parts.count == 3, let at = Timestamp(iso8601: String(parts[0])), let by = Actor(String(parts[1]))
    else { return nil }
    return Hold(reason: String(parts[2]), by: by, at: at)
  }

  /// Recomputes whether one issue is blocked, from its edges, gate rows and hold.
  func updateBlocked(_ id: String, state: IssueState?, in database: SQLiteDatabase) throws {
    var reasons = BlockingReasons()
    if let state, state.isDerived {
      let held = try database.statement("SELECT hold FROM issues WHERE id = ? AND hold IS NOT NULL")
      defer { held.reset() }
      held.bind(.text(id))
      if try held.step() { reasons.hold = Self.hold(fromColumn: held.text(0)) }
    }
    if let state, state.isOpen {
      let edges = try database.statement(
        "SELECT dep, dep_state, dep_title FROM deps WHERE issue = ? AND dep_done = 0 ORDER BY ord")
      edges.bind(.text(id))
      while try edges.step() {
        guard let dependency = edges.text(0).flatMap(IssueID.init) else { continue }
        reasons.dependencies.append(
          DependencyBlocker(id: dependency, title: edges.text(2), state: edges.text(1) ?? "missing"))
      }
      let unpassed = try database.statement(
        "SELECT key, status FROM gates WHERE issue = ? AND status <> 'passed' ORDER BY ord")
      unpassed.bind(.text(id))
      while try unpassed.step() {
        guard let key = unpassed.text(0), let status = unpassed.text(1).flatMap(GateState.init(rawValue:))
        else { continue }
        // The registry is read only when a gate has not passed.
        let gates = registryForWrites()
        if let blocker = BlockedQuery.gateBlocker(key: key, status: status, issueState: state, gates: gates) {
          reasons.gates.append(blocker)
        }
      }
    }
    let update = try database.statement(
      "UPDATE issues SET blocked = ?, reasons = ?, reasons_text = ? WHERE id = ?")
    if reasons.isEmpty {
      try update.bind(.int(0), .null, .null, .text(id)).run()
    } else {
      try update.bind(
        .int(1), .blob(IssueJSON.blockedFields(reasons)), .text(reasons.sentence), .text(id)
      ).run()
    }
  }

  /// Recomputes the issues that depend on `id`, after its state or title changed.
  func updateDependentsBlocked(_ id: String, in database: SQLiteDatabase) throws {
    let statement = try database.statement(
      "SELECT DISTINCT d.issue, i.state FROM deps d JOIN issues i ON i.id = d.issue WHERE d.dep = ?")
    statement.bind(.text(id))
    var dependents: [(String, IssueState?)] = []
    while try statement.step() {
      if let issue = statement.text(0) {
        dependents.append((issue, statement.text(1).flatMap(IssueState.init(rawValue:))))
      }
    }
    for (issue, state) in dependents { try updateBlocked(issue, state: state, in: database) }
  }

  /// Before answering `blocked` with `gates`: if the stored reasons were computed with other precheck
  /// keys, recompute every issue that requires a gate.
  func ensureBlockedFingerprint(_ database: SQLiteDatabase, gates: GateRegistry) throws {
    let wanted = Self.fingerprint(gates)
    let meta = try database.statement("SELECT gates_fp FROM meta WHERE one = 1")
    defer { meta.reset() }
    if try meta.step(), meta.text(0) == wanted { return }
    meta.reset()
    sessionGates = gates
    try withCacheLock {
      try database.transaction {
        let statement = try database.statement(
          "SELECT DISTINCT g.issue, i.state FROM gates g JOIN issues i ON i.id = g.issue")
        var issues: [(String, IssueState?)] = []
        while try statement.step() {
          if let issue = statement.text(0) {
            issues.append((issue, statement.text(1).flatMap(IssueState.init(rawValue:))))
          }
        }
        for (issue, state) in issues { try updateBlocked(issue, state: state, in: database) }
        try database.statement("UPDATE meta SET gates_fp = ? WHERE one = 1").bind(.text(wanted)).run()
      }
    }
  }
}
