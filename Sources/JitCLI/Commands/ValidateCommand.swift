import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit validate [--fix]`.
struct ValidateCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check the repository for anything a hand edit or a merge broke.",
    discussion: """
      Reads every file on its own, so one broken file never hides another, and reports each \
      finding with a severity, a stable code, the file, the issue and how to fix it (the codes are \
      listed in docs/validate.md). Exit 0 when there are no errors (warnings allowed), 4 when there \
      are. With --json the whole report is printed either way: \
      {"valid", "errors", "warnings", "issues_checked", "diagnostics": [...], "repairs": [...], \
      "gate_resets": [...]}, \
      with "error": {"code": "VALIDATION_FAILED", ...} beside it when it exits 4.

      --fix repairs what is safe to repair, under the repository lock: derived states \
      (backlog/ready) that are wrong, and gated issues whose gates have all passed (to done). Each \
      repair is recorded as an issue.state_changed event with the reason "validate --fix". It also \
      sets passed gates whose evidence is stale back to pending where their definition says \
      --on-stale pending (gate.reset), as 'jit gate stale --reset' does. The report then shows what \
      is left.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Repair wrong derived states and gated issues whose gates all passed.") var fix = false
  @Option(help: "Who is repairing, with --fix (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let outcome = try JitApplication.validate(context.configuration(), fix: fix, by: by, clock: context.clock)
    try context.renderer.report(outcome.report, failing: outcome.failure) { Self.text(outcome.report) }
  }

  static func text(_ report: ValidationReport) -> String {
    var text = ""
    for repair in report.repairs {
      text += "fixed    \(repair.id.short): \(repair.from.rawValue) -> \(repair.to.rawValue)\n"
    }
    for reset in report.gateResets {
      text += "reset    \(reset.id.short): gate \(reset.gate) back to pending (\(reset.reason))\n"
    }
    for diagnostic in report.diagnostics {
      let severity = diagnostic.severity == .error ? "error  " : "warning"
      let place = diagnostic.line.map { "\(diagnostic.path):\($0)" } ?? diagnostic.path
      text += "\(severity)  \(diagnostic.code.rawValue)  \(place)\n         \(diagnostic.message)\n"
    }
    let errors = "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s")"
    let warnings = "\(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
    if report.diagnostics.isEmpty {
      text += "OK: \(report.issueCount) issue\(report.issueCount == 1 ? "" : "s") checked, no problems found"
    } else {
      text += "\(report.isValid ? "OK" : "FAILED"): \(errors), \(warnings) in \(report.issueCount) issues"
    }
    return text
  }
}
