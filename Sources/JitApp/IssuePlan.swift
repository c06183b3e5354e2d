import JitCore

/// A plan (`jit issue create --from`): issues that name each other by local names.
///
/// `{"issues": [{"name": "schema", "title": "...", "priority": "high", "description": "...",
/// "gates": ["tests"], "dependencies": ["api", "4GD4P9SX"], "context": {"epic": "auth"}}]}` (or
/// the array alone). A dependency that is a local name is that issue of the plan; any other is an
/// existing issue's id or unique suffix. A plan may also define gates its issues require, in the
/// same write: `"gates": [{"key": "tests", "title": "Tests pass", "auto": true, "stage":
/// "postcheck", "command": "swift test", "timeout": 600, "description": "..."}]` (the registry is
/// policy: only a person may, as with `jit gate define`).
public struct IssuePlan: Sendable, Hashable {
  public struct Entry: Sendable, Hashable {
    /// The plan's name for it; nil when nothing refers to it.
    public var name: String?
    /// Its position in the plan, from 1.
    public var position: Int
    /// Dependencies as written: local names or issue references.
    public var request: IssueRequest
  }

  public var entries: [Entry]
  /// Gates to define before the issues are created.
  public var gates: [GateSpec] = []

  static let fields = ["name", "title", "description", "priority", "gates", "dependencies", "context"]

  /// Parses a plan; `INVALID_PLAN` (with `details.entry` and `details.field`) for what is not one.
  public init(parsing text: String) throws {
    guard text.contains(where: { !$0.isWhitespace }) else {
      throw JitError(.invalidPlan, "the plan is empty", details: [:])
    }
    let document = try PlanRecord.document(text, what: "the plan")
    let values: [JSONValue]
    switch document {
    case .array(let array): values = array
    case .object(let object):
      guard Set(object.keys).isSubset(of: ["issues", "gates"]), case .array(let array) = object["issues"]
      else {
        throw JitError(
          .invalidPlan, "a plan is {\"issues\": [...], \"gates\": [...]} or an array of issues", details: [:])
      }
      values = array
      if let gates = object["gates"] {
        guard case .array(let definitions) = gates else {
          throw JitError(.invalidPlan, "the plan's gates must be an array", details: ["field": "gates"])
        }
        self.gates = try definitions.enumerated().map { index, value in
          let record = try PlanRecord(
            value, place: "gate \(index + 1)", location: ["gate": .int(Int64(index + 1))])
          try record.only(["key", "title", "description", "auto", "stage", "command", "timeout"])
          let stage = try record.string("stage").map { name in
            guard let stage = GateStage(rawValue: name) else {
              throw record.invalid("unknown stage '\(name)' (use precheck or postcheck)", field: "stage")
            }
            return stage
          }
          let timeout: Int?
          switch record.fields["timeout"] {
          case nil, .null: timeout = nil
          case .int(let seconds) where seconds > 0 && seconds <= 86_400: timeout = Int(seconds)
          default: throw record.invalid("'timeout' must be 1 to 86400 seconds", field: "timeout")
          }
          return GateSpec(
            key: try record.requiredString("key"), title: try record.string("title"),
            description: try record.string("description"),
            auto: record.fields["auto"] == nil ? nil : try record.bool("auto"), stage: stage,
            command: try record.string("command"), timeout: timeout)
        }
      }
    default:
      throw JitError(.invalidPlan, "a plan is {\"issues\": [...]} or an array of issues", details: [:])
    }
    guard !values.isEmpty else { throw JitError(.invalidPlan, "the plan has no issues", details: [:]) }
    var names: Set<String> = []
    entries = try values.enumerated().map { index, value in
      let record = try PlanRecord(
        value, place: "entry \(index + 1)", location: ["entry": .int(Int64(index + 1))])
      try record.only(Self.fields)
      let name = try record.string("name")
      if let name {
        guard !name.isEmpty, name.count <= 64, !name.contains(where: \.isWhitespace) else {
          throw record.invalid("a name is 1 to 64 characters without spaces", field: "name")
        }
        guard names.insert(name).inserted else {
          throw record.invalid("the name '\(name)' is used twice", field: "name")
        }
      }
      let request = IssueRequest(
        title: try record.requiredString("title"), description: try record.string("description") ?? "",
        priority: try record.priority("priority") ?? .normal, gates: try record.strings("gates"),
        dependencies: try record.strings("dependencies"), context: try record.context("context"))
      return Entry(name: name, position: index + 1, request: request)
    }
  }

  /// The entries with every local dependency first; `CYCLE_DETECTED` (details.cycle: the names)
  /// when local dependencies go round.
  func ordered() throws -> [Entry] {
    var byName: [String: Entry] = [:]
    for entry in entries { if let name = entry.name { byName[name] = entry } }
    var ordered: [Entry] = []
    var done: Set<Int> = []
    var open: [Entry] = []
    func visit(_ entry: Entry) throws {
      if done.contains(entry.position) { return }
      if let start = open.firstIndex(where: { $0.position == entry.position }) {
        let cycle = (open[start...] + [entry]).map { $0.name ?? "entry \($0.position)" }
        throw JitError(
          .cycleDetected, "the plan's dependencies go round: " + cycle.joined(separator: " -> "),
          details: ["cycle": .array(cycle.map { .string($0) })])
      }
      open.append(entry)
      for dependency in entry.request.dependencies {
        if let local = byName[dependency] { try visit(local) }
      }
      open.removeLast()
      done.insert(entry.position)
      ordered.append(entry)
    }
    for entry in entries { try visit(entry) }
    return ordered
  }
}

extension JitApplication {
  /// Creates every issue of the plan in `file` (`-`: standard input) in one write, or none:
  /// dependencies first, local names resolved to the new ids. With `dryRun`, checks all of it
  /// (ids are made up and discarded) and keeps nothing.
  public func createPlan(file: String, dryRun: Bool = false, by: String? = nil) throws -> [PlannedIssue] {
    _ = try actor(by)
    let plan = try IssuePlan(parsing: inputText(file))
    let ordered = try plan.ordered()
    return try batch(dryRun: dryRun) { joined in
      for (index, gate) in plan.gates.enumerated() {
        do {
          _ = try joined.defineGate(gate, update: false, by: by)
        } catch {
          throw try PlanRecord(
            .object([:]), place: "gate '\(gate.key)'", location: ["gate": .int(Int64(index + 1))]
          )
          .annotated(error)
        }
      }
      var ids: [String: IssueID] = [:]
      var made: [PlannedIssue] = []
      for entry in ordered {
        var request = entry.request
        request.dependencies = request.dependencies.map { ids[$0]?.rawValue ?? $0 }
        let record = try PlanRecord(
          .object([:]), place: entry.name.map { "issue '\($0)'" } ?? "entry \(entry.position)",
          location: ["entry": .int(Int64(entry.position))])
        do {
          let issue = try joined.create(request, by: by)
          if let name = entry.name { ids[name] = issue.id }
          made.append(PlannedIssue(name: entry.name, issue: issue))
        } catch {
          throw record.annotated(error)
        }
      }
      // In the plan's order, as the caller wrote it.
      let position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.position, $0) })
      return plan.entries.compactMap { position[$0.position].map { made[$0] } }
    }
  }
}
