/// Which transition a gate holds back.
public enum GateStage: String, Codable, Sendable, CaseIterable {
  /// Must pass before the issue can become `ready` (for example a design approval).
  case precheck
  /// Must pass before the issue can become `done` (the default).
  case postcheck
}

/// A gate's verdict on one issue.
public enum GateState: String, Codable, Sendable, CaseIterable {
  case pending, passed, failed
}

/// How a person proves that a pass of a manual gate (or an override of a checker) is theirs.
public enum ApprovalPolicy: String, Codable, Sendable, CaseIterable {
  /// The default: the pass must come from a terminal (standard input and standard error are TTYs),
  /// where people are and agents' shells are not.
  case terminal
  /// The pass must carry an SSH signature by the person's key, verified against
  /// `.jit/allowed_signers` when it is made and again by `validate` and `issue show`.
  case signed
  /// Any process that names a person may pass it (teams that script approvals).
  case any
}

/// What a passed gate whose evidence no longer matches the code counts as.
public enum StalePolicy: String, Codable, Sendable, CaseIterable {
  /// The default: it stays passed, and `gate stale`, `issue show` and `validate` warn.
  case warn
  /// It counts as pending: `issue complete` and `gate stale --reset` set it back to pending.
  case pending
}

/// What backs a gate result: who or what set it, and the figures that justify it.
public struct GateEvidence: Hashable, Sendable, Codable {
  /// Where the verdict came from: `manual`, `command`, `plugin`, `junit`, `sarif`, `cobertura`, `json`.
  public var source: String
  /// A sentence from the actor or the checker (a failure reason, a plugin's message).
  public var message: String?
  /// The checker's exit code, for command gates.
  public var exitCode: Int32?
  /// How long the checker ran, in milliseconds.
  public var durationMs: Int64?
  /// The last lines of the checker's output.
  public var outputTail: String?
  /// The git commit the check ran at, when the repository is a git checkout.
  public var commit: String?
  /// Whether the working tree differed from `commit` outside `.jit/` when the verdict was given.
  public var dirty: Bool?
  /// When `dirty`: the git tree id of the working tree that was judged (outside `.jit/`), which
  /// identifies its diff from `commit`.
  public var tree: String?
  /// The artifact file a verdict was read from.
  public var artifact: String?
  /// Figures read from an artifact (tests, failures, coverage, ...).
  public var figures: [String: JSONValue]?
  /// An approval's SSH signature (armored), over `ApprovalStatement.text`.
  public var signature: String?
  /// When the signed statement was made (it is part of what was signed).
  public var signedAt: Timestamp?

  public init(
    source: String, message: String? = nil, exitCode: Int32? = nil, durationMs: Int64? = nil,
    outputTail: String? = nil, commit: String? = nil, artifact: String? = nil,
    figures: [String: JSONValue]? = nil, code: CodeState? = nil
  ) {
    self.source = source
    self.message = message
    self.exitCode = exitCode
    self.durationMs = durationMs
    self.outputTail = outputTail
    self.commit = commit
    self.artifact = artifact
    self.figures = figures
    if let code { self.code = code }
  }

  /// The code the verdict was given on, as recorded.
  public var code: CodeState? {
    get { commit == nil && tree == nil ? nil : CodeState(commit: commit, dirty: dirty ?? false, tree: tree) }
    set {
      commit = newValue?.commit
      dirty = newValue.map(\.dirty)
      tree = newValue?.dirty == true ? newValue?.tree : nil
    }
  }

  /// Whether a person overrode a checker with this verdict.
  public var isOverride: Bool { source == Self.overrideSource }

  /// The `source` of a person's override of a checker gate.
  public static let overrideSource = "override"

  enum CodingKeys: String, CodingKey, CaseIterable {
    case source, message, commit, dirty, tree, artifact, figures, signature
    case signedAt = "signed_at"
    case exitCode = "exit_code"
    case durationMs = "duration_ms"
    case outputTail = "output_tail"
  }
}

/// The status of one required gate on one issue.
public struct GateStatus: Hashable, Sendable, Codable {
  public var status: GateState
  public var updatedBy: Actor?
  public var updatedAt: Timestamp?
  public var evidence: GateEvidence?

  public init(
    status: GateState = .pending, updatedBy: Actor? = nil, updatedAt: Timestamp? = nil,
    evidence: GateEvidence? = nil
  ) {
    self.status = status
    self.updatedBy = updatedBy
    self.updatedAt = updatedAt
    self.evidence = evidence
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case status, evidence
    case updatedBy = "updated_by"
    case updatedAt = "updated_at"
  }
}

