import JitCore

/// An issue with what stands between it and ready and done, as one read session saw them: what
/// `issue show` prints.
public struct IssueDetail: Sendable {
  /// The issue as stored, with the state it has now (`Issue.shown(heldByLinks:)`: `backlog` while
  /// a dependency in another repository is not done).
  public var issue: Issue
  /// Why it is not ready (empty when nothing holds it back).
  public var blockedBy: BlockingReasons
  /// The required gates that have not passed and hold it back from done.
  public var gatesBlockingDone: [GateBlocker]
  /// What stands between it and done.
  public var outlook: DoneOutlook
  /// The registry, as far as the issue's gates need it (empty when it requires none).
  public var gates: GateRegistry
  /// Passed gates whose evidence no longer matches the code.
  public var staleGates: [StaleGate] = []
  /// Signed approvals verified again, and `signed` gates passed without a signature.
  public var signatures: [SignatureCheck] = []
  /// The lease of its current claim, if it has one.
  public var lease: Lease?
  /// Each external dependency (`alias:ID`) as its repository has it now: title and state, or
  /// `unknown` with why.
  public var external: [ExternalStatus] = []
}

extension JitApplication {
  /// One issue's detail, read in one session.
  public func issueDetail(_ issue: String) throws -> IssueDetail {
    let reference = try reference(issue)
    var detail = try tracker.read { reader in
      let issue = try reader.issue(reference)
      // The registry only matters for the gates this issue requires: skip reading it otherwise.
      let readiness = try reader.readiness(gates: issue.gatesRequired.isEmpty ? GateRegistry() : nil)
      let blockers = try readiness.blockersToReady(issue)
      var detail = IssueDetail(
        issue: issue.shown(heldByLinks: !blockers.external.isEmpty), blockedBy: blockers,
        gatesBlockingDone: readiness.blockersToDone(issue),
        outlook: try readiness.untilDone(issue, blockersToReady: blockers), gates: readiness.gates)
      detail.external = issue.externalDependencies.map { linked.status(of: $0) }
      if issue.state == .inProgress {
        detail.lease = try reader.session.lease(issue.id).flatMap { $0.belongs(to: issue) ? $0 : nil }
      }
      return detail
    }
    // Git and ssh-keygen are asked only about an issue whose passed gates carry such evidence.
    if let layout = tracker.workspace {
      let audit = GateAudit(layout: layout, environment: configuration.checkerEnvironment)
      detail.staleGates = audit.staleGates(in: [detail.issue], registry: detail.gates)
      detail.signatures = audit.signatureChecks(in: [detail.issue], registry: detail.gates)
    }
    return detail
  }
}
