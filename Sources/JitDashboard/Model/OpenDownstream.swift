import JitCore

/// How many open issues wait on an issue, directly or through others: what finishing it would
/// start to unblock. Issues are numbered and walked over arrays, not hashed ids; each walk stops
/// counting at a cap, so that a repository of 100,000 issues with long chains stays fast (the
/// page then says "cap+"): 1,000, or less when there are many roots, so that all the walks
/// together take at most `budget` steps (never under 50).
enum OpenDownstream {
  static let budget = 4_000_000

  /// The cap for this many roots.
  static func cap(roots: Int) -> Int { min(1_000, max(50, budget / max(1, roots))) }

  static func counts(
    of roots: [IssueID], issues: [IssueID: Issue], dependents: [IssueID: [IssueID]], cap: Int
  ) -> [IssueID: Int] {
    guard !roots.isEmpty else { return [:] }
    var number: [IssueID: Int] = [:]
    var ids: [IssueID] = []
    for (id, issue) in issues where issue.state.isOpen {
      number[id] = ids.count
      ids.append(id)
    }
    // Each open issue's open dependents, by number.
    var edges = [[Int32]](repeating: [], count: ids.count)
    for (index, id) in ids.enumerated() {
      for dependent in dependents[id] ?? [] {
        if let target = number[dependent] { edges[index].append(Int32(target)) }
      }
    }
    var stamp = [Int32](repeating: -1, count: ids.count)
    var stack: [Int32] = []
    var answer: [IssueID: Int] = [:]
    answer.reserveCapacity(roots.count)
    for (walk, root) in roots.enumerated() {
      guard let start = number[root] else {
        answer[root] = 0
        continue
      }
      let mark = Int32(walk)
      stamp[start] = mark
      stack.removeAll(keepingCapacity: true)
      stack.append(Int32(start))
      var seen = 0
      while let next = stack.popLast(), seen < cap {
        for target in edges[Int(next)] where stamp[Int(target)] != mark {
          stamp[Int(target)] = mark
          seen += 1
          stack.append(target)
        }
      }
      answer[root] = min(seen, cap)
    }
    return answer
  }
}
