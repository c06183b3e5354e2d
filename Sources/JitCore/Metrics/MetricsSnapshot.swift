/// Everything `jit metrics export` reports at one moment: the store's gauges and the event log's
/// counters. It renders the Prometheus text, and names the values alert conditions compare.
public struct MetricsSnapshot: Hashable, Sendable, Codable {
  public var gauges: MetricGauges
  public var counters: EventCounters

  public init(gauges: MetricGauges, counters: EventCounters) {
    self.gauges = gauges
    self.counters = counters
  }

  /// The names an alert condition may use, each with what it is (docs/metrics.md lists them).
  public static let conditionMetrics: [(name: String, help: String)] = [
    ("blocked_count", "open issues held back by a dependency, a gate or a hold"),
    ("blocked_by_dependency_count", "blocked issues with a dependency not done"),
    ("blocked_by_gate_count", "blocked issues with a gate holding them"),
    ("held_count", "blocked issues with a hold"),
    ("ready_count", "issues that can be claimed now"),
    ("unassigned_count", "open issues nobody is assigned"),
    ("backlog_count", "issues in backlog"),
    ("in_progress_count", "issues in progress"),
    ("gated_count", "issues waiting for their gates"),
    ("done_count", "issues done"),
    ("archived_count", "issues archived"),
    ("open_count", "issues not done or archived"),
    ("stalled_count", "in-progress issues whose lease ran out"),
    ("failed_gates", "failed gate results on open issues"),
    ("pending_gates", "pending gate results on open issues"),
    ("oldest_ready_age", "seconds since the oldest ready issue was created (0 when none)"),
    ("completed_total", "issues that reached done, ever (event log)"),
    ("reclaimed_total", "claims taken back after their lease expired, ever (event log)"),
    ("gate_failures_total", "gate.failed events, ever (event log)"),
  ]

  /// The value of a condition metric, or nil for a name that is not one.
  public func value(_ name: String) -> Double? {
    let state = { (state: IssueState) in Double(gauges.issuesByState[state.rawValue] ?? 0) }
    switch name {
    case "blocked_count": return Double(gauges.blocked)
    case "blocked_by_dependency_count": return Double(gauges.blockedByDependency)
    case "blocked_by_gate_count": return Double(gauges.blockedByGate)
    case "held_count": return Double(gauges.held)
    case "ready_count": return Double(gauges.ready)
    case "unassigned_count": return Double(gauges.unassigned)
    case "backlog_count": return state(.backlog)
    case "in_progress_count": return state(.inProgress)
    case "gated_count": return state(.gated)
    case "done_count": return state(.done)
    case "archived_count": return state(.archived)
    case "open_count": return IssueState.allCases.filter(\.isOpen).map(state).reduce(0, +)
    case "stalled_count": return Double(gauges.stalled)
    case "failed_gates": return Double(gauges.openGatesByStatus["failed"] ?? 0)
    case "pending_gates": return Double(gauges.openGatesByStatus["pending"] ?? 0)
    case "oldest_ready_age": return gauges.oldestReadyAgeSeconds
    case "completed_total": return Double(counters.completions)
    case "reclaimed_total": return Double(counters.reclaims)
    case "gate_failures_total": return Double(counters.gateResults["failed"] ?? 0)
    default: return nil
    }
  }

  /// The exposition text (docs/metrics.md lists every family).
  public func prometheus() -> String {
    var out = PrometheusText()
    func sorted(_ counts: [String: Int], _ label: String) -> [([(String, String)], Double)] {
      counts.keys.sorted().map { ([(label, $0)], Double(counts[$0] ?? 0)) }
    }
    out.family(
      "jit_issues", .gauge, help: "Issues by state.", sorted(gauges.issuesByState, "state"))
    out.family(
      "jit_open_issues", .gauge, help: "Open issues (not done or archived) by priority.",
      sorted(gauges.openByPriority, "priority"))
    out.family("jit_ready_issues", .gauge, help: "Issues that can be claimed now.", Double(gauges.ready))
    out.family(
      "jit_unassigned_issues", .gauge, help: "Open issues nobody is assigned.", Double(gauges.unassigned))
    out.family(
      "jit_blocked_issues", .gauge, help: "Open issues held back by anything.", Double(gauges.blocked))
    out.family(
      "jit_blocked_issues_by_reason", .gauge,
      help: "Blocked issues by reason; an issue with several reasons counts under each.",
      [
        ([("reason", "dependency")], Double(gauges.blockedByDependency)),
        ([("reason", "gate")], Double(gauges.blockedByGate)),
        ([("reason", "hold")], Double(gauges.held)),
      ])
    out.family(
      "jit_open_gate_results", .gauge, help: "Gate results required by open issues, by status.",
      sorted(gauges.openGatesByStatus, "status"))
    out.family(
      "jit_stalled_issues", .gauge, help: "In-progress issues whose lease ran out.", Double(gauges.stalled))
    out.family(
      "jit_oldest_ready_issue_age_seconds", .gauge,
      help: "Seconds since the oldest ready issue was created (0 when none is ready).",
      gauges.oldestReadyAgeSeconds)
    out.family(
      "jit_events_total", .counter, help: "Events in the event log, by kind.",
      sorted(counters.eventsByKind, "kind"))
    out.family("jit_claims_total", .counter, help: "Claims of issues.", Double(counters.claims))
    out.family(
      "jit_reclaims_total", .counter, help: "Claims taken back after their lease expired.",
      Double(counters.reclaims))
    out.family(
      "jit_completions_total", .counter, help: "Issues that reached done.", Double(counters.completions))
    out.family(
      "jit_gate_results_total", .counter, help: "Gate results recorded, by result.",
      sorted(counters.gateResults, "result"))
    out.family(
      "jit_gate_checks_total", .counter, help: "Gate checker runs, by result.",
      sorted(counters.gateChecks, "result"))
    out.histogram(
      "jit_gate_check_duration_seconds", help: "How long gate checkers ran.", counters.gateCheckDuration)
    out.histogram(
      "jit_lead_time_seconds", help: "From an issue's creation to done, per completion.", counters.leadTime)
    out.histogram(
      "jit_cycle_time_seconds", help: "From an issue's first claim to done, per completion.",
      counters.cycleTime)
    out.family(
      "jit_event_lines_malformed_total", .counter, help: "Lines of the event log that are not events.",
      Double(counters.malformedLines))
    return out.text
  }
}
