/// The checks across issues: edges, gates and states. Linear in issues plus edges.
struct IssueChecks {
  let layout: RepositoryLayout
  /// Issues that decoded, by the id their file name gives.
  let issues: [IssueID: Issue]
  /// Issue files that exist but do not decode: edges to them are not dangling, and states that
  /// depend on them cannot be judged.
  let unreadable: Set<IssueID>
  /// Nil when `gates.json` cannot be trusted: gate and state checks are skipped.
  let registry: GateRegistry?

  func run(into findings: inout RepositoryValidator.Findings) {
    let evaluator = registry.map { registry in
      ReadinessEvaluator(gates: registry) { [issues] id in issues[id] }
    }
    // Any order will do: the report sorts its diagnostics.
    for (id, issue) in issues {
      checkDependencies(issue, id: id, into: &findings)
      checkGates(issue, id: id, into: &findings)
      checkMergeConflicts(issue, id: id, into: &findings)
      if let evaluator { checkState(issue, id: id, evaluator: evaluator, into: &findings) }
    }
    checkCycles(into: &findings)
  }

  /// The file of an issue, relative to the root: built only when a diagnostic needs it.
  func path(_ id: IssueID) -> String { layout.relative(layout.issueFile(id)) }

  func checkDependencies(
    _ issue: Issue, id: IssueID, into findings: inout RepositoryValidator.Findings
  ) {
    for dependency in issue.dependencies where dependency != id {
      if let target = issues[dependency] {
        if target.state == .archived && issue.state.isOpen {
          findings.diagnostics.append(
            Diagnostic(
              .warning, .archivedDependency, path: path(id), issueID: id,
              message: "\(id.short) depends on \(dependency.short), which is archived and so can never be "
                + "done: \(id.short) stays blocked until you run 'jit issue dep rm \(id.short) --on "
                + "\(dependency.short)' (or unarchive \(dependency.short))"))
        }
      } else if !unreadable.contains(dependency) {
        findings.diagnostics.append(
          Diagnostic(
            .error, .danglingDependency, path: path(id), issueID: id,
            message: "\(id.short) depends on \(dependency), which does not exist: run 'jit issue dep rm "
              + "\(id.short) --on \(dependency)'"))
      }
    }
  }

  /// Each conflict `jit merge-file` recorded: a warning (the file is valid and the later side's
  /// value is in force) until someone settles the field, which clears it.
  func checkMergeConflicts(
    _ issue: Issue, id: IssueID, into findings: inout RepositoryValidator.Findings
  ) {
    for conflict in issue.mergeConflicts {
      findings.diagnostics.append(
        Diagnostic(
          .warning, .mergeConflict, path: path(id), issueID: id,
          message: "a merge found '\(conflict.field)' of \(id.short) changed on both branches: ours "
            + "\(Self.shown(conflict.ours)), theirs \(Self.shown(conflict.theirs)) (base "
            + "\(Self.shown(conflict.base))); \(conflict.kept) was kept, as the later. Settle it with "
            + conflict.settling(id),
          conflict: conflict))
    }
  }

