/// A required gate that `gate check --all` did not run, and why.
public struct SkippedGate: Sendable, Hashable, Codable {
  public var gate: String
  public var reason: String
}

/// What `gate check` did: each checker's outcome, the gates it skipped, and the issue afterwards.
public struct GateCheckReport: Sendable, Codable {
  public var issue: Issue
  /// One outcome per checker run, in the order the gates are required.
  public var results: [CheckerOutcome]
  /// Required gates that were not run (manual, or without a checker).
  public var skipped: [SkippedGate]
  /// What stands between the issue and done, as the same locked transaction left it.
  public var outlook: DoneOutlook

  /// `error` if any checker could not run, else `failed` if any gate failed, else `passed`.
  public var overall: CheckerOutcome.Result {
    if results.contains(where: { $0.result == .error }) { return .error }
    return results.contains(where: { $0.result == .failed }) ? .failed : .passed
  }
}

/// What `gate ingest` did.
public struct GateIngestReport: Sendable, Codable {
  public var issue: Issue
  public var gate: String
  /// The verdict recorded.
  public var result: GateState
  public var evidence: GateEvidence
  /// What stands between the issue and done, as the same locked transaction left it.
  public var outlook: DoneOutlook
}

extension Tracker {
  /// Runs the checkers of an issue's automated gates (one `key`, or every one with a checker when
  /// nil) and records their verdicts. The lock is held only to read the issue and, afterwards, to
  /// record: never while a checker runs. Each run emits `gate.checked`; a verdict also sets the gate
  /// (`gate.passed`/`gate.failed`) and moves the issue. A checker that cannot run changes no status.
  ///
  /// Checkers run in `workdir` (default: the repository root), whose code the evidence records:
  /// the worktree where the work was done, say. Under a `fence`, nothing is recorded once the claim
  /// is stale (`STALE_CLAIM`).
  public func check(
    _ reference: IssueReference, key: GateKey?, by actor: Actor, environment: [String: String],
    workdir: String? = nil, fence: ClaimFence? = nil
  ) throws -> GateCheckReport {
    guard let layout = workspace else {
      throw JitError(.internalError, "checkers run only in a repository on disk")
    }
    let key = key?.rawValue
    let (issue, gates, skipped) = try read { reader in
      let issue = try reader.issue(reference)
      if let fence, fence.issue == nil || fence.issue == issue.id,
        issue.assignee == nil || issue.claimGeneration != fence.generation
      {
        throw JitError.staleClaim(issue, fence)
      }
      return try planChecks(issue, key: key, registry: try reader.session.gates())
    }
    let directory = workdir ?? layout.rootDirectory
    let checker = GateChecker(layout: layout, environment: environment, directory: directory)
    // The code is read before the checkers run: what they judge is what was there when they started.
    let code = gates.isEmpty ? nil : GitWorkspace(root: directory, environment: environment).current()
    let outcomes = gates.map { definition in
      var outcome = checker.run(definition, for: issue, commit: code?.commit)
      outcome.evidence.code = code
      return outcome
    }
    return try mutate { transaction in
      try transaction.check(fence, on: try transaction.load(issue.id))
      var recorded: [CheckerOutcome] = []
      for var outcome in outcomes {
        let status: GateState? =
          switch outcome.result {
          case .passed: .passed
          case .failed: .failed
          case .error: nil
          }
        if let status {
          do {
            let current = try transaction.load(issue.id)
            _ = try transaction.gates.settable(
              outcome.gate, on: current, to: status, route: .checker, by: actor)
            outcome.applied = true
          } catch let error as JitError {
            outcome.note = "not recorded: \(error.message)"
          }
        }
        transaction.emit(
          .gateChecked, issue.id, by: actor,
          [
            "gate": .string(outcome.gate), "result": .string(outcome.result.rawValue),
            "applied": .bool(outcome.applied), "evidence": try JSONValue(encoding: outcome.evidence),
          ])
        if let status, outcome.applied {
          _ = try transaction.record(
            issue.id, outcome.gate, status, evidence: outcome.evidence, route: .checker, by: actor)
        }
        recorded.append(outcome)
      }
      return GateCheckReport(
        issue: try transaction.load(issue.id), results: recorded, skipped: skipped,
        outlook: try transaction.untilDone(issue.id))
    }
  }

