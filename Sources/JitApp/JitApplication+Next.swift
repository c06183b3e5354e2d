import JitCore

extension JitApplication {
  /// What the caller (`by`, else the configured actor) should do next: its own rework or work in
  /// progress, else the best ready issue, else why nothing is ready.
  public func next(by: String? = nil) throws -> NextWork {
    let actor = try actor(by)
    return try tracker.read { reader in
      var held: [IssueID] = []
      try reader.query(.assignee(actor)) { row in if row.state == .inProgress { held.append(row.id) } }
      let mine = try held.map { try reader.session.load($0) }
      let readiness = try reader.readiness()
      let rework = mine.first { issue in issue.gatesStatus.values.contains { $0.status == .failed } }
      if let pick = rework ?? mine.first {
        return NextWork(
          next: rework == nil ? "in_progress" : "rework", actor: actor, issue: pick,
          outlook: try readiness.untilDone(pick), alsoHeld: mine.map(\.id).filter { $0 != pick.id },
          nothingReady: nil)
      }
      var best: IssueID?
      try reader.query(.ready, limit: 1) { best = $0.id }
      if let best {
        let issue = try reader.session.load(best)
        return NextWork(
          next: "ready", actor: actor, issue: issue, outlook: try readiness.untilDone(issue), alsoHeld: [],
          nothingReady: nil)
      }
      return NextWork(
        next: "nothing", actor: actor, issue: nil, outlook: nil, alsoHeld: [],
        nothingReady: try Self.nothingReady(reader, filter: nil))
    }
  }

  /// Why nothing matching `filter` is ready, read in one session.
  public func nothingReady(filter: IssueFilter?) throws -> NothingReady {
    try tracker.read { try Self.nothingReady($0, filter: filter) }
  }

  static func nothingReady(_ reader: TrackerReader, filter: IssueFilter?) throws -> NothingReady {
    // Rows are collected before any issue is loaded: a store may not be read again while it
    // answers a query (the index steps one statement).
    var readyIDs: [IssueID] = []
    try reader.query(.ready) { readyIDs.append($0.id) }
    let ready = readyIDs.count
    var excluded = 0
    if let filter {
      for id in readyIDs where !filter.matches(try reader.session.load(id)) { excluded += 1 }
    }
    var inProgress = 0
    try reader.query(.states([.inProgress])) { _ in inProgress += 1 }
    let readiness = try reader.readiness()
    var blocked = 0
    var counts: [String: (WorkBlocker, Int)] = [:]
    func count(_ key: String, _ blocker: @autoclosure () -> WorkBlocker) {
      counts[key, default: (blocker(), 0)].1 += 1
    }
    var rows: [QueryRow] = []
    try reader.query(.blocked) { rows.append($0) }
    for row in rows {
      blocked += 1
      guard let reasons = try row.reasons ?? readiness.blockers(reader.session.load(row.id)) else { continue }
      for dependency in reasons.dependencies {
        count(
          "issue:" + dependency.id.rawValue,
          WorkBlocker(
            kind: "issue", id: dependency.id.rawValue, title: dependency.title, state: dependency.state,
            holds: 0))
      }
      for gate in reasons.gates {
        count("gate:" + gate.key, WorkBlocker(kind: "gate", key: gate.key, holds: 0))
      }
      if reasons.hold != nil { count("hold", WorkBlocker(kind: "hold", holds: 0)) }
    }
    let blockers = counts.map { entry -> WorkBlocker in
      var blocker = entry.value.0
      blocker.holds = entry.value.1
      return blocker
    }.sorted { ($0.holds, $1.id ?? $1.key ?? "") > ($1.holds, $0.id ?? $0.key ?? "") }
    return NothingReady(
      ready: ready, excludedByFilter: excluded, inProgress: inProgress, blocked: blocked,
      blockers: Array(blockers.prefix(5)))
  }
}