  static func shown(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return "'" + (text.count > 60 ? String(text.prefix(60)) + "..." : text) + "'"
    case .null: return "(none)"
    default: return (try? String(decoding: JSONCoding.lineEncoder().encode(value), as: UTF8.self)) ?? "?"
    }
  }

  func checkGates(
    _ issue: Issue, id: IssueID, into findings: inout RepositoryValidator.Findings
  ) {
    if let registry {
      for key in issue.gatesRequired where registry[key] == nil {
        findings.diagnostics.append(
          Diagnostic(
            .error, .unknownGate, path: path(id), issueID: id,
            message: "\(id.short) requires gate '\(key)', which \(layout.relative(layout.gatesFile)) does "
              + "not define: define it there, or remove '\(key)' from the issue's gates_required"))
      }
    }
    let required = Set(issue.gatesRequired)
    for key in issue.gatesStatus.keys.sorted() where !required.contains(key) {
      findings.diagnostics.append(
        Diagnostic(
          .warning, .gateStatusNotRequired, path: path(id), issueID: id,
          message: "\(id.short) has a status for gate '\(key)' but does not require it: remove "
            + "gates_status.\(key), or add '\(key)' to gates_required"))
    }
  }

  func checkState(
    _ issue: Issue, id: IssueID, evaluator: ReadinessEvaluator,
    into findings: inout RepositoryValidator.Findings
  ) {
    switch issue.state {
    case .backlog, .ready:
      // A dependency whose file does not parse cannot be judged; its own diagnostic says why.
      guard !issue.dependencies.contains(where: unreadable.contains),
        let reasons = try? evaluator.blockersToReady(issue)
      else { return }
      let derived: IssueState = reasons.isEmpty ? .ready : .backlog
      guard derived != issue.state else { return }
      let why = reasons.isEmpty ? "every dependency is done and no precheck gate is open" : reasons.sentence
      findings.diagnostics.append(
        Diagnostic(
          .error, .stateMismatch, path: path(id), issueID: id,
          message: "\(id.short) is stored as \(issue.state.rawValue) but should be \(derived.rawValue) "
            + "(\(why)): run 'jit validate --fix'", fixable: true))
      findings.repairs.append(StateRepair(id: id, from: issue.state, to: derived))
    case .gated:
      guard evaluator.blockersToDone(issue).isEmpty else { return }
      findings.diagnostics.append(
        Diagnostic(
          .error, .stateMismatch, path: path(id), issueID: id,
          message: "\(id.short) is gated but every required gate has passed, so it should be done: run "
            + "'jit validate --fix'", fixable: true))
      findings.repairs.append(StateRepair(id: id, from: .gated, to: .done))
    case .done:
      let open = evaluator.blockersToDone(issue)
      guard !open.isEmpty else { return }
      findings.diagnostics.append(
        Diagnostic(
          .error, .stateMismatch, path: path(id), issueID: id,
          message: "\(id.short) is done but gate "
            + open.map { "\($0.key) is \($0.status.rawValue)" }.joined(separator: ", ")
            + ": pass the gate, or reopen the issue with 'jit issue reopen \(id.short)'"))
    case .inProgress, .archived:
      return
    }
  }

  func checkCycles(into findings: inout RepositoryValidator.Findings) {
    // Kahn's algorithm over indices first: in the usual case (no cycle) every issue is peeled off
    // and nothing more is needed. Only what is left (cycles and what waits on them) is searched.
    var ids: [IssueID] = []
    ids.reserveCapacity(issues.count)
    var index: [IssueID: Int] = [:]
    index.reserveCapacity(issues.count)
    for id in issues.keys {
      index[id] = ids.count
      ids.append(id)
    }
    var waiting = [Int](repeating: 0, count: ids.count)  // dependencies not yet peeled
    var dependents = [[Int]](repeating: [], count: ids.count)
    for (position, id) in ids.enumerated() {
      for dependency in issues[id]?.dependencies ?? [] {
        guard let target = index[dependency] else { continue }
        waiting[position] += 1
        dependents[target].append(position)
      }
    }
    var ready = waiting.indices.filter { waiting[$0] == 0 }
    var peeled = 0
    while let next = ready.popLast() {
      peeled += 1
      for dependent in dependents[next] {
        waiting[dependent] -= 1
        if waiting[dependent] == 0 { ready.append(dependent) }
      }
    }
    guard peeled < ids.count else { return }
    var edges: [IssueID: [IssueID]] = [:]
    for (position, id) in ids.enumerated() where waiting[position] > 0 {
      edges[id] = issues[id]?.dependencies ?? []
    }
    for cycle in DependencyGraph.cycles(in: edges) {
      guard let first = cycle.first else { continue }
      let second = cycle.count > 1 ? cycle[1] : first
      let shown = cycle.map(\.short).joined(separator: " -> ")
      findings.diagnostics.append(
        Diagnostic(
          .error, .cycle, path: path(first), issueID: first,
          message: "dependency cycle \(shown): break it with 'jit issue dep rm \(first.short) --on "
            + "\(second.short)' (or another edge of the cycle)"))
    }
  }
}
