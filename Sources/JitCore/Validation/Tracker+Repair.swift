extension Tracker {
  /// The reason `validate --fix` writes on the `issue.state_changed` events of its repairs.
  public static let repairReason = "validate --fix"

  /// Repairs what validation can repair safely, under the exclusive lock: derived states
  /// (backlog/ready) that are wrong, and gated issues whose gates have all passed (to done, after
  /// which their dependents' derived states follow). Each change is an `issue.state_changed` event
  /// with the reason "validate --fix". Returns the changes made; none when nothing needed repair.
  ///
  /// The check runs on the repository's files under the lock, or, for a database store, on
  /// `exported`: the files `store export` wrote from it just before. A gated issue found finished
  /// there is moved to done only if its state is still the one checked (derived states are derived
  /// again from what the store holds now).
  public func repairStates(by actor: Actor, exported: RepositoryLayout? = nil) throws -> [StateRepair] {
    guard let layout = exported ?? workspace else {
      throw JitError(.internalError, "validate --fix needs a repository on disk")
    }
    return try mutate(rederivingStale: false) { transaction in
      let (findings, files) = RepositoryValidator(layout: layout).run()
      guard !findings.repairs.isEmpty else { return [] }
      var made: [StateRepair] = []
      var rederive: [IssueID] = []
      let checked = Dictionary(findings.repairs.map { ($0.id, $0.from) }) { first, _ in first }
      let finished = Set(
        try findings.repairs.filter { $0.to == .done }.map(\.id).filter {
          try transaction.load($0).state == checked[$0]
        })
      for id in finished.sorted() {
        var issue = try transaction.load(id)
        made.append(StateRepair(id: id, from: issue.state, to: .done))
        transaction.setState(&issue, .done, by: actor, reason: Self.repairReason)
      }
      if !finished.isEmpty {
        // The dependents of issues that became done, as the files say (a full scan, done once).
        for (id, issue) in files.issues
        where issue.state.isDerived && issue.dependencies.contains(where: finished.contains)
          && !issue.dependencies.contains(where: files.unreadable.contains)
        {
          rederive.append(id)
        }
      }
      rederive += findings.repairs.filter { $0.to != .done }.map(\.id)
      for id in Set(rederive).sorted() {
        let before = try transaction.load(id).state
        try transaction.rederive(id, by: actor, reason: Self.repairReason)
        let after = try transaction.load(id).state
        if before != after { made.append(StateRepair(id: id, from: before, to: after)) }
      }
      return made
    }
  }
}
