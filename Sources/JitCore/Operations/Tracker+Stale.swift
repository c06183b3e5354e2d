/// A passed gate whose evidence no longer matches the code.
public struct StaleGate: Sendable, Hashable, Codable {
  public var id: IssueID
  public var gate: String
  /// The issue's state.
  public var state: IssueState
  /// What moved since the verdict, in words.
  public var reason: String
  /// Whether the gate's definition makes stale evidence count as pending (`on_stale: pending`).
  public var countsAsPending: Bool
  /// The commit the verdict was given at.
  public var commit: String?

  enum CodingKeys: String, CodingKey {
    case id, gate, state, reason, commit
    case countsAsPending = "counts_as_pending"
  }
}

/// What a stored signature on an approval shows when verified again.
public struct SignatureCheck: Sendable, Hashable, Codable {
  public var id: IssueID
  public var gate: String
  /// Who the result says signed it.
  public var actor: Actor?
  /// Whether it verifies against `.jit/allowed_signers`.
  public var verified: Bool
  /// Why not, when it does not (or why a `signed` gate's pass carries no signature).
  public var problem: String?
}

/// Checks what passed gates claim against the code and the keys: stale evidence, and signatures
/// that do not verify. Used by `gate stale`, `issue show`, `issue complete` and `validate`.
public struct GateAudit: Sendable {
  let layout: RepositoryLayout
  let environment: [String: String]
  let git: GitWorkspace

  /// An audit of the repository at `layout`; git and ssh-keygen run with `environment`.
  public init(layout: RepositoryLayout, environment: [String: String]) {
    self.layout = layout
    self.environment = environment
    git = GitWorkspace(root: layout.rootDirectory, environment: environment)
  }

  /// The passed gates of `issues` whose evidence no longer matches the code (`GitWorkspace`);
  /// `done` and `archived` issues only with `includeClosed`.
  public func staleGates(in issues: [Issue], registry: GateRegistry, includeClosed: Bool = false)
    -> [StaleGate]
  {
    var found: [StaleGate] = []
    for issue in issues where includeClosed || issue.state.isOpen {
      for key in issue.gatesRequired {
        let result = issue.gateStatus(key)
        guard result.status == .passed, let evidence = result.evidence, evidence.code != nil,
          let staleness = git.staleness(of: evidence)
        else { continue }
        found.append(
          StaleGate(
            id: issue.id, gate: key, state: issue.state, reason: staleness.reason,
            countsAsPending: registry[key]?.stalePolicy == .pending, commit: evidence.commit))
      }
    }
    return found
  }

  /// Verifies again every signature on the passed gates of `issues`, and reports passes of `signed`
  /// manual gates that carry none.
  public func signatureChecks(in issues: [Issue], registry: GateRegistry) -> [SignatureCheck] {
    let signer = ApprovalSigner(directory: layout.rootDirectory, environment: environment)
    var checks: [SignatureCheck] = []
    for issue in issues {
      for key in issue.gatesRequired {
        let result = issue.gateStatus(key)
        guard result.status == .passed else { continue }
        if let statement = ApprovalStatement(result, issue: issue.id, gate: key),
          let signature = result.evidence?.signature
        {
          let problem = signer.failure(
            of: statement, signature: signature, allowedSigners: layout.allowedSignersFile)
          checks.append(
            SignatureCheck(
              id: issue.id, gate: key, actor: result.updatedBy, verified: problem == nil, problem: problem))
        } else if let definition = registry[key], definition.approvalPolicy == .signed,
          !definition.auto || result.evidence?.isOverride == true
        {
          checks.append(
            SignatureCheck(
              id: issue.id, gate: key, actor: result.updatedBy, verified: false,
              problem: "gate \(key) takes only signed approvals, and this pass carries no signature"))
        }
      }
    }
    return checks
  }
}

extension Tracker {
  /// `jit gate stale`: the stale passed gates of one issue, or of every open issue (every issue
  /// with `includeClosed`).
  public func staleGates(
    _ reference: IssueReference?, includeClosed: Bool = false, environment: [String: String]
  ) throws -> [StaleGate] {
    guard let layout = workspace else { return [] }
    let (issues, registry) = try read { reader in
      let issues = try reference.map { [try reader.issue($0)] } ?? reader.session.loadAll()
      return (issues.filter(Self.hasCodeEvidence), try reader.session.gates())
    }
    return GateAudit(layout: layout, environment: environment).staleGates(
      in: issues, registry: registry, includeClosed: includeClosed || reference != nil
    ).sorted { ($0.id, $0.gate) < ($1.id, $1.gate) }
  }

  /// `jit gate stale --reset`: sets every stale gate that counts as pending back to pending
  /// (`gate.reset`), on open issues; a precheck gate's issue goes back to backlog. A gate whose
  /// result changed meanwhile is left alone. Returns the gates reset.
  public func resetStaleGates(
    _ reference: IssueReference?, by actor: Actor, environment: [String: String]
  ) throws -> [StaleGate] {
    let stale = try staleGates(reference, environment: environment).filter {
      $0.countsAsPending && $0.state.isOpen
    }
    guard !stale.isEmpty else { return [] }
    return try mutate { transaction in
      var reset: [StaleGate] = []
      for gate in stale where try transaction.resetStale(gate, by: actor) { reset.append(gate) }
      return reset
    }
  }

  /// Whether any passed gate of `issue` carries evidence bound to a commit.
  static func hasCodeEvidence(_ issue: Issue) -> Bool {
    issue.gatesStatus.values.contains { $0.status == .passed && $0.evidence?.code != nil }
  }
}

extension Transaction {
  /// Sets a stale gate back to pending if its result is still the one judged stale; true if it did.
  mutating func resetStale(_ gate: StaleGate, by actor: Actor) throws -> Bool {
    guard var issue = try find(gate.id), issue.state.isOpen else { return false }
    let result = issue.gateStatus(gate.gate)
    guard result.status == .passed, result.evidence?.commit == gate.commit else { return false }
    issue.gatesStatus[gate.gate] = GateStatus()
    put(issue)
    emit(
      .gateReset, gate.id, by: actor,
      [
        "gate": .string(gate.gate), "previous": "passed",
        "reason": .string("stale evidence counts as pending: \(gate.reason)"),
      ])
    try settle(&issue, after: "gate \(gate.gate) was reset (stale)", failure: false, by: actor)
    return true
  }
}
