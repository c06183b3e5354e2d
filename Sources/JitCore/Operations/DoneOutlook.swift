/// A required gate that has not passed, with who may set it and how.
public struct PendingGate: Sendable, Hashable, Codable {
  public var key: String
  public var status: GateState
  /// Nil when the gate is missing from the registry.
  public var stage: GateStage?
  /// `manual`, `automated` or `undefined`.
  public var kind: String
  /// What to do, in words: the command that can move it.
  public var how: String
}

/// Everything that stands between an issue and `done`, in data and in one sentence.
public struct DoneOutlook: Sendable, Hashable, Codable {
  /// Whether the issue is done already.
  public var done: Bool
  /// The transitions still ahead, such as "claim it" and "complete it".
  public var steps: [String]
  /// Dependencies not done yet.
  public var dependencies: [DependencyBlocker]
  /// Required gates that have not passed.
  public var gates: [PendingGate]
  /// All of it in one sentence for people.
  public var summary: String
}

extension ReadinessEvaluator {
  /// What stands between `issue` and `done`.
  /// `blockersToReady`, when the caller has it already, saves reading the dependencies again.
  public func untilDone(_ issue: Issue, blockersToReady known: BlockingReasons? = nil) throws -> DoneOutlook {
    let short = issue.id.short
    switch issue.state {
    case .done:
      return DoneOutlook(done: true, steps: [], dependencies: [], gates: [], summary: "\(short) is done")
    case .archived:
      return DoneOutlook(
        done: false, steps: ["unarchive it (jit issue unarchive \(short))"], dependencies: [], gates: [],
        summary: "\(short) is archived")
    default:
      break
    }
    let dependencies = try (known ?? blockersToReady(issue)).dependencies
    let gates = blockersToDone(issue).map { pendingGate($0, issue) }
    var steps: [String] = []
    switch issue.state {
    case .backlog:
      steps = ["become ready (dependencies done, precheck gates passed)", "be claimed", "be completed"]
    case .ready:
      steps = [
        "claim it (jit issue claim \(short) --to <actor>)", "complete it (jit issue complete \(short))",
      ]
    case .inProgress: steps = ["complete it (jit issue complete \(short))"]
    case .gated, .done, .archived: steps = []
    }
    var parts: [String] = []
    if !dependencies.isEmpty {
      parts.append(
        "dependencies " + dependencies.map { "\($0.id.short) (\($0.state))" }.joined(separator: ", "))
    }
    if !steps.isEmpty { parts.append(steps.joined(separator: ", then ")) }
    if !gates.isEmpty {
      parts.append(
        "\(gates.count) gate(s): "
          + gates.map { "\($0.key) (\($0.status.rawValue), \($0.kind))" }.joined(separator: ", "))
    }
    let summary =
      parts.isEmpty
      ? "nothing stands between \(short) and done"
      : "between \(short) (\(issue.state.rawValue)) and done: " + parts.joined(separator: "; ")
    return DoneOutlook(done: false, steps: steps, dependencies: dependencies, gates: gates, summary: summary)
  }

  private func pendingGate(_ blocker: GateBlocker, _ issue: Issue) -> PendingGate {
    let short = issue.id.short
    let key = blocker.key
    let retry = blocker.status == .failed ? "fix the work, then " : ""
    guard let definition = gates[key] else {
      return PendingGate(
        key: key, status: blocker.status, stage: nil, kind: "undefined",
        how: "define it again (jit gate define \(key)) or remove it (jit gate remove \(short) \(key))")
    }
    if !definition.auto {
      let assignee = issue.assignee.map { " other than \($0)" } ?? ""
      return PendingGate(
        key: key, status: blocker.status, stage: definition.stage, kind: "manual",
        how: "\(retry)a person\(assignee) passes it: jit gate pass \(short) \(key) --by human:<name>")
    }
    let how =
      definition.hasChecker
      ? "\(retry)run its checker: jit gate check \(short) \(key)"
      : "\(retry)feed it a CI result: jit gate ingest \(short) \(key) --junit|--sarif|--cobertura|--result FILE"
    return PendingGate(key: key, status: blocker.status, stage: definition.stage, kind: "automated", how: how)
  }
}
