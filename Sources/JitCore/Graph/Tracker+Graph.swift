extension Tracker {
  /// Every issue with its edges both ways, read under the shared lock.
  public func graph() throws -> IssueGraph {
    IssueGraph(try store.read { try $0.loadAll() })
  }
}
