/// Graph algorithms over dependency edges (`issue -> prerequisite`). Pure functions: the caller
/// says how to find an issue's dependencies.
public enum DependencyGraph {
  /// A path of dependency edges from `start` to `target` (both included), if one exists.
  ///
  /// Adding the edge `a -> b` (a depends on b) makes a cycle exactly when `a` is reachable from `b`;
  /// the cycle is then `a -> b -> ... -> a`. Only `start`'s upstream is visited.
  public static func path(
    from start: IssueID, to target: IssueID, dependencies: (IssueID) throws -> [IssueID]
  ) rethrows -> [IssueID]? {
    if start == target { return [start] }
    var parent: [IssueID: IssueID] = [:]
    var visited: Set<IssueID> = [start]
    var stack: [IssueID] = [start]
    while let node = stack.popLast() {
      for next in try dependencies(node) where visited.insert(next).inserted {
        parent[next] = node
        if next == target {
          var path = [target]
          var cursor = target
          while let previous = parent[cursor] {
            path.append(previous)
            cursor = previous
          }
          return path.reversed()
        }
        stack.append(next)
      }
    }
    return nil
  }

  /// Finds the cycles among `issues` (each reported once, as a closed path `a -> ... -> a`).
  /// Dependencies on ids outside `issues` are ignored.
  public static func cycles(in edges: [IssueID: [IssueID]]) -> [[IssueID]] {
    enum Mark { case visiting, done }
    var marks: [IssueID: Mark] = [:]
    var found: [[IssueID]] = []
    for root in edges.keys.sorted() where marks[root] == nil {
      // Iterative DFS keeping the current path, so deep graphs do not overflow the stack.
      var path: [IssueID] = []
      var iterators: [IndexingIterator<[IssueID]>] = []
      marks[root] = .visiting
      path.append(root)
      iterators.append((edges[root] ?? []).makeIterator())
      while !iterators.isEmpty {
        if let next = iterators[iterators.count - 1].next() {
          guard edges[next] != nil else { continue }
          switch marks[next] {
          case .visiting:
            if let start = path.firstIndex(of: next) { found.append(Array(path[start...]) + [next]) }
          case .done:
            continue
          case nil:
            marks[next] = .visiting
            path.append(next)
            iterators.append((edges[next] ?? []).makeIterator())
          }
        } else {
          marks[path.removeLast()] = .done
          iterators.removeLast()
        }
      }
    }
    return found
  }
}
