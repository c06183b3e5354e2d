import JitCore

/// The words people see for gates.
enum GateText {
  static func kind(_ gate: GateDefinition) -> String {
    var text = gate.auto ? "automated" : "manual"
    if gate.command != nil { text += ", command" }
    if let plugin = gate.plugin { text += ", plugin \(plugin)" }
    if !gate.auto || gate.hasChecker { text += ", approval \(gate.approvalPolicy.rawValue)" }
    if gate.stalePolicy == .pending { text += ", stale counts as pending" }
    return text
  }

  static func line(_ gate: GateDefinition) -> String {
    "\(gate.key)  \(gate.stage.rawValue)  \(kind(gate))  \(gate.title)"
  }

  static func table(_ gates: [GateDefinition]) -> String {
    guard !gates.isEmpty else { return "No gates defined (add one with 'jit gate define').\n" }
    var table = Table("KEY", "STAGE", "KIND", "TITLE")
    for gate in gates { table.add(gate.key, gate.stage.rawValue, kind(gate), gate.title) }
    return table.render()
  }

  static func detail(_ gate: GateDefinition, requiredBy: [IssueID]) -> String {
    var text = "\(gate.key)  \(gate.title)\n"
    text += "  kind:        \(kind(gate))\n"
    text += "  stage:       \(gate.stage.rawValue)\n"
    if !gate.description.isEmpty { text += "  description: \(gate.description)\n" }
    if let command = gate.command { text += "  command:     \(command)\n" }
    if let plugin = gate.plugin { text += "  plugin:      .jit/plugins/\(plugin)\n" }
    if gate.hasChecker { text += "  timeout:     \(gate.timeout ?? GateChecker.defaultTimeout) s\n" }
    if let threshold = gate.coverageThreshold { text += "  coverage:    at least \(threshold)%\n" }
    if let example = gate.exampleIntegration { text += "  integration: \(example)\n" }
    text +=
      "  required by: " + (requiredBy.isEmpty ? "no issue" : requiredBy.map(\.short).joined(separator: ", "))
      + "\n"
    return text
  }

  /// One gate's status and evidence, indented, for `issue show`.
  static func status(_ key: String, _ status: GateStatus, _ definition: GateDefinition?) -> String {
    let kind =
      definition.map { "\($0.stage.rawValue), \($0.auto ? "automated" : "manual")" } ?? "not in the registry"
    let overridden = status.evidence?.isOverride == true ? " (override)" : ""
    var text = "    \(key): \(status.status.rawValue)\(overridden)  (\(kind))"
    if let by = status.updatedBy { text += " by \(by)" }
    if let at = status.updatedAt { text += " at \(at)" }
    text += "\n"
    guard let evidence = status.evidence else { return text }
    var facts = ["source \(evidence.source)"]
    if let code = evidence.exitCode { facts.append("exit \(code)") }
    if let duration = evidence.durationMs { facts.append("\(duration) ms") }
    if let commit = evidence.commit { facts.append("commit \(commit.prefix(12))") }
    if evidence.dirty == true {
      facts.append("uncommitted changes" + (evidence.tree.map { " (tree \($0.prefix(12)))" } ?? ""))
    }
    if evidence.signature != nil { facts.append("signed") }
    if let artifact = evidence.artifact { facts.append(artifact) }
    text += "      evidence: " + facts.joined(separator: ", ") + "\n"
    if let message = evidence.message { text += "      \(message)\n" }
    if let figures = evidence.figures, !figures.isEmpty {
      let shown = figures.keys.sorted().compactMap { key -> String? in
        switch figures[key] {
        case .int(let value)?: return "\(key)=\(value)"
        case .double(let value)?: return "\(key)=\(value)"
        case .string(let value)?: return "\(key)=\(value)"
        case .bool(let value)?: return "\(key)=\(value)"
        default: return nil
        }
      }
      if !shown.isEmpty { text += "      figures: " + shown.joined(separator: " ") + "\n" }
    }
    if status.status == .failed, let tail = evidence.outputTail {
      text += tail.split(separator: "\n", omittingEmptySubsequences: false).suffix(5).map {
        "      | \($0)\n"
      }.joined()
    }
    return text
  }

  static func check(_ report: GateCheckReport) -> String {
    var text = ""
    if report.results.isEmpty {
      text += "No automated gate with a checker to run on \(report.issue.id.short).\n"
    }
    for outcome in report.results {
      var line = "\(outcome.gate): \(outcome.result.rawValue)"
      if let message = outcome.evidence.message { line += " (\(message))" }
      if let duration = outcome.evidence.durationMs { line += " in \(duration) ms" }
      if let note = outcome.note { line += " [\(note)]" }
      text += line + "\n"
      if outcome.result != .passed, let tail = outcome.evidence.outputTail {
        text += tail.split(separator: "\n", omittingEmptySubsequences: false).suffix(10).map { "  | \($0)\n" }
          .joined()
      }
    }
    for skipped in report.skipped { text += "\(skipped.gate): skipped (\(skipped.reason))\n" }
    text += IssueText.line(report.issue) + "\n  " + report.outlook.summary + "\n"
    return text
  }

  static func ingest(_ report: GateIngestReport) -> String {
    "\(report.gate): \(report.result.rawValue) from \(report.evidence.source)"
      + (report.evidence.message.map { " (\($0))" } ?? "") + "\n" + IssueText.line(report.issue) + "\n  "
      + report.outlook.summary + "\n"
  }

  /// What `gate pass` and `gate fail` print.
  static func verdict(_ change: GateChange, _ key: String, _ status: GateState) -> String {
    let verb = status == .passed ? "Passed" : "Failed"
    let head =
      change.changed
      ? "\(verb) gate \(key) on \(IssueText.line(change.issue))"
      : "Gate \(key) was already \(status.rawValue) on \(IssueText.line(change.issue))"
    return head + "\n  " + change.outlook.summary
  }
}
