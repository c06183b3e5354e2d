/// What the graph views need of an issue: enough to draw it and walk its edges, which an index
/// answers without reading the issue's file.
public struct GraphNode: Hashable, Sendable {
  public var id: IssueID
  public var title: String
  public var state: IssueState
  public var priority: Priority
  public var createdAt: Timestamp
  /// Its prerequisites, as its file lists them.
  public var dependencies: [IssueID]

  public init(
    id: IssueID, title: String, state: IssueState, priority: Priority, createdAt: Timestamp,
    dependencies: [IssueID]
  ) {
    self.id = id
    self.title = title
    self.state = state
    self.priority = priority
    self.createdAt = createdAt
    self.dependencies = dependencies
  }

  public init(_ issue: Issue) {
    self.init(
      id: issue.id, title: issue.title, state: issue.state, priority: issue.priority,
      createdAt: issue.createdAt, dependencies: issue.dependencies)
  }

  /// Where it stands in the work order.
  public var workOrderKey: WorkOrderKey { WorkOrderKey(priority: priority, createdAt: createdAt, id: id) }
}
