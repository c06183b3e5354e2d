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
  /// and how many issues depend on each directly.
  public func roots(includeArchived: Bool) throws -> (rows: [QueryRow], dependents: [IssueID: Int]) {
    var rows: [QueryRow] = []
    try query(.roots(includeArchived: includeArchived)) { rows.append($0) }
    guard !rows.isEmpty else { return ([], [:]) }
    // An index that keeps the counts ready answers them with the rows; else count every edge once.
    if rows.allSatisfy({ $0.dependentCount != nil }) {
      var counts: [IssueID: Int] = [:]
      for row in rows { counts[row.id] = row.dependentCount }
      return (rows, counts)
    }
    return (rows, try session.dependentCounts())
  }
}
