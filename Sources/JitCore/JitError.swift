/// Every failure jit reports: a stable machine code, a sentence for people, and structured details.
///
/// The `code` is a contract: agents branch on it. `Code.exitCode` is the one table that maps codes to
/// process exit codes (see `docs/errors.md`).
public struct JitError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A stable error code, printed in `--json` errors as `error.code`.
  public enum Code: String, Sendable, CaseIterable {
    // 2: usage or invalid argument
    case invalidArgument = "INVALID_ARGUMENT"
    case invalidID = "INVALID_ID"
    case ambiguousID = "AMBIGUOUS_ID"
    case invalidActor = "INVALID_ACTOR"
    case invalidFilter = "INVALID_FILTER"
    case invalidGateKey = "INVALID_GATE_KEY"
    case invalidArtifact = "INVALID_ARTIFACT"
    case approverNotNamed = "APPROVER_NOT_NAMED"
    case invalidCondition = "INVALID_CONDITION"
    case unknownMetric = "UNKNOWN_METRIC"
    case invalidNotify = "INVALID_NOTIFY"
    case invalidImport = "INVALID_IMPORT"
    case unknownReference = "UNKNOWN_REFERENCE"
    case invalidPlan = "INVALID_PLAN"
    case tokenRequired = "TOKEN_REQUIRED"
    // 3: not found
    case notInitialized = "NOT_INITIALIZED"
    case issueNotFound = "ISSUE_NOT_FOUND"
    case gateNotFound = "GATE_NOT_FOUND"
    case alertNotFound = "ALERT_NOT_FOUND"
    case noReadyIssue = "NO_READY_ISSUE"
    /// An `alias:ID` dependency names an alias `.jit/config.toml` does not.
    case unknownAlias = "UNKNOWN_ALIAS"
    /// The repository an alias names cannot be read (no such path, no `.jit/`, no database).
    case repositoryUnreachable = "REPOSITORY_UNREACHABLE"
    // 4: refused by a rule
    case cycleDetected = "CYCLE_DETECTED"
    case selfDependency = "SELF_DEPENDENCY"
    case hasDependents = "HAS_DEPENDENTS"
    case invalidTransition = "INVALID_TRANSITION"
    case notReady = "NOT_READY"
    case gateInUse = "GATE_IN_USE"
    case gateNotRequired = "GATE_NOT_REQUIRED"
    case manualGateRequiresHuman = "MANUAL_GATE_REQUIRES_HUMAN"
    case selfApproval = "SELF_APPROVAL"
    case registryChangeRequiresHuman = "REGISTRY_CHANGE_REQUIRES_HUMAN"
    case automatedGateRequiresAutomation = "AUTOMATED_GATE_REQUIRES_AUTOMATION"
    case gateRemovalRequiresHuman = "GATE_REMOVAL_REQUIRES_HUMAN"
    case gateFailed = "GATE_FAILED"
    case validationFailed = "VALIDATION_FAILED"
    case checkerGateRequiresCheck = "CHECKER_GATE_REQUIRES_CHECK"
    case approvalRequiresTerminal = "APPROVAL_REQUIRES_TERMINAL"
    case signatureRequired = "SIGNATURE_REQUIRED"
    case signatureInvalid = "SIGNATURE_INVALID"
    // 5: conflict
    case alreadyAssigned = "ALREADY_ASSIGNED"
    case alreadyExists = "ALREADY_EXISTS"
    case lockTimeout = "LOCK_TIMEOUT"
    case staleClaim = "STALE_CLAIM"
    case notHolder = "NOT_HOLDER"
    // 1: other failures
    case corruptFile = "CORRUPT_FILE"
    case unsupportedSchema = "UNSUPPORTED_SCHEMA"
    case ioError = "IO_ERROR"
    case internalError = "INTERNAL_ERROR"
    case mergeFailed = "MERGE_FAILED"
    // 10: an external command failed to run
    case checkerError = "CHECKER_ERROR"
    case companionNotFound = "COMPANION_NOT_FOUND"
    /// The store's database cannot be reached (refused, lost mid-command): nothing was half-written.
    case storeUnavailable = "STORE_UNAVAILABLE"

    /// The process exit code for this error.
    public var exitCode: Int32 {
      switch self {
      case .invalidArgument, .invalidID, .ambiguousID, .invalidActor, .invalidFilter, .invalidGateKey,
        .invalidArtifact, .approverNotNamed, .invalidCondition, .unknownMetric, .invalidNotify,
        .invalidImport, .unknownReference, .invalidPlan, .tokenRequired:
        return 2
      case .notInitialized, .issueNotFound, .gateNotFound, .alertNotFound, .noReadyIssue, .unknownAlias,
        .repositoryUnreachable:
        return 3
      case .cycleDetected, .selfDependency, .hasDependents, .invalidTransition, .notReady, .gateInUse,
        .gateNotRequired, .manualGateRequiresHuman, .selfApproval, .registryChangeRequiresHuman,
        .automatedGateRequiresAutomation,
        .gateRemovalRequiresHuman, .gateFailed, .validationFailed, .checkerGateRequiresCheck,
        .approvalRequiresTerminal, .signatureRequired, .signatureInvalid:
        return 4
      case .alreadyAssigned, .alreadyExists, .lockTimeout, .staleClaim, .notHolder:
        return 5
      case .corruptFile, .unsupportedSchema, .ioError, .internalError, .mergeFailed:
        return 1
      case .checkerError, .companionNotFound, .storeUnavailable:
        return 10
      }
    }
  }

  public var code: Code
  public var message: String
  public var details: [String: JSONValue]

  public init(_ code: Code, _ message: String, details: [String: JSONValue] = [:]) {
    self.code = code
    self.message = message
    self.details = details
  }

  public var description: String { message }
  public var exitCode: Int32 { code.exitCode }
}

