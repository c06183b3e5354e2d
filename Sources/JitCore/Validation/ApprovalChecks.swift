/// The checks of what passed gates claim: approvals by people who held the issue (a hand edit, or
/// a file from before `held_by`), and, with an environment to run git and ssh-keygen in, stale
/// evidence and signatures that do not verify.
extension RepositoryValidator {
  func checkApprovals(_ issues: [IssueID: Issue], registry: GateRegistry?, into findings: inout Findings) {
    let registry = registry ?? GateRegistry()
    for id in issues.keys.sorted() {
      guard let issue = issues[id], issue.state != .archived else { continue }
      for key in issue.gatesRequired {
        let result = issue.gateStatus(key)
        guard result.status == .passed, let by = result.updatedBy, issue.heldBy.contains(by) else { continue }
        let manual = registry[key]?.auto == false || result.evidence?.isOverride == true
        guard manual else { continue }
        findings.diagnostics.append(
          Diagnostic(
            .warning, .selfApproved, path: layout.relative(layout.issueFile(id)), issueID: id,
            message: "gate \(key) of \(id.short) was passed by \(by), who has held the issue: nobody "
              + "approves their own work; fail it or have another person pass it again"))
      }
    }
    guard let environment else { return }
    let audit = GateAudit(layout: workspace, environment: environment)
    let all = issues.keys.sorted().compactMap { issues[$0] }
    for stale in audit.staleGates(in: all, registry: registry) {
      findings.diagnostics.append(
        Diagnostic(
          .warning, .staleGate, path: layout.relative(layout.issueFile(stale.id)), issueID: stale.id,
          message: "gate \(stale.gate) of \(stale.id.short) passed, but \(stale.reason)"
            + (stale.countsAsPending
              ? "; it counts as pending ('jit gate stale --reset' sets it so)"
              : "; check it again ('jit gate check \(stale.id.short) \(stale.gate)')")))
    }
    for check in audit.signatureChecks(in: all, registry: registry) where !check.verified {
      let signed = issues[check.id]?.gateStatus(check.gate).evidence?.signature != nil
      findings.diagnostics.append(
        Diagnostic(
          signed ? .error : .warning, signed ? .badSignature : .unsignedApproval,
          path: layout.relative(layout.issueFile(check.id)), issueID: check.id,
          message:
            "gate \(check.gate) of \(check.id.short): \(check.problem ?? "the signature does not verify")"))
    }
  }
}
