/// What a new issue is made of.
public struct IssueDraft: Sendable {
  public var title: String
  public var description: String
  public var priority: Priority
  public var gates: [GateKey]
  public var dependencies: [IssueID]
  public var context: [String: String]

  public init(
    title: String, description: String = "", priority: Priority = .normal, gates: [GateKey] = [],
    dependencies: [IssueID] = [], context: [String: String] = [:]
  ) {
    self.title = title
    self.description = description
    self.priority = priority
    self.gates = gates
    self.dependencies = dependencies
    self.context = context
  }
}

/// Edits to an issue's fields; nil leaves a field as it is.
public struct IssueChanges: Sendable {
  public var title: String?
  public var description: String?
  public var priority: Priority?
  /// Context keys to set.
  public var setContext: [String: String]
  /// Context keys to remove.
  public var removeContext: [String]
  /// Fields whose recorded merge conflicts (`merge_conflicts`) are settled as they stand (`all`
  /// for every one). Setting a field settles its conflicts too.
  public var resolve: [String]

  public init(
    title: String? = nil, description: String? = nil, priority: Priority? = nil,
    setContext: [String: String] = [:], removeContext: [String] = [], resolve: [String] = []
  ) {
    self.resolve = resolve
    self.title = title
    self.description = description
    self.priority = priority
    self.setContext = setContext
    self.removeContext = removeContext
  }
}

extension IssueChanges {
  /// Whether these edits name no field (settling merge conflicts counts as a change).
  public var changesNothing: Bool {
    title == nil && description == nil && priority == nil && setContext.isEmpty && removeContext.isEmpty
      && resolve.isEmpty
  }
}

/// What `delete` did.
public struct DeletionResult: Sendable, Codable {
  public var deleted: IssueID
  /// Issues whose dependency on the deleted issue was removed (with `--force`).
  public var detachedDependents: [IssueID]

  enum CodingKeys: String, CodingKey {
    case deleted
    case detachedDependents = "detached_dependents"
  }
}

extension Tracker {
  /// Creates an issue. Gates must exist in the registry and dependencies must exist.
  public func create(_ draft: IssueDraft, by actor: Actor) throws -> Issue {
    let title = try Issue.validTitle(draft.title)
    try Issue.validateContext(draft.context)
    return try mutate { transaction in
      for key in draft.gates where transaction.gates[key.rawValue] == nil {
        throw transaction.gates.unknownGate(key.rawValue)
      }
      for dependency in draft.dependencies where try transaction.find(dependency) == nil {
        throw JitError.issueNotFound(dependency.rawValue)
      }
      var gates: [String] = []
      for key in draft.gates.map(\.rawValue) where !gates.contains(key) { gates.append(key) }
      var issue = Issue(
        id: try IssueID(validating: ids.next(at: transaction.now.date)), title: title,
        description: draft.description, state: .backlog, priority: draft.priority,
        dependencies: draft.dependencies, gatesRequired: gates,
        gatesStatus: Dictionary(uniqueKeysWithValues: gates.map { ($0, GateStatus()) }),
        context: draft.context, createdAt: transaction.now)
      issue.state = try transaction.evaluator().derivedState(issue)
      transaction.put(issue)
      transaction.emit(
        .issueCreated, issue.id, by: actor,
        [
          "title": .string(title), "priority": .string(issue.priority.rawValue),
          "state": .string(issue.state.rawValue),
          "dependencies": .array(issue.dependencies.map { .string($0.rawValue) }),
          "gates": .array(gates.map { .string($0) }),
        ])
      return issue
    }
  }

