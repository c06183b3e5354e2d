/// One finding of `jit validate`: a value, collected and rendered, never thrown.
public struct Diagnostic: Hashable, Sendable, Codable {
  public enum Severity: String, Hashable, Sendable, Codable, Comparable {
    case error, warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
  }

  /// The stable codes (documented in `docs/validate.md`).
  public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
    /// An issue file that is not valid JSON or not a valid issue.
    case parseError = "PARSE_ERROR"
    /// An issue file whose `id` differs from its file name.
    case idMismatch = "ID_MISMATCH"
    /// A file in `issues/` that is not `<ULID>.json`.
    case unexpectedFile = "UNEXPECTED_FILE"
    /// A dependency on an id no issue has.
    case danglingDependency = "DANGLING_DEPENDENCY"
    /// Dependencies that form a cycle.
    case cycle = "CYCLE"
    /// A required gate the registry does not define.
    case unknownGate = "UNKNOWN_GATE"
    /// A `gates_status` entry for a gate the issue does not require.
    case gateStatusNotRequired = "GATE_STATUS_NOT_REQUIRED"
    /// An `assignee` or `updated_by` that is not `type:identifier`.
    case malformedActor = "MALFORMED_ACTOR"
    /// A stored state that its dependencies and gates contradict.
    case stateMismatch = "STATE_MISMATCH"
    /// An open issue depends on an archived one, which can never satisfy it.
    case archivedDependency = "ARCHIVED_DEPENDENCY"
    /// A line of `events.jsonl` that is not a valid event.
    case malformedEvent = "MALFORMED_EVENT"
    /// `gates.json` does not parse or disagrees with itself.
    case invalidGates = "INVALID_GATES"
    /// `index.json` is missing, does not parse, or lacks `schema_version`.
    case invalidIndex = "INVALID_INDEX"
    /// `index.json` names a schema version this jit does not know.
    case unsupportedSchema = "UNSUPPORTED_SCHEMA"
    /// A file or directory that cannot be read (missing, of the wrong kind, or not permitted).
    case unreadable = "UNREADABLE"
    /// A passed gate whose evidence no longer matches the code (`jit gate stale`).
    case staleGate = "STALE_GATE"
    /// A signed approval whose signature does not verify against `.jit/allowed_signers`.
    case badSignature = "BAD_SIGNATURE"
    /// A pass of a `signed` gate that carries no signature.
    case unsignedApproval = "UNSIGNED_APPROVAL"
    /// A manual gate passed (or a checker overridden) by someone who has held the issue.
    case selfApproved = "SELF_APPROVED"
    /// A field two branches changed differently, recorded by `jit merge-file` in `merge_conflicts`.
    case mergeConflict = "MERGE_CONFLICT"
    /// A file jit refuses to read: a FIFO, device or socket, a symbolic link out of the repository
    /// (or to nothing), or a file over the size limit. Readers pass over it.
    case specialFile = "SPECIAL_FILE"
    /// An external dependency (`alias:ID`) whose state cannot be known: its repository cannot be
    /// read, or has no such issue. A warning: it is `blocked: unknown`, never satisfied.
    case externalUnknown = "EXTERNAL_UNKNOWN"
    /// Dependencies that form a cycle through another repository (both sides readable).
    case crossRepositoryCycle = "CROSS_REPOSITORY_CYCLE"
  }

  public var severity: Severity
  public var code: Code
  /// The file concerned, relative to the repository root.
  public var path: String
  /// The issue concerned, if any.
  public var issueID: IssueID?
  /// What is wrong and how to fix it.
  public var message: String
  /// Whether `jit validate --fix` repairs it.
  public var fixable: Bool
  /// Where in a file (a 1-based line number), for the event log.
  public var line: Int?
  /// For `MERGE_CONFLICT`: the recorded conflict (the field, the three values, which was kept).
  public var conflict: MergeConflict?

  public init(
    _ severity: Severity, _ code: Code, path: String, issueID: IssueID? = nil, message: String,
    fixable: Bool = false, line: Int? = nil, conflict: MergeConflict? = nil
  ) {
    self.conflict = conflict
    self.severity = severity
    self.code = code
    self.path = path
    self.issueID = issueID
    self.message = message
    self.fixable = fixable
    self.line = line
  }

  enum CodingKeys: String, CodingKey {
    case severity, code, path, message, fixable, line, conflict
    case issueID = "id"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(severity, forKey: .severity)
    try container.encode(code, forKey: .code)
    try container.encode(path, forKey: .path)
    try container.encode(issueID, forKey: .issueID)
    try container.encode(message, forKey: .message)
    try container.encode(fixable, forKey: .fixable)
    try container.encodeIfPresent(line, forKey: .line)
    try container.encodeIfPresent(conflict, forKey: .conflict)
  }
}

/// A state `jit validate --fix` can set safely: derived states and a gated issue whose gates all
/// passed.
public struct StateRepair: Hashable, Sendable, Codable {
  public var id: IssueID
  public var from: IssueState
  public var to: IssueState

  public init(id: IssueID, from: IssueState, to: IssueState) {
    self.id = id
    self.from = from
    self.to = to
  }
}

/// Everything `jit validate` found.
public struct ValidationReport: Hashable, Sendable, Codable {
  /// Errors first, then warnings; within each, by path, then line.
  public var diagnostics: [Diagnostic]
  /// The repairs `--fix` made (empty without `--fix`).
  public var repairs: [StateRepair]
  /// The stale gates `--fix` set back to pending, where their definition counts stale evidence as
  /// pending (empty without `--fix`).
  public var gateResets: [StaleGate] = []
  /// How many issue files were read.
  public var issueCount: Int

  public init(diagnostics: [Diagnostic], repairs: [StateRepair] = [], issueCount: Int) {
    self.diagnostics = diagnostics.sorted {
      ($0.severity, $0.path, $0.line ?? 0, $0.code.rawValue, $0.message)
        < ($1.severity, $1.path, $1.line ?? 0, $1.code.rawValue, $1.message)
    }
    self.repairs = repairs
    self.issueCount = issueCount
  }

  public var errorCount: Int { diagnostics.count { $0.severity == .error } }
  public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
  /// No errors (warnings allowed).
  public var isValid: Bool { errorCount == 0 }

  enum CodingKeys: String, CodingKey {
    case valid, errors, warnings, diagnostics, repairs
    case issueCount = "issues_checked"
    case gateResets = "gate_resets"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    diagnostics = try container.decode([Diagnostic].self, forKey: .diagnostics)
    repairs = try container.decodeIfPresent([StateRepair].self, forKey: .repairs) ?? []
    issueCount = try container.decodeIfPresent(Int.self, forKey: .issueCount) ?? 0
    gateResets = try container.decodeIfPresent([StaleGate].self, forKey: .gateResets) ?? []
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(isValid, forKey: .valid)
    try container.encode(errorCount, forKey: .errors)
    try container.encode(warningCount, forKey: .warnings)
    try container.encode(issueCount, forKey: .issueCount)
    try container.encode(diagnostics, forKey: .diagnostics)
    try container.encode(repairs, forKey: .repairs)
    try container.encode(gateResets, forKey: .gateResets)
  }
}
