/// What a dependency edit did.
public struct DependencyChange: Sendable, Codable {
  public var issue: Issue
  /// Edges that were added (or removed); edges that already were (or were not) there are left out.
  public var changed: [IssueID]
  public var unchanged: [IssueID]
  /// The same for dependencies on other repositories' issues (`alias:ID`).
  public var changedExternal: [ExternalDependency] = []
  public var unchangedExternal: [ExternalDependency] = []
}

extension Tracker {
  /// Makes `reference` depend on each of `prerequisites`. A self-dependency, an unknown id or a
  /// cycle refuses the whole call and changes nothing; an edge that exists is a no-op.
  /// An external prerequisite (`alias:ID`) is resolved in the other repository first, read-only:
  /// an unknown alias (`UNKNOWN_ALIAS`), an unreachable repository or an unknown issue there
  /// refuses the call. Cycles through other repositories are `validate`'s to find.
  public func addDependencies(
    _ reference: IssueReference, on prerequisites: [IssueReference], external: [ExternalReference] = [],
    by actor: Actor
  ) throws -> DependencyChange {
    guard !prerequisites.isEmpty || !external.isEmpty else {
      throw JitError.invalidArgument("name at least one --on issue")
    }
    let links = try external.map { text in
      try ExternalDependency(alias: text.alias, id: try self.external.resolve(text))
    }
    // The shown state reads the other repositories: after the write lock is released.
    return try shownLive(
      mutate { transaction in
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
        var addedExternal: [ExternalDependency] = []
        var unchangedExternal: [ExternalDependency] = []
        for link in links {
          if issue.externalDependencies.contains(link) {
            if !unchangedExternal.contains(link) { unchangedExternal.append(link) }
            continue
          }
          issue.externalDependencies = (issue.externalDependencies + [link]).sorted()
          transaction.put(issue)
          addedExternal.append(link)
        }
        for dependency in added {
          transaction.emit(.depAdded, id, by: actor, ["on": .string(dependency.rawValue)])
        }
        for link in addedExternal {
          transaction.emit(.depAdded, id, by: actor, ["on": .string(link.description)])
        }
        if !added.isEmpty {
          try transaction.rederive(id, by: actor, reason: "dependencies changed")
        }
        return DependencyChange(
          issue: try transaction.load(id), changed: added, unchanged: unchanged,
          changedExternal: addedExternal,
          unchangedExternal: unchangedExternal)
      })
  }

  /// Removes dependencies of `reference`. Removing an edge that is not there is a no-op.
  /// An external one (`alias:ID`) is matched against the issue's own list first (a full id, or a
  /// unique suffix among them), so that a link to a repository that is gone can still be removed.
  public func removeDependencies(
    _ reference: IssueReference, on prerequisites: [IssueReference], external: [ExternalReference] = [],
    by actor: Actor
  ) throws -> DependencyChange {
    guard !prerequisites.isEmpty || !external.isEmpty else {
      throw JitError.invalidArgument("name at least one --on issue")
    }
    // A reference the issue's links do not match is resolved in the other repository before the
    // write lock is taken: two repositories removing links to each other would otherwise each
    // hold its own lock while waiting to read the other.
    var resolved: [ExternalReference: ExternalDependency] = [:]
    if !external.isEmpty {
      let links = try read { try $0.issue(reference) }.externalDependencies
      for text in external where !links.contains(where: { text.matches($0) }) {
        resolved[text] = try ExternalDependency(alias: text.alias, id: self.external.resolve(text))
      }
    }
    return try shownLive(
      mutate { transaction in
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
        var removedExternal: [ExternalDependency] = []
        var unchangedExternal: [ExternalDependency] = []
        for text in external {
          let link = try externalLink(text, among: issue.externalDependencies, resolved: resolved[text])
          guard issue.externalDependencies.contains(link) else {
            if !unchangedExternal.contains(link) { unchangedExternal.append(link) }
            continue
          }
          issue.externalDependencies.removeAll { $0 == link }
          transaction.put(issue)
          removedExternal.append(link)
          transaction.emit(.depRemoved, id, by: actor, ["on": .string(link.description)])
        }
        if !removed.isEmpty {
          try transaction.rederive(id, by: actor, reason: "dependencies changed")
        }
        return DependencyChange(
          issue: try transaction.load(id), changed: removed, unchanged: unchanged,
          changedExternal: removedExternal, unchangedExternal: unchangedExternal)
      })
  }

  /// `change` with its issue in the state it has now (`ExternalRepositories.live`).
  private func shownLive(_ change: DependencyChange) -> DependencyChange {
    var change = change
    change.issue = external.live(change.issue)
    return change
  }
}

extension Tracker {
  /// The external dependency `text` names: one of `links` its reference matches, else the issue
  /// it resolves to in the other repository (which may not be among `links`): `resolved`, when
  /// it was resolved there already.
  func externalLink(
    _ text: ExternalReference, among links: [ExternalDependency], resolved: ExternalDependency? = nil
  ) throws -> ExternalDependency {
    let matching = links.filter { text.matches($0) }
    if matching.count == 1 { return matching[0] }
    if matching.count > 1 {
      throw JitError(
        .ambiguousID, "'\(text)' matches several of its dependencies: give more of the id",
        details: [
          "alias": .string(text.alias), "candidates": .array(matching.map { .string($0.description) }),
        ])
    }
    return try resolved ?? ExternalDependency(alias: text.alias, id: external.resolve(text))
  }
}