  /// Edits title, description, priority or context. An edit that changes nothing writes nothing.
  public func update(
    _ reference: IssueReference, _ changes: IssueChanges, by actor: Actor, fence: ClaimFence? = nil
  ) throws -> Issue {
    let title = try changes.title.map(Issue.validTitle)
    try Issue.validateContext(changes.setContext)
    return try mutate { transaction in
      let id = try transaction.resolve(reference)
      let before = try transaction.load(id)
      try transaction.check(fence, on: before)
      var issue = before
      var fields: [String: JSONValue] = [:]
      if let title, title != issue.title {
        issue.title = title
        fields["title"] = .string(title)
      }
      if let description = changes.description, description != issue.description {
        issue.description = description
        fields["description"] = .string(description)
      }
      if let priority = changes.priority, priority != issue.priority {
        issue.priority = priority
        fields["priority"] = .string(priority.rawValue)
      }
      for key in changes.removeContext where issue.context[key] != nil {
        issue.context[key] = nil
        fields["context." + key] = .null
      }
      for (key, value) in changes.setContext where issue.context[key] != value {
        issue.context[key] = value
        fields["context." + key] = .string(value)
      }
      let resolved = try Self.settleConflicts(&issue, changes)
      guard !fields.isEmpty || !resolved.isEmpty else { return before }
      transaction.put(issue)
      var eventFields: [String: JSONValue] = ["changes": .object(fields)]
      if !resolved.isEmpty { eventFields["resolved_conflicts"] = .array(resolved.map { .string($0) }) }
      transaction.emit(.issueUpdated, id, by: actor, eventFields)
      return try transaction.load(id)
    }
  }

  /// Clears the recorded merge conflicts an update settles: those on the fields it sets (to any
  /// value, the one in force too) and those it names in `resolve`. Returns the fields settled.
  /// A `resolve` that names no recorded conflict is `INVALID_ARGUMENT`.
  static func settleConflicts(_ issue: inout Issue, _ changes: IssueChanges) throws -> [String] {
    let recorded = issue.mergeConflicts
    guard !recorded.isEmpty || !changes.resolve.isEmpty else { return [] }
    var touched = changes.resolve
    if changes.title != nil { touched.append("title") }
    if changes.description != nil { touched.append("description") }
    if changes.priority != nil { touched.append("priority") }
    touched += (Array(changes.setContext.keys) + changes.removeContext).map { "context." + $0 }
    for field in changes.resolve where field != "all" && !recorded.contains(where: { $0.field == field }) {
      let known = recorded.map(\.field)
      throw JitError.invalidArgument(
        "\(issue.id.short) has no recorded merge conflict on '\(field)'"
          + (known.isEmpty ? "" : " (it has: \(known.joined(separator: ", ")))"))
    }
    let settles = { (conflict: MergeConflict) in
      touched.contains("all") || touched.contains(conflict.field)
    }
    let settled = recorded.filter(settles).map(\.field)
    if !settled.isEmpty { issue.mergeConflicts = recorded.filter { !settles($0) } }
    return settled
  }

  /// Deletes an issue. Refused with `HAS_DEPENDENTS` while others depend on it, unless `force`,
  /// which also removes those edges and re-derives the dependents' states.
  public func delete(_ reference: IssueReference, force: Bool, by actor: Actor) throws -> DeletionResult {
    try mutate { transaction in
      let id = try transaction.resolve(reference)
      let issue = try transaction.load(id)
      let dependents = try transaction.dependents(of: id)
      if !dependents.isEmpty && !force {
        throw JitError(
          .hasDependents,
          "\(id.short) cannot be deleted: \(dependents.map(\.short).joined(separator: ", ")) "
            + (dependents.count == 1 ? "depends" : "depend") + " on it "
            + "(remove those dependencies, or pass --force to remove them too)",
          details: [
            "id": .string(id.rawValue), "dependents": .array(dependents.map { .string($0.rawValue) }),
          ])
      }
      transaction.remove(id)
      for dependent in dependents {
        var other = try transaction.load(dependent)
        other.dependencies.removeAll { $0 == id }
        transaction.put(other)
        transaction.emit(
          .depRemoved, dependent, by: actor, ["on": .string(id.rawValue), "reason": "deleted"])
        try transaction.rederive(dependent, by: actor, reason: "dependency \(id.short) was deleted")
      }
      transaction.emit(
        .issueDeleted, id, by: actor,
        [
          "title": .string(issue.title),
          "detached_dependents": .array(dependents.map { .string($0.rawValue) }),
        ])
      return DeletionResult(deleted: id, detachedDependents: dependents)
    }
  }
}
