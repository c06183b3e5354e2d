import JitCore

/// One line of `jit batch`: an operation, with the issues it names as written (an id, a unique
/// suffix, or the `name` an earlier `create` of the same batch gave).
public struct BatchOperation: Sendable, Hashable {
  public enum Kind: String, Sendable, CaseIterable {
    case create, update, delete, assign, unassign, claim, release, archive, unarchive, reopen
    case depAdd = "dep_add"
    case depRemove = "dep_remove"
    case gateAdd = "gate_add"
    case gateRemove = "gate_remove"

    /// The fields a line of this kind may have, besides `op`.
    var fields: [String] {
      switch self {
      case .create: return ["name"] + IssuePlan.fields.filter { $0 != "name" }
      case .update: return ["id", "title", "description", "priority", "context", "unset_context"]
      case .delete: return ["id", "force"]
      case .assign: return ["id", "to"]
      case .claim: return ["id", "to", "lease"]
      case .release: return ["id", "hold"]
      case .reopen: return ["id", "reason"]
      case .unassign, .archive, .unarchive: return ["id"]
      case .depAdd, .depRemove: return ["id", "on"]
      case .gateAdd, .gateRemove: return ["id", "gate"]
      }
    }
  }

  public var kind: Kind
  /// Its line in the file, from 1.
  public var line: Int
  /// The line's fields (checked against `kind`).
  var record: PlanRecord

  public static func == (lhs: BatchOperation, rhs: BatchOperation) -> Bool {
    lhs.kind == rhs.kind && lhs.line == rhs.line && lhs.record.fields == rhs.record.fields
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(kind)
    hasher.combine(line)
  }

  /// Parses JSON lines (blank lines skipped); `INVALID_PLAN` with `details.line` for a line that is
  /// not an operation, before anything runs.
  public static func parse(_ text: String) throws -> [BatchOperation] {
    var operations: [BatchOperation] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
      let location: [String: JSONValue] = ["line": .int(Int64(index + 1))]
      let value: JSONValue
      do {
        value = try PlanRecord.document(String(line), what: "line \(index + 1)")
      } catch {
        throw JitError(.invalidPlan, "line \(index + 1) is not JSON", details: location)
      }
      let record = try PlanRecord(value, place: "line \(index + 1)", location: location)
      let name = try record.requiredString("op")
      guard let kind = Kind(rawValue: name) else {
        throw record.invalid(
          "unknown op '\(name)' (use \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))", field: "op")
      }
      try record.only(["op"] + kind.fields)
      if kind != .create { _ = try record.requiredString("id") }
      operations.append(BatchOperation(kind: kind, line: index + 1, record: record))
    }
    guard !operations.isEmpty else {
      throw JitError(.invalidPlan, "the batch has no operations", details: [:])
    }
    return operations
  }
}

extension JitApplication {
  /// Applies the operations of the JSON lines in `file` (`-`: standard input) in order, in one
  /// write: all of them, or none when any fails (its error names the line). With `dryRun`, applies
  /// them all, answers what they did, and keeps nothing.
  public func runBatch(file: String, dryRun: Bool = false, by: String? = nil) throws -> [BatchOutcome] {
    _ = try actor(by)
    let operations = try BatchOperation.parse(inputText(file))
    return try batch(dryRun: dryRun) { joined in
      var names: [String: IssueID] = [:]
      return try operations.map { operation in
        do {
          return try joined.apply(operation, names: &names, by: by)
        } catch {
          throw operation.record.annotated(error)
        }
      }
    }
  }

  /// One operation, in a batch's session.
  func apply(_ operation: BatchOperation, names: inout [String: IssueID], by: String?) throws -> BatchOutcome
  {
    let record = operation.record
    let known = names
    // A name an earlier create gave, else an issue id or suffix as typed.
    let local = { (text: String) throws -> String in
      if let id = known[text] { return id.rawValue }
      guard (try? IssueReference(text)) != nil else {
        throw JitError(
          .invalidID, "'\(text)' is neither an issue id nor the name of an earlier create in this batch",
          details: ["input": .string(text)])
      }
      return text
    }
    let id = try record.string("id").map(local) ?? ""
    func outcome(_ issue: Issue, name: String? = nil) -> BatchOutcome {
      BatchOutcome(line: operation.line, op: operation.kind.rawValue, name: name, id: issue.id, issue: issue)
    }
    switch operation.kind {
    case .create:
      let name = try record.string("name")
      if let name, names[name] != nil {
        throw record.invalid("the name '\(name)' is used twice", field: "name")
      }
      if let name, try record.strings("dependencies").contains(name) {
        throw JitError(.selfDependency, "'\(name)' cannot depend on itself", details: ["name": .string(name)])
      }
      let issue = try create(
        IssueRequest(
          title: try record.requiredString("title"), description: try record.string("description") ?? "",
          priority: try record.priority("priority") ?? .normal, gates: try record.strings("gates"),
          dependencies: try record.strings("dependencies").map(local), context: try record.context("context")),
        by: by)
      if let name { names[name] = issue.id }
      return outcome(issue, name: name)
    case .update:
      let fields = ["title", "description", "priority", "context", "unset_context"]
      guard fields.contains(where: { record.fields[$0] != nil }) else {
        throw record.invalid("an update needs one of " + fields.joined(separator: ", "))
      }
      let changes = IssueChanges(
        title: try record.string("title"), description: try record.string("description"),
        priority: try record.priority("priority"), setContext: try record.context("context"),
        removeContext: try record.strings("unset_context"))
      return outcome(try update(id, changes, by: by))
    case .delete:
      let result = try delete(id, force: try record.bool("force"), by: by)
      return BatchOutcome(line: operation.line, op: "delete", id: result.deleted, issue: nil)
    case .assign: return outcome(try assign(id, to: try record.requiredString("to"), by: by))
    case .unassign: return outcome(try unassign(id, by: by))
    case .claim:
      return outcome(try claim(id, to: try record.string("to") ?? by, lease: try record.string("lease")))
    case .release: return outcome(try release(id, hold: try record.string("hold"), by: by))
    case .archive: return outcome(try archive(id, by: by).issue)
    case .unarchive: return outcome(try unarchive(id, by: by))
    case .reopen: return outcome(try reopen(id, reason: try record.string("reason"), by: by))
    case .depAdd:
      return outcome(try addDependencies(id, on: try record.strings("on").map(local), by: by).issue)
    case .depRemove:
      return outcome(try removeDependencies(id, on: try record.strings("on").map(local), by: by).issue)
    case .gateAdd: return outcome(try addGate(id, try record.requiredString("gate"), by: by).issue)
    case .gateRemove: return outcome(try removeGate(id, try record.requiredString("gate"), by: by).issue)
    }
  }
}
