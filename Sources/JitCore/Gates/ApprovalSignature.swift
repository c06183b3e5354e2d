/// What a person signs to set a gate under the `signed` approval policy: the issue, the gate, the
/// verdict, who, when, and the commit it was given at. Rebuilt from the stored result to verify it,
/// so that changing any of them in the file breaks the signature.
public struct ApprovalStatement: Sendable, Hashable {
  public var issue: IssueID
  public var gate: String
  public var status: GateState
  public var actor: Actor
  public var at: Timestamp
  public var commit: String?

  public init(issue: IssueID, gate: String, status: GateState, actor: Actor, at: Timestamp, commit: String?) {
    self.issue = issue
    self.gate = gate
    self.status = status
    self.actor = actor
    self.at = at
    self.commit = commit
  }

  /// The statement a stored result claims was signed; nil when it carries no signature.
  public init?(_ result: GateStatus, issue: IssueID, gate: String) {
    guard let evidence = result.evidence, evidence.signature != nil, let at = evidence.signedAt,
      let actor = result.updatedBy
    else { return nil }
    self.init(issue: issue, gate: gate, status: result.status, actor: actor, at: at, commit: evidence.commit)
  }

  /// The signed bytes.
  public var text: String {
    "jit approval v1\nissue \(issue.rawValue)\ngate \(gate)\nstatus \(status.rawValue)\nactor \(actor)\n"
      + "at \(at)\ncommit \(commit ?? "none")\n"
  }

  /// The `ssh-keygen -Y` namespace of jit's approvals, so that no other signature by the same key
  /// (a git commit's, say) can pass for one.
  public static let namespace = "jit-approval"

  /// The principal an actor signs as in `allowed_signers`: its identifier (`human:alice@example.com`
  /// signs as `alice@example.com`).
  public static func principal(_ actor: Actor) -> String { actor.identifier }
}

/// Signs and verifies approvals with `ssh-keygen -Y`, the way git signs commits with SSH keys.
public struct ApprovalSigner: Sendable {
  let directory: String
  let environment: [String: String]

  /// `ssh-keygen` run in `directory` with `environment` (its `PATH`, and `SSH_AUTH_SOCK` for keys
  /// held by an agent).
  public init(directory: String, environment: [String: String]) {
    self.directory = directory
    self.environment = environment
  }

  /// The armored signature of `statement` by `key` (a private key file, or a public key whose private
  /// half is in ssh-agent). `SIGNATURE_INVALID` when ssh-keygen cannot sign.
  public func sign(_ statement: ApprovalStatement, key: String) throws -> String {
    let result = run(
      "exec ssh-keygen -q -Y sign -f \"$1\" -n \"$2\"", [key, ApprovalStatement.namespace],
      input: statement.text)
    guard let result, result.status == 0, result.output.hasPrefix("-----BEGIN SSH SIGNATURE-----") else {
      let why = result.map { Self.firstLine($0.error) } ?? "ssh-keygen could not be run"
      throw JitError(
        .signatureInvalid,
        "could not sign the approval with \(key): \(why) (a key with a passphrase must be loaded "
          + "into ssh-agent first: ssh-add \(key))",
        details: ["key": .string(key)])
    }
    return result.output.trimmingWhitespace()
  }

  /// Whether `signature` is a valid signature of `statement` by a key `allowedSigners` lists for the
  /// actor's principal; nil when it is, else why not. In a git checkout the keys are those of the
  /// file as committed at HEAD, so that a key added without review (uncommitted) signs nothing.
  public func failure(
    of statement: ApprovalStatement, signature: String, allowedSigners: String
  ) -> String? {
    let script = """
      signers="$2"
      if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        committed=$(mktemp "${TMPDIR:-/tmp}/jit-signers.XXXXXX") || exit 90
        trap 'rm -f "$committed" "$signature"' EXIT
        path=$(git ls-files --full-name -- "$2" 2>/dev/null)
        if [ -z "$path" ] || ! git show "HEAD:$path" >"$committed" 2>/dev/null; then
          echo "$2 is not committed: keys count once they are committed" >&2; exit 91
        fi
        signers="$committed"
      elif [ ! -f "$2" ]; then
        echo "there is no allowed signers file ($2) to verify it against" >&2; exit 92
      fi
      signature=$(mktemp "${TMPDIR:-/tmp}/jit-signature.XXXXXX") || exit 90
      trap 'rm -f "$committed" "$signature"' EXIT
      printf '%s\\n' "$1" >"$signature"
      ssh-keygen -q -Y verify -f "$signers" -I "$3" -n "$4" -s "$signature"
      """
    let principal = ApprovalStatement.principal(statement.actor)
    guard
      let result = run(
        script, [signature, allowedSigners, principal, ApprovalStatement.namespace], input: statement.text)
    else { return "ssh-keygen could not be run" }
    switch result.status {
    case 0: return nil
    case 91, 92: return Self.firstLine(result.error)
    default:
      let why = Self.firstLine(result.error + result.output)
      return "the signature does not verify for \(principal)\(why.isEmpty ? "" : ": " + why)"
    }
  }

  private func run(_ script: String, _ arguments: [String], input: String) -> ChildProcess.ScriptResult? {
    ChildProcess.script(script, arguments, in: directory, environment: environment, input: input)
  }

  private static func firstLine(_ text: String) -> String {
    String(text.split(separator: "\n").first ?? "").trimmingWhitespace()
  }
}