  /// The gates `check` runs, with those it skips; refuses what cannot be checked at all.
  func planChecks(_ issue: Issue, key: String?, registry: GateRegistry) throws -> (
    Issue, [GateDefinition], [SkippedGate]
  ) {
    guard issue.state.isOpen else {
      throw issue.invalidTransition("check the gates of", "it is \(issue.state.rawValue)")
    }
    if let key {
      guard let definition = registry[key] else { throw registry.unknownGate(key) }
      _ = try registry.settable(key, on: issue, to: .passed, route: .checker, by: nil)
      guard definition.hasChecker else {
        throw JitError.invalidArgument(
          "gate \(key) has no command or plugin to run: set one with 'jit gate define \(key) --update "
            + "--command ...', or feed it with 'jit gate ingest'", details: ["gate": .string(key)])
      }
      return (issue, [definition], [])
    }
    var gates: [GateDefinition] = []
    var skipped: [SkippedGate] = []
    for key in issue.gatesRequired {
      guard let definition = registry[key] else {
        skipped.append(SkippedGate(gate: key, reason: "not in the registry"))
        continue
      }
      if !definition.auto {
        skipped.append(SkippedGate(gate: key, reason: "manual: a person passes it"))
      } else if !definition.hasChecker {
        skipped.append(
          SkippedGate(gate: key, reason: "no command or plugin; set by gate ingest or gate pass"))
      } else {
        gates.append(definition)
      }
    }
    return (issue, gates, skipped)
  }

  /// Passes or fails an automated gate from a CI artifact already read by `ArtifactReading.read`.
  /// Coverage is judged against `threshold` (percent), else the gate's `coverage_threshold`. The
  /// evidence is bound to the commit the artifact names, else to `code` (what is checked out).
  public func ingest(
    _ reference: IssueReference, _ key: GateKey, reading: ArtifactReading, artifact: String,
    threshold: Double?,
    code: CodeState?, by actor: Actor, fence: ClaimFence? = nil
  ) throws -> GateIngestReport {
    let key = key.rawValue
    if let named = reading.gate, named != key {
      throw JitError(
        .invalidArtifact, "the result names gate \(named), not \(key)",
        details: ["gate": .string(key), "named": .string(named)])
    }
    if let threshold, !(0...100).contains(threshold) {
      throw JitError.invalidArgument("the threshold is a percentage from 0 to 100")
    }
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      let issue = try transaction.load(id)
      try transaction.check(fence, on: issue)
      let definition = try transaction.gates.settable(key, on: issue, to: .passed, route: .checker, by: actor)
      let limit = threshold ?? definition.coverageThreshold
      let status = try reading.verdict(threshold: limit)
      var figures = reading.figures
      var message = reading.message
      if reading.format == .cobertura, let limit, let percent = reading.coveragePercent {
        figures["threshold"] = .double(limit)
        figures["coverage_percent"] = .double(percent)
        message +=
          status == .passed ? " meets the threshold of \(limit)%" : " is below the threshold of \(limit)%"
      }
      var evidence = GateEvidence(
        source: reading.format.rawValue, message: message.isEmpty ? nil : message, artifact: artifact,
        figures: figures, code: code)
      if let named = reading.commit { evidence.commit = named }
      let change = try transaction.record(
        id, key, status, evidence: evidence, route: .checker, by: actor)
      return GateIngestReport(
        issue: change.issue, gate: key, result: status, evidence: evidence, outlook: change.outlook)
    }
  }
}
