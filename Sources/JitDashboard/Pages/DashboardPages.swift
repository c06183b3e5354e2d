import JitApp
import JitCore

/// The pages as the routes render them, for callers outside the server (the benchmark,
/// jit-dashboard-bench, times these over generated repositories).
public enum DashboardPages {
  /// `/`.
  public static func board(_ snapshot: DashboardSnapshot) -> String { BoardPage.render(snapshot) }

  /// `/blocked`, its first page.
  public static func blocked(_ snapshot: DashboardSnapshot) -> String { BlockedPage.render(snapshot) }

  /// `/issues/ID`: the application's detail of the issue, then the page.
  public static func issue(_ id: String, hub: DashboardHub) async throws -> String {
    let detail = try await hub.application.issueDetail(id)
    return IssuePage.render(
      detail, snapshot: await hub.snapshot, history: await hub.history(of: detail.issue.id))
  }

  /// `/graph?issue=ID&depth=N`.
  public static func graph(around id: String, depth: Int, snapshot: DashboardSnapshot) -> String {
    var query = GraphPage.Query()
    query.issue = id
    query.depth = depth
    return GraphPage.render(query, snapshot: snapshot)
  }
}
