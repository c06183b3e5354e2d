/// The order work is taken and answers are given in: priority (most urgent first), then age
/// (oldest first), then id. The one definition; the index's SQL form is
/// `IndexedStore.workOrderSQL`, tested against this one.
public struct WorkOrderKey: Comparable, Sendable {
  public var priority: Priority
  public var createdAt: Timestamp
  public var id: IssueID

  public init(priority: Priority, createdAt: Timestamp, id: IssueID) {
    self.priority = priority
    self.createdAt = createdAt
    self.id = id
  }

  public static func < (lhs: WorkOrderKey, rhs: WorkOrderKey) -> Bool {
    if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
    if lhs.createdAt != rhs.createdAt { return lhs.createdAt < rhs.createdAt }
    return lhs.id < rhs.id
  }
}

extension Issue {
  /// Where this issue stands in the work order.
  public var workOrderKey: WorkOrderKey { WorkOrderKey(priority: priority, createdAt: createdAt, id: id) }

  /// The order work is taken in (see `WorkOrderKey`).
  public static func workOrder(_ lhs: Issue, _ rhs: Issue) -> Bool { lhs.workOrderKey < rhs.workOrderKey }

  /// Whether anyone may claim it as its file says: ready and held by nobody. (A claim also derives
  /// readiness again from the dependencies: see `Tracker.claim`.) The index's SQL form is tested
  /// against this one.
  public var isClaimable: Bool { state == .ready && assignee == nil && hold == nil }
}

extension QueryRow {
  /// Where this row stands in the work order.
  public var workOrderKey: WorkOrderKey { WorkOrderKey(priority: priority, createdAt: createdAt, id: id) }

  /// The order answers are given in (see `WorkOrderKey`).
  public static func workOrder(_ lhs: QueryRow, _ rhs: QueryRow) -> Bool {
    lhs.workOrderKey < rhs.workOrderKey
  }
}
