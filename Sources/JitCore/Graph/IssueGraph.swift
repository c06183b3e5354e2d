/// The issues of a repository with their edges both ways, built once so that every walk is linear
/// in what it visits. A value: graph views and exports are pure functions over it.
public struct IssueGraph: Sendable {
  /// Every issue, by id.
  public let issues: [IssueID: GraphNode]
  /// For each issue, the issues that list it among their dependencies (sorted).
  public let dependents: [IssueID: [IssueID]]

  public init(_ issues: [Issue]) { self.init(nodes: issues.map(GraphNode.init)) }

  public init(nodes issues: [GraphNode]) {
    var byID: [IssueID: GraphNode] = [:]
    byID.reserveCapacity(issues.count)
    var dependents: [IssueID: [IssueID]] = [:]
    for issue in issues {
      byID[issue.id] = issue
      for dependency in issue.dependencies { dependents[dependency, default: []].append(issue.id) }
    }
    for key in dependents.keys { dependents[key]?.sort() }
    self.issues = byID
    self.dependents = dependents
  }

  /// Which way a walk follows the edges.
  public enum Direction: String, Sendable, Codable {
    /// Towards prerequisites: what must be done first.
    case upstream
    /// Towards dependents: what waits on it.
    case downstream
  }

  /// The neighbours of `id` in one direction (dependencies or dependents).
  public func neighbours(of id: IssueID, _ direction: Direction) -> [IssueID] {
    switch direction {
    case .upstream: return issues[id]?.dependencies ?? []
    case .downstream: return dependents[id] ?? []
    }
  }

  /// The issues with no dependencies, oldest first.
  public func roots() -> [GraphNode] {
    issues.values.filter { $0.dependencies.isEmpty }.sorted { $0.id < $1.id }
  }

  /// The tree of `root`'s prerequisites (`.upstream`) or dependents (`.downstream`).
  ///
  /// Each issue is drawn in full once, at its first place in depth-first order; later places are
  /// marked `repeated` and have no children, so shared prerequisites (and any cycle a hand edit
  /// made) are drawn once. `depth` limits how many levels are expanded below the root (nil: all);
  /// a node whose children were cut off is marked `truncated`.
  public func tree(from root: IssueID, _ direction: Direction, depth: Int? = nil) -> GraphTreeNode {
    // Iterative, so that a chain of thousands of issues cannot overflow the stack.
    struct Frame {
      var node: GraphTreeNode
      var pending: [IssueID]
      var next = 0
    }
    var expanded: Set<IssueID> = []
    func open(_ id: IssueID, level: Int) -> Frame {
      guard let issue = issues[id] else { return Frame(node: GraphTreeNode(missing: id), pending: []) }
      var node = GraphTreeNode(issue)
      if expanded.contains(id) {
        node.repeated = true
        return Frame(node: node, pending: [])
      }
      let next = neighbours(of: id, direction)
      if next.isEmpty {
        expanded.insert(id)
        return Frame(node: node, pending: [])
      }
      if let depth, level >= depth {
        expanded.insert(id)  // drawn here, cut off: a later place says "see above", not again
        node.truncated = true
        node.hiddenCount = next.count
        return Frame(node: node, pending: [])
      }
      expanded.insert(id)
      return Frame(node: node, pending: next)
    }
    var stack = [open(root, level: 0)]
    while true {
      let top = stack.count - 1
      if stack[top].next < stack[top].pending.count {
        let child = stack[top].pending[stack[top].next]
        stack[top].next += 1
        stack.append(open(child, level: stack.count))
        continue
      }
      let finished = stack.removeLast().node
      guard !stack.isEmpty else { return finished }
      stack[stack.count - 1].node.children.append(finished)
    }
  }

  /// The ids within `depth` steps of `center` in either direction (upstream and downstream),
  /// `center` included.
  public func neighbourhood(of center: IssueID, depth: Int? = nil) -> Set<IssueID> {
    var selected: Set<IssueID> = [center]
    for direction in [Direction.upstream, .downstream] {
      var frontier = [center]
      var seen: Set<IssueID> = [center]
      var level = 0
      while !frontier.isEmpty, depth.map({ level < $0 }) ?? true {
        var following: [IssueID] = []
        for id in frontier {
          for next in neighbours(of: id, direction) where issues[next] != nil && seen.insert(next).inserted {
            following.append(next)
          }
        }
        selected.formUnion(following)
        frontier = following
        level += 1
      }
    }
    return selected
  }
}

/// One place in a drawn dependency tree.
public struct GraphTreeNode: Hashable, Sendable, Codable {
  public var id: IssueID
  public var shortID: String
  /// Nil when the id names no issue (a dangling dependency).
  public var title: String?
  public var state: IssueState?
  public var priority: Priority?
  /// The issue was expanded earlier in the tree; its subtree is not repeated here.
  public var repeated: Bool
  /// The depth limit cut this node's subtree off.
  public var truncated: Bool
  /// How many children the depth limit hid.
  public var hiddenCount: Int
  /// No issue has this id.
  public var missing: Bool
  public var children: [GraphTreeNode]
  /// For a node of another repository (an external dependency, always a leaf): its alias, and its
  /// state there or `unknown` with why. `short_id` is then `alias:SHORT`.
  public var external: ExternalStatus?

  /// The leaf of an external dependency.
  public init(external status: ExternalStatus) {
    id = status.id
    shortID = "\(status.alias):\(status.id.short)"
    title = status.title
    state = IssueState(rawValue: status.state)
    repeated = false
    truncated = false
    hiddenCount = 0
    missing = state == nil
    children = []
    external = status
  }

  init(_ issue: GraphNode) {
    id = issue.id
    shortID = issue.id.short
    title = issue.title
    state = issue.state
    priority = issue.priority
    repeated = false
    truncated = false
    hiddenCount = 0
    missing = false
    children = []
  }

  init(missing id: IssueID) {
    self.id = id
    shortID = id.short
    repeated = false
    truncated = false
    hiddenCount = 0
    missing = true
    children = []
  }

  enum CodingKeys: String, CodingKey {
    case id, title, state, priority, repeated, truncated, missing, children, external
    case shortID = "short_id"
    case hiddenCount = "hidden_count"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(shortID, forKey: .shortID)
    try container.encode(title, forKey: .title)
    try container.encode(state, forKey: .state)
    try container.encode(priority, forKey: .priority)
    try container.encode(repeated, forKey: .repeated)
    try container.encode(truncated, forKey: .truncated)
    try container.encode(hiddenCount, forKey: .hiddenCount)
    try container.encode(missing, forKey: .missing)
    try container.encode(children, forKey: .children)
    try container.encodeIfPresent(external, forKey: .external)
  }

  /// Every node in the tree, depth first.
  public var allNodes: [GraphTreeNode] {
    [self] + children.flatMap(\.allNodes)
  }
}