extension JitError {
  public static func invalidID(_ text: String) -> JitError {
    JitError(
      .invalidID,
      "'\(text)' is not an issue id: use the full 26-character id or a suffix of at least "
        + "\(IssueID.minimumReferenceLength) characters (Crockford base32: 0-9, A-Z without I, L, O, U)",
      details: ["input": .string(text)])
  }

  public static func invalidActor(_ text: String) -> JitError {
    JitError(
      .invalidActor,
      "'\(text)' is not an actor: write type:identifier, such as human:alice or agent:copilot-1 "
        + "(a bare name, such as copilot-1, is an agent)",
      details: ["input": .string(text)])
  }

  public static func issueNotFound(_ reference: String) -> JitError {
    JitError(
      .issueNotFound, "no issue matches '\(reference)' (see 'jit issue list')",
      details: ["reference": .string(reference)])
  }

  /// `ISSUE_NOT_FOUND` for a reference no id ends with but some begin with: the hint names the
  /// suffix rule and those ids (`details.candidates`, at most 10; `details.prefix_of`, how many).
  public static func prefixNotSuffix(_ reference: String, candidates: [IssueID]) -> JitError {
    let shown = candidates.prefix(10)
    return JitError(
      .issueNotFound,
      "no issue matches '\(reference)': an id is matched by its end (a suffix of 4+ characters, such as "
        + "the 8 that 'jit issue list' shows), and '\(reference)' is the start of "
        + shown.map { "\($0.rawValue) (\($0.short))" }.joined(separator: ", ")
        + (candidates.count > shown.count ? " and \(candidates.count - shown.count) more" : ""),
      details: [
        "reference": .string(reference), "candidates": .array(shown.map { .string($0.rawValue) }),
        "prefix_of": .int(Int64(candidates.count)),
      ])
  }

  public static func ambiguous(_ reference: String, candidates: [IssueID]) -> JitError {
    let shown = candidates.prefix(10).map(\.rawValue)
    return JitError(
      .ambiguousID,
      "'\(reference)' matches \(candidates.count) issues: \(shown.joined(separator: ", ")); "
        + "type more characters",
      details: ["reference": .string(reference), "candidates": .array(shown.map { .string($0) })])
  }

  public static func invalidArgument(_ message: String, details: [String: JSONValue] = [:]) -> JitError {
    JitError(.invalidArgument, message, details: details)
  }

  public static func corruptFile(_ path: String, _ reason: String) -> JitError {
    JitError(
      .corruptFile, "\(path) is not a valid jit file: \(reason) (fix it by hand or restore it from git)",
      details: ["path": .string(path), "reason": .string(reason)])
  }

  public static func io(_ message: String, path: String) -> JitError {
    JitError(.ioError, "\(path): \(message)", details: ["path": .string(path)])
  }
}