/// A gate in the registry (`.jit/gates.json`).
public struct GateDefinition: Hashable, Sendable, Codable {
  public var key: String
  public var title: String
  public var description: String
  /// Whether automation may set it (`true`) or only a person (`false`).
  public var auto: Bool
  public var stage: GateStage
  /// A shell command that checks the gate: exit 0 passes, non-zero fails.
  public var command: String?
  /// An executable under `.jit/plugins/` that checks the gate instead of a command (see docs/gates.md).
  public var plugin: String?
  /// Seconds the command or plugin may run before its whole process group is killed.
  public var timeout: Int?
  /// The least line coverage, in percent (0-100), a Cobertura report must show to pass the gate.
  public var coverageThreshold: Double?
  /// How automation might satisfy this gate (free text).
  public var exampleIntegration: String?
  /// How a person proves a manual pass or an override is theirs; nil means `terminal`.
  public var approval: ApprovalPolicy?
  /// What a passed gate with stale evidence counts as; nil means `warn`.
  public var onStale: StalePolicy?

  public init(
    key: String, title: String, description: String = "", auto: Bool = false,
    stage: GateStage = .postcheck, command: String? = nil, plugin: String? = nil, timeout: Int? = nil,
    coverageThreshold: Double? = nil, exampleIntegration: String? = nil, approval: ApprovalPolicy? = nil,
    onStale: StalePolicy? = nil
  ) {
    self.key = key
    self.title = title
    self.description = description
    self.auto = auto
    self.stage = stage
    self.command = command
    self.plugin = plugin
    self.timeout = timeout
    self.coverageThreshold = coverageThreshold
    self.exampleIntegration = exampleIntegration
    self.approval = approval
    self.onStale = onStale
  }

  enum CodingKeys: String, CodingKey {
    case key, title, description, auto, stage, command, plugin, timeout, approval
    case coverageThreshold = "coverage_threshold"
    case exampleIntegration = "example_integration"
    case onStale = "on_stale"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    key = try container.decode(String.self, forKey: .key)
    title = try container.decodeIfPresent(String.self, forKey: .title) ?? key
    description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
    auto = try container.decodeIfPresent(Bool.self, forKey: .auto) ?? false
    stage = try container.decodeIfPresent(GateStage.self, forKey: .stage) ?? .postcheck
    command = try container.decodeIfPresent(String.self, forKey: .command)
    plugin = try container.decodeIfPresent(String.self, forKey: .plugin)
    timeout = try container.decodeIfPresent(Int.self, forKey: .timeout)
    coverageThreshold = try container.decodeIfPresent(Double.self, forKey: .coverageThreshold)
    exampleIntegration = try container.decodeIfPresent(String.self, forKey: .exampleIntegration)
    approval = try container.decodeIfPresent(ApprovalPolicy.self, forKey: .approval)
    onStale = try container.decodeIfPresent(StalePolicy.self, forKey: .onStale)
  }

  /// How a person proves a manual pass or an override is theirs.
  public var approvalPolicy: ApprovalPolicy { approval ?? .terminal }

  /// What a passed gate with stale evidence counts as.
  public var stalePolicy: StalePolicy { onStale ?? .warn }

  /// Whether a checker (a command or a plugin) can decide this gate.
  public var hasChecker: Bool { command != nil || plugin != nil }

  /// Whether `name` may name a plugin: a plain file name under `.jit/plugins/`, without `/` or `..`.
  public static func isValidPluginName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.count <= 128 && !name.contains("/") && !name.contains("..")
      && !name.contains("\0") && !name.hasPrefix("-") && !name.contains(where: { $0.isNewline })
  }

  /// `key` if it is well formed, else `INVALID_GATE_KEY`: checked before any lookup, so a typo such
  /// as `../x` is a usage error everywhere rather than "not found" in one place and a no-op in another.
  public static func validKey(_ key: String) throws -> String {
    guard isValidKey(key) else {
      throw JitError(
        .invalidGateKey,
        "'\(key)' is not a gate key: use 1 to 64 of a-z, 0-9, '-', '_' and '.', starting with a "
          + "letter or digit", details: ["gate": .string(key)])
    }
    return key
  }

  /// Whether `key` is a well-formed gate key: 1 to 64 of `a-z 0-9 - _ .`, starting with a letter or digit.
  public static func isValidKey(_ key: String) -> Bool {
    guard let first = key.utf8.first, key.utf8.count <= 64 else { return false }
    let isAlnum: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    return isAlnum(first) && key.utf8.allSatisfy { isAlnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
  }
}

/// The gate registry: every gate an issue may require, by key.
public struct GateRegistry: Hashable, Sendable, Codable {
  public var gates: [String: GateDefinition]

  public init(gates: [String: GateDefinition] = [:]) { self.gates = gates }

  public subscript(key: String) -> GateDefinition? { gates[key] }

  public init(from decoder: any Decoder) throws {
    gates = try decoder.singleValueContainer().decode([String: GateDefinition].self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(gates)
  }

  /// The sample registry `jit init` writes: the design's example gates.
  public static let starter = GateRegistry(gates: [
    "review": GateDefinition(
      key: "review", title: "Code review", description: "Manual code review approval", auto: false),
    "unit-tests": GateDefinition(
      key: "unit-tests", title: "Unit tests", description: "Unit test run must pass (automation)",
      auto: true),
  ])
}
