extension Tracker {
  /// The reason `validate --fix` writes on the `issue.state_changed` events of its repairs.
  public static let repairReason = "validate --fix"

  /// Repairs what validation can repair safely, under the exclusive lock: derived states
  /// (backlog/ready) that are wrong, and gated issues whose gates have all passed (to done, after
  /// which their dependents' derived states follow). Each change is an `issue.state_changed` event
  /// with the reason "validate --fix". Returns the changes made; none when nothing needed repair.
  public func repairStates(by actor: Actor) throws -> [StateRepair] {
    guard let layout = workspace else {
      throw JitError(.internalError, "validate --fix needs a repository on disk")
    }
    return try mutate(rederivingStale: false) { transaction in
      let (findings, files) = RepositoryValidator(layout: layout).run()
      guard !findings.repairs.isEmpty else { return [] }
      var made: [StateRepair] = []
      var rederive: [IssueID] = []
      let finished = Set(findings.repairs.filter { $0.to == .done }.map(\.id))
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
