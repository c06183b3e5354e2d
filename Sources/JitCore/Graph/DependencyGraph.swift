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

  /// A path of dependency edges from `start` to `target`, searched from both ends at once: upstream
  /// from `start` and downstream (through `dependents`) from `target`, always widening the smaller
  /// frontier. It visits about as many issues as the smaller of the two neighbourhoods, which keeps
  /// the cycle check of `dep add` cheap on large graphs when edges are indexed.
  public static func path(
    from start: IssueID, to target: IssueID, dependencies: (IssueID) throws -> [IssueID],
    dependents: (IssueID) throws -> [IssueID]
  ) rethrows -> [IssueID]? {
    if start == target { return [start] }
    var forwardParent: [IssueID: IssueID] = [start: start]
    var backwardParent: [IssueID: IssueID] = [target: target]
    var forward = [start]
    var backward = [target]
    func join(_ meeting: IssueID) -> [IssueID] {
      var head = [meeting]
      var cursor = meeting
      while let previous = forwardParent[cursor], previous != cursor {
        head.append(previous)
        cursor = previous
      }
      var path = Array(head.reversed())
      cursor = meeting
      while let next = backwardParent[cursor], next != cursor {
        path.append(next)
        cursor = next
      }
      return path
    }
    while !forward.isEmpty && !backward.isEmpty {
      if forward.count <= backward.count {
        var next: [IssueID] = []
        for node in forward {
          for neighbour in try dependencies(node) where forwardParent[neighbour] == nil {
            forwardParent[neighbour] = node
            if backwardParent[neighbour] != nil { return join(neighbour) }
            next.append(neighbour)
          }
        }
        forward = next
      } else {
        var next: [IssueID] = []
        for node in backward {
          for neighbour in try dependents(node) where backwardParent[neighbour] == nil {
            backwardParent[neighbour] = node
            if forwardParent[neighbour] != nil { return join(neighbour) }
            next.append(neighbour)
          }
        }
        backward = next
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
