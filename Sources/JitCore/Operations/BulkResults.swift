/// What the bulk operations did (`issue create --from`, `jit batch`, `issue update --where`,
/// `issue archive --where`); JitApp makes them, JitWire prints them.

/// An issue a plan created (or, in a dry run, would create).
public struct PlannedIssue: Sendable, Hashable {
  public var name: String?
  public var issue: Issue

  public init(name: String?, issue: Issue) {
    self.name = name
    self.issue = issue
  }
}

/// What one operation of a batch did: the issue as it left it (nil for `delete`).
public struct BatchOutcome: Sendable, Hashable {
  public var line: Int
  /// Its `op`.
  public var op: String
  /// The name a `create` gave.
  public var name: String?
  public var id: IssueID
  public var issue: Issue?

  public init(line: Int, op: String, name: String? = nil, id: IssueID, issue: Issue?) {
    self.line = line
    self.op = op
    self.name = name
    self.id = id
    self.issue = issue
  }
}

/// One field an `issue update --where` changed on one issue.
public struct FieldChange: Sendable, Hashable {
  /// `title`, `description`, `priority` or `context.KEY`.
  public var field: String
  /// The values before and after; nil where a context key was not set.
  public var from: String?
  public var to: String?

  public init(field: String, from: String?, to: String?) {
    self.field = field
    self.from = from
    self.to = to
  }
}

/// What a bulk edit did (or, in a dry run, would do) to each issue its filter matched.
public struct BulkEdit: Sendable, Hashable {
  public struct Change: Sendable, Hashable {
    public var issue: Issue
    public var fields: [FieldChange]

    public init(issue: Issue, fields: [FieldChange]) {
      self.issue = issue
      self.fields = fields
    }
  }

  public var dryRun: Bool
  /// How many issues the filter matched.
  public var matched: Int
  /// The issues changed, with what changed on each (for `archive`: the state it left).
  public var changed: [Change]
  /// Matched issues the edit left as they were (already so).
  public var unchanged: [IssueID]
  /// `archive --where`: open issues outside the set that now wait on an archived one.
  public var blockedDependents: [IssueID] = []

  public init(dryRun: Bool, matched: Int, changed: [Change] = [], unchanged: [IssueID] = []) {
    self.dryRun = dryRun
    self.matched = matched
    self.changed = changed
    self.unchanged = unchanged
  }
}
