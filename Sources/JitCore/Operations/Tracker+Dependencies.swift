/// What a dependency edit did.
public struct DependencyChange: Sendable, Codable {
  public var issue: Issue
  /// Edges that were added (or removed); edges that already were (or were not) there are left out.
  public var changed: [IssueID]
  public var unchanged: [IssueID]
}

extension Tracker {
  /// Makes `reference` depend on each of `prerequisites`. A self-dependency, an unknown id or a
  /// cycle refuses the whole call and changes nothing; an edge that exists is a no-op.
  public func addDependencies(
    _ reference: IssueReference, on prerequisites: [IssueReference], by actor: Actor
  ) throws -> DependencyChange {
    guard !prerequisites.isEmpty else { throw JitError.invalidArgument("name at least one --on issue") }
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      var added: [IssueID] = []
      var unchanged: [IssueID] = []
      for text in prerequisites {
        let dependency = try transaction.resolve(text)
        if dependency == id {
          throw JitError(
            .selfDependency, "\(id.short) cannot depend on itself",
            details: ["id": .string(id.rawValue)])
        }
        if issue.dependencies.contains(dependency) {
          if !unchanged.contains(dependency) { unchanged.append(dependency) }
          continue
        }
        // id -> dependency closes a cycle when id is already upstream of dependency.
        let snapshot = transaction
        let found =
          transaction.session.indexesEdges
          ? try DependencyGraph.path(
            from: dependency, to: id, dependencies: { try snapshot.edgeDependencies(of: $0) },
            dependents: { try snapshot.edgeDependents(of: $0) })
          : try DependencyGraph.path(
            from: dependency, to: id, dependencies: { try snapshot.edgeDependencies(of: $0) })
        if let path = found {
          let cycle = [id] + path
          throw JitError(
            .cycleDetected,
            "adding \(id.short) -> \(dependency.short) would make a cycle: "
              + cycle.map(\.short).joined(separator: " -> "),
            details: [
              "id": .string(id.rawValue), "on": .string(dependency.rawValue),
              "cycle": .array(cycle.map { .string($0.rawValue) }),
            ])
        }
        issue.dependencies = (issue.dependencies + [dependency]).sorted()
        transaction.put(issue)
        added.append(dependency)
      }
      for dependency in added {
        transaction.emit(.depAdded, id, by: actor, ["on": .string(dependency.rawValue)])
      }
      if !added.isEmpty {
        try transaction.rederive(id, by: actor, reason: "dependencies changed")
      }
      return DependencyChange(issue: try transaction.load(id), changed: added, unchanged: unchanged)
    }
  }

  /// Removes dependencies of `reference`. Removing an edge that is not there is a no-op.
  public func removeDependencies(
    _ reference: IssueReference, on prerequisites: [IssueReference], by actor: Actor
  ) throws -> DependencyChange {
    guard !prerequisites.isEmpty else { throw JitError.invalidArgument("name at least one --on issue") }
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      var issue = try transaction.load(id)
      var removed: [IssueID] = []
      var unchanged: [IssueID] = []
      for text in prerequisites {
        // A dependency may name an issue that no longer exists: accept the full id as written.
        let dependency: IssueID
        if let full = IssueID(text.text), issue.dependencies.contains(full) {
          dependency = full
        } else {
          dependency = try transaction.resolve(text)
        }
        guard issue.dependencies.contains(dependency) else {
          if !unchanged.contains(dependency) { unchanged.append(dependency) }
          continue
        }
        issue.dependencies.removeAll { $0 == dependency }
        transaction.put(issue)
        removed.append(dependency)
        transaction.emit(.depRemoved, id, by: actor, ["on": .string(dependency.rawValue)])
      }
      if !removed.isEmpty {
        try transaction.rederive(id, by: actor, reason: "dependencies changed")
      }
      return DependencyChange(issue: try transaction.load(id), changed: removed, unchanged: unchanged)
    }
  }
}
