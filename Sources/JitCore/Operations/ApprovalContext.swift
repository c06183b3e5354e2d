/// What backs a person's approval beyond the name they give (see docs/gates.md, "Approvals"): a
/// pass of a manual gate, an override of a checker, the removal of a gate, a change to the registry.
public struct ApprovalContext: Sendable, Hashable {
  /// Whether the actor was named (`--by` or `JIT_ACTOR`), not assumed from the login name: nobody
  /// approves by default.
  public var named: Bool
  /// Whether the command came from a terminal (standard input and standard error are TTYs).
  public var atTerminal: Bool
  /// The SSH key a `signed` approval is signed with: a private key file, or a public key whose
  /// private half is in ssh-agent.
  public var signingKey: String?
  /// The environment git and ssh-keygen run with.
  public var environment: [String: String]

  public init(
    named: Bool, atTerminal: Bool, signingKey: String? = nil, environment: [String: String] = [:]
  ) {
    self.named = named
    self.atTerminal = atTerminal
    self.signingKey = signingKey
    self.environment = environment
  }

  /// A caller that names its actor, away from any terminal, with no key: a server, a script.
  public static let unattended = ApprovalContext(named: true, atTerminal: false)

  /// A person who names themselves at a terminal.
  public static let personAtTerminal = ApprovalContext(named: true, atTerminal: true)

  /// `APPROVER_NOT_NAMED` unless the actor was named.
  func requireNamed(_ actor: Actor, to action: String) throws {
    guard named else {
      throw JitError(
        .approverNotNamed,
        "to \(action), name yourself: pass --by human:<name> or set JIT_ACTOR (jit does not take "
          + "\(actor) from the login name for an approval)",
        details: ["actor": .string(actor.description)])
    }
  }

  /// Checks `policy` for an approval by `actor`: a terminal for `terminal`, a key for `signed`.
  func require(_ policy: ApprovalPolicy, _ actor: Actor, to action: String, gate: String) throws {
    try requireNamed(actor, to: action)
    let details: [String: JSONValue] = [
      "actor": .string(actor.description), "gate": .string(gate), "approval": .string(policy.rawValue),
    ]
    switch policy {
    case .any:
      return
    case .terminal:
      guard atTerminal else {
        throw JitError(
          .approvalRequiresTerminal,
          "to \(action), run the command at a terminal: gate \(gate) takes approvals only from a person "
            + "at one (standard input and standard error must be TTYs; its approval policy is terminal)",
          details: details)
      }
    case .signed:
      guard signingKey != nil else {
        throw JitError(
          .signatureRequired,
          "to \(action), sign it: gate \(gate) takes only signed approvals; pass --sign-key <your SSH "
            + "key> (or set JIT_SIGNING_KEY), whose public key .jit/allowed_signers lists for you",
          details: details)
      }
    }
  }
}
