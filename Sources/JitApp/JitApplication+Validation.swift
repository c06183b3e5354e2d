import FoundationEssentials
import JitCore

extension JitApplication {
  /// Checks the repository for what a hand edit or a merge broke; with `fix`, first repairs wrong
  /// derived states and gated issues whose gates all passed, and sets stale gates that count as
  /// pending back to pending (`gate stale --reset`), as `by` (else the default actor).
  /// A repository of another schema version is reported, not refused.
  public static func validate(
    _ configuration: JitConfiguration, fix: Bool, by: String? = nil,
    clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
  ) throws -> ValidationOutcome {
    let layout = try configuration.locate(verifyingSchema: false)
    // Resolved up front: a malformed --by is a usage error even when nothing needs repair.
    let actor = fix || by != nil ? try configuration.actor(by) : nil
    var repairs: [StateRepair] = []
    // Only take the lock and write when something needs repair (the check is made again under it).
    if fix, let actor, !RepositoryValidator(layout: layout).validate().repairs.isEmpty {
      repairs = try JitApplication(configuration, clock: clock).tracker.repairStates(by: actor)
    }
    var gateResets: [StaleGate] = []
    if fix, let actor {
      gateResets = try JitApplication(configuration, clock: clock).tracker.resetStaleGates(
        nil, by: actor, environment: configuration.checkerEnvironment)
    }
    var report = RepositoryValidator(layout: layout, environment: configuration.checkerEnvironment).report()
    report.repairs = repairs
    report.gateResets = gateResets
    let failure =
      report.isValid
      ? nil
      : JitError(
        .validationFailed,
        "validation found \(report.errorCount) error\(report.errorCount == 1 ? "" : "s")",
        details: ["errors": .int(Int64(report.errorCount))])
    return ValidationOutcome(report: report, failure: failure)
  }
}
