import JitCore

/// `issue create --from`: `{"dry_run", "count", "issues": [{"name", "id", ...the issue}]}`, in the
/// plan's order; in a dry run the ids are made up and nothing was kept.
public struct PlanView: WireView {
  public var dryRun: Bool
  public var issues: [PlannedIssue]

  public init(dryRun: Bool, issues: [PlannedIssue]) {
    self.dryRun = dryRun
    self.issues = issues
  }

  struct Entry: Encodable {
    var planned: PlannedIssue

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: DynamicKey.self)
      try container.encode(planned.name, forKey: DynamicKey("name"))
      try IssueView(planned.issue).encode(to: encoder)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(dryRun, forKey: DynamicKey("dry_run"))
    try container.encode(issues.count, forKey: DynamicKey("count"))
    try container.encode(issues.map(Entry.init), forKey: DynamicKey("issues"))
  }
}

/// `jit batch`: `{"dry_run", "count", "results": [{"line", "op", "name", "id", "issue"}]}`, one
/// per operation in order; `issue` is the issue as the operation left it (null for `delete`).
public struct BatchView: WireView {
  public var dryRun: Bool
  public var outcomes: [BatchOutcome]

  public init(dryRun: Bool, outcomes: [BatchOutcome]) {
    self.dryRun = dryRun
    self.outcomes = outcomes
  }

  struct Entry: Encodable {
    var outcome: BatchOutcome

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: DynamicKey.self)
      try container.encode(outcome.line, forKey: DynamicKey("line"))
      try container.encode(outcome.op, forKey: DynamicKey("op"))
      try container.encode(outcome.name, forKey: DynamicKey("name"))
      try container.encode(outcome.id, forKey: DynamicKey("id"))
      try container.encode(outcome.issue.map { IssueView($0) }, forKey: DynamicKey("issue"))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(dryRun, forKey: DynamicKey("dry_run"))
    try container.encode(outcomes.count, forKey: DynamicKey("count"))
    try container.encode(outcomes.map(Entry.init), forKey: DynamicKey("results"))
  }
}

/// `issue update --where` and `issue archive --where`: `{"dry_run", "matched", "changed": [{"id",
/// "title", "changes": {field: {"from", "to"}}}], "unchanged": [ids], "blocked_dependents": [ids]}`
/// (`blocked_dependents` for archive only).
public struct BulkEditView: WireView {
  public var edit: BulkEdit
  public var archive: Bool

  public init(_ edit: BulkEdit, archive: Bool) {
    self.edit = edit
    self.archive = archive
  }

  struct Values: Encodable {
    var from: String?
    var to: String?

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: DynamicKey.self)
      try container.encode(from, forKey: DynamicKey("from"))
      try container.encode(to, forKey: DynamicKey("to"))
    }
  }

  struct Entry: Encodable {
    var change: BulkEdit.Change

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: DynamicKey.self)
      try container.encode(change.issue.id, forKey: DynamicKey("id"))
      try container.encode(change.issue.title, forKey: DynamicKey("title"))
      try container.encode(change.issue.state.rawValue, forKey: DynamicKey("state"))
      var fields = container.nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey("changes"))
      for field in change.fields {
        try fields.encode(Values(from: field.from, to: field.to), forKey: DynamicKey(field.field))
      }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(edit.dryRun, forKey: DynamicKey("dry_run"))
    try container.encode(edit.matched, forKey: DynamicKey("matched"))
    try container.encode(edit.changed.map(Entry.init), forKey: DynamicKey("changed"))
    try container.encode(edit.unchanged, forKey: DynamicKey("unchanged"))
    if archive { try container.encode(edit.blockedDependents, forKey: DynamicKey("blocked_dependents")) }
  }
}
