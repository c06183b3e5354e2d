extension Tracker {
  /// Every issue with its edges both ways, in one read session (from the index when there is one).
  public func graph() throws -> IssueGraph {
    IssueGraph(nodes: try store.read { try $0.graphNodes() })
  }
}

extension TrackerReader {
  /// Every issue with its edges both ways, as this view sees them.
  public func graph() throws -> IssueGraph { IssueGraph(nodes: try session.graphNodes()) }

  /// The issues with no dependencies (archived ones only when `includeArchived`) in work order,
  /// each with `dependentCount` set: how many issues depend on it directly.
  public func roots(includeArchived: Bool) throws -> [QueryRow] {
    var rows: [QueryRow] = []
    try query(.roots(includeArchived: includeArchived)) { rows.append($0) }
    // An index that keeps the counts gives them with the rows; else every edge is counted once.
    guard rows.contains(where: { $0.dependentCount == nil }) else { return rows }
    let counts = try session.dependentCounts()
    for index in rows.indices { rows[index].dependentCount = counts[rows[index].id] ?? 0 }
    return rows
  }
}
