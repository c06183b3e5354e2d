import ArgumentParser

/// `jit dashboard start`.
struct DashboardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dashboard",
    abstract: "Serve a read-only web dashboard of the repository (docs/dashboard.md).",
    discussion: """
      'start' runs the companion jit-dashboard (installed beside jit by scripts/install; \
      $JIT_DASHBOARD names another), which serves the board, blocked work, issue pages, the \
      dependency graph, agents and runs, metrics, events and the human inbox, live, with /api/... in \
      the shapes of --json and /metrics for Prometheus.
      """,
    subcommands: [DashboardStartCommand.self])
}
