import JitCore

/// A value jit prints as JSON: the answer of a command, in the shape docs/format.md lists.
///
/// Front ends print only wire views, so every shape an agent can read is declared in this module.
/// A few JitCore types are on the wire as they encode themselves; their conformances below are the
/// list of them.
public protocol WireView: Encodable {}

extension Array: WireView where Element: WireView {}

/// `gate list` and `gate undefine`: a gate definition as `.jit/gates.json` holds it.
extension GateDefinition: WireView {}

/// `gate define`: `{"gate": {...}, "outcome": "created" | "updated" | "unchanged"}`.
extension GateDefinitionResult: WireView {}

/// `issue delete`: `{"deleted": id, "detached_dependents": [ids]}`.
extension DeletionResult: WireView {}

/// `status`: `{"total", "open", "blocked", "ready", "by_state": {state: count}}`.
extension StatusSummary: WireView {}

/// `events tail` / `events query`: one event per line, as `.jit/events.jsonl` holds it.
extension Event: WireView {}

/// `validate`: `{"valid", "errors", "warnings", "issues_checked", "diagnostics", "repairs"}`.
extension ValidationReport: WireView {}

/// `jit version`: `{"version", "commit"}`.
public struct VersionView: WireView {
  public var version: String
  public var commit: String

  public init(version: String, commit: String) {
    self.version = version
    self.commit = commit
  }
}
