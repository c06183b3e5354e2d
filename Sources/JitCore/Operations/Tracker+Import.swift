/// One issue read from another tracker's export, before it has a jit id.
public struct ImportDraft: Sendable, Hashable {
  /// Its id in the other tracker (`bd-12`, `#7`, a Taskwarrior uuid): kept in `context`.
  public var key: String
  public var title: String
  public var description: String
  public var priority: Priority
  /// Done there (closed, completed): imported as `done`.
  public var done: Bool
  public var assignee: Actor?
  /// The keys of the issues it depends on, in the same export.
  public var dependencies: [String]
  public var context: [String: String]

  public init(
    key: String, title: String, description: String = "", priority: Priority = .normal, done: Bool = false,
    assignee: Actor? = nil, dependencies: [String] = [], context: [String: String] = [:]
  ) {
    self.key = key
    self.title = title
    self.description = description
    self.priority = priority
    self.done = done
    self.assignee = assignee
    self.dependencies = dependencies
    self.context = context
  }
}

/// What an import made (or, in a dry run, would make): each draft's key with its new id.
public struct ImportResult: Sendable, Hashable {
  public var issues: [(key: String, issue: Issue?, draft: ImportDraft)]

  public static func == (lhs: ImportResult, rhs: ImportResult) -> Bool {
    lhs.issues.map(\.key) == rhs.issues.map(\.key) && lhs.issues.map(\.issue) == rhs.issues.map(\.issue)
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(issues.map(\.key)) }
}

extension Tracker {
  /// The drafts in an order where every dependency comes first: `INVALID_IMPORT` for a repeated
  /// key or a bad title, `UNKNOWN_REFERENCE` for a dependency on a key the export does not have,
  /// `CYCLE_DETECTED` (with the cycle's keys) for dependencies that go round.
  public static func importOrder(_ drafts: [ImportDraft]) throws -> [ImportDraft] {
    var byKey: [String: ImportDraft] = [:]
    for draft in drafts {
      guard byKey[draft.key] == nil else {
        throw JitError(
          .invalidImport, "the export has '\(draft.key)' twice", details: ["key": .string(draft.key)])
      }
      do { _ = try Issue.validTitle(draft.title) } catch {
        throw JitError(
          .invalidImport, "'\(draft.key)' has no usable title (one line, not empty)",
          details: ["key": .string(draft.key)])
      }
      byKey[draft.key] = draft
    }
    for draft in drafts {
      for dependency in draft.dependencies where byKey[dependency] == nil {
        throw JitError(
          .unknownReference, "'\(draft.key)' depends on '\(dependency)', which is not in the export",
          details: ["key": .string(draft.key), "reference": .string(dependency)])
      }
    }
    // Depth-first, in the export's order; a key met again while open closes a cycle.
    var ordered: [ImportDraft] = []
    var done: Set<String> = []
    var open: [String] = []
    func visit(_ key: String) throws {
      if done.contains(key) { return }
      if let start = open.firstIndex(of: key) {
        let cycle = Array(open[start...]) + [key]
        throw JitError(
          .cycleDetected, "the export's dependencies go round: " + cycle.joined(separator: " -> "),
          details: ["cycle": .array(cycle.map { .string($0) })])
      }
      open.append(key)
      for dependency in byKey[key]?.dependencies ?? [] { try visit(dependency) }
      open.removeLast()
      done.insert(key)
      if let draft = byKey[key] { ordered.append(draft) }
    }
    for draft in drafts { try visit(draft.key) }
    return ordered
  }

  /// Creates every draft in one write, or nothing: dependencies first, each `done` or with its
  /// derived state, its key in `context`. With `dryRun`, checks everything and writes nothing.
  public func importIssues(_ drafts: [ImportDraft], by actor: Actor, dryRun: Bool = false) throws
    -> ImportResult
  {
    let ordered = try Self.importOrder(drafts)
    for draft in ordered { try Issue.validateContext(draft.context) }
    if dryRun { return ImportResult(issues: ordered.map { ($0.key, nil, $0) }) }
    return try mutate { transaction in
      var ids: [String: IssueID] = [:]
      var made: [(key: String, issue: Issue?, draft: ImportDraft)] = []
      for draft in ordered {
        var issue = Issue(
          id: try IssueID(validating: self.ids.next(at: transaction.now.date)),
          title: try Issue.validTitle(draft.title),
          description: draft.description, state: .backlog, priority: draft.priority,
          dependencies: draft.dependencies.compactMap { ids[$0] }.sorted { $0.rawValue < $1.rawValue },
          context: draft.context, createdAt: transaction.now)
        issue.assignee = draft.assignee
        issue.state = draft.done ? .done : try transaction.evaluator().derivedState(issue)
        transaction.put(issue)
        transaction.emit(
          .issueCreated, issue.id, by: actor,
          [
            "title": .string(issue.title), "priority": .string(issue.priority.rawValue),
            "state": .string(issue.state.rawValue),
            "dependencies": .array(issue.dependencies.map { .string($0.rawValue) }), "gates": .array([]),
            "imported_from": .string(draft.context["imported_from"] ?? draft.key),
          ])
        ids[draft.key] = issue.id
        made.append((draft.key, issue, draft))
      }
      return ImportResult(issues: made)
    }
  }
}
