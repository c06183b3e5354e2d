import JitCore

/// What the scheduling order needs of the dependency graph (each issue's priority, age, state and
/// prerequisites), kept between cycles so that a cycle does not read every issue again.
///
/// It is read whole when there is none yet, when an issue it does not know becomes ready (created
/// since), and at most once per poll interval otherwise (`stale`: changes made elsewhere, such as a
/// new dependency or priority, are seen by then). The dispatcher's own outcomes update it at once
/// (`settle`). Its answers only order the work: which issues are ready is read fresh every cycle,
/// and every claim is checked by the tracker, so an old graph can never start work that is not
/// ready, only pick a less useful one first.
struct DispatchGraph {
  private(set) var nodes: [IssueID: GraphNode] = [:]
  /// Set when the graph must be read again before the next use.
  var stale = true
  /// Each issue's longest chain of open work downstream and how much open work waits on it,
  /// computed on demand and forgotten when the set of open issues or the edges change.
  private var memo: [IssueID: (criticalPath: Int, downstream: Int)] = [:]
  /// Each issue's longest open chain downstream, shared by every question until the next change.
  private var depth: [IssueID: Int] = [:]
  private var dependents: [IssueID: [IssueID]]?

  /// Replaces the whole graph with `nodes` as just read.
  mutating func load(_ read: [GraphNode]) {
    nodes = Dictionary(read.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    stale = false
    forget()
  }

  /// The dispatcher decided an issue's state itself (done, gated): open work downstream changes.
  mutating func settle(_ id: IssueID, state: IssueState) {
    guard var node = nodes[id], node.state != state else { return }
    let wasOpen = node.state.isOpen
    node.state = state
    nodes[id] = node
    if wasOpen != state.isOpen { forget() }
  }

  /// The longest chain of open issues downstream of `id` and how many open issues wait on it.
  mutating func downstream(of id: IssueID) -> (criticalPath: Int, downstream: Int) {
    if let known = memo[id] { return known }
    let edges = openDependents()
    var depth = self.depth
    var visiting: Set<IssueID> = []
    // The chain's length, memoized until the next change; a visit guard keeps a cycle (which the
    // tracker refuses anyway) finite.
    func longest(_ id: IssueID) -> Int {
      if let known = depth[id] { return known }
      guard visiting.insert(id).inserted else { return 0 }
      let value = (edges[id] ?? []).map { longest($0) + 1 }.max() ?? 0
      visiting.remove(id)
      depth[id] = value
      return value
    }
    var seen: Set<IssueID> = []
    var stack = edges[id] ?? []
    while let next = stack.popLast() {
      if seen.insert(next).inserted { stack.append(contentsOf: edges[next] ?? []) }
    }
    let answer = (longest(id), seen.count)
    self.depth = depth
    memo[id] = answer
    return answer
  }

  private mutating func forget() {
    memo = [:]
    depth = [:]
    dependents = nil
  }

  /// Dependents by prerequisite, open issues only, built once per change of the open set.
  private mutating func openDependents() -> [IssueID: [IssueID]] {
    if let dependents { return dependents }
    var built: [IssueID: [IssueID]] = [:]
    for node in nodes.values where node.state.isOpen {
      for dependency in node.dependencies { built[dependency, default: []].append(node.id) }
    }
    dependents = built
    return built
  }
}
