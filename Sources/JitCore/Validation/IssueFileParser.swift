/// A fast reader of issue files, for validation and the index: decoding thousands of files through `Codable` is
/// most of what `jit validate` costs.
///
/// It returns an issue only when it is certain `JSONDecoder` would decode the same one (strict
/// JSON, only the fields it knows, each of the right type, no gate evidence); for anything else it
/// returns nil and the caller decodes the file with `JSONDecoder`, which also gives the reason a
/// file is wrong. Keep it in step with `Issue.init(from:)`: a field added to `Issue` is safe (such
/// files fall back to the decoder) but slow until it is read here too.
public enum IssueFileParser {
  public static func parse(_ bytes: [UInt8]) -> Issue? {
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = StrictJSONScanner(buffer)
      var fields = Fields()
      scanner.skipSpace()
      guard scanner.object({ scanner, key in fields.read(key, &scanner) }) else { return nil }
      scanner.skipSpace()
      guard scanner.atEnd else { return nil }
      return fields.issue()
    }
  }

  private struct Fields {
    var id: IssueID?
    var title: String?
    var description = ""
    var state: IssueState?
    var priority = Priority.normal
    var assignee: Actor?
    var dependencies: [IssueID] = []
    var externalDependencies: [ExternalDependency] = []
    var gatesRequired: [String] = []
    var gatesStatus: [String: GateStatus] = [:]
    var context: [String: String] = [:]
    var createdAt: Timestamp?
    var updatedAt: Timestamp?
    var archivedFrom: IssueState?
    var heldBy: [Actor] = []
    var claimGeneration = 0
    var attempts = 0
    var hold: Hold?

    func issue() -> Issue? {
      guard let id, let title, let state, let createdAt else { return nil }
      var issue = Issue(
        id: id, title: title, description: description, state: state, priority: priority, assignee: assignee,
        gatesRequired: gatesRequired, gatesStatus: gatesStatus, context: context, createdAt: createdAt,
        updatedAt: updatedAt)
      issue.dependencies = dependencies  // as stored: the initializer would sort and unique them
      issue.externalDependencies = externalDependencies
      issue.archivedFrom = archivedFrom
      issue.heldBy = heldBy
      issue.claimGeneration = claimGeneration
      issue.attempts = attempts
      issue.hold = hold
      return issue
    }

    mutating func read(_ key: String, _ scanner: inout StrictJSONScanner) -> Bool {
      switch key {
      case "id":
        guard let value = scanner.plainText().flatMap(IssueID.init) else { return false }
        id = value
      case "title":
        guard let value = scanner.string() else { return false }
        title = value
      case "description":
        if scanner.takeNull() { return true }
        guard let value = scanner.string() else { return false }
        description = value
      case "state":
        guard let value = scanner.plainText().flatMap(IssueState.init(rawValue:)) else { return false }
        state = value
      case "priority":
        if scanner.takeNull() { return true }
        guard let value = scanner.plainText().flatMap(Priority.init(rawValue:)) else { return false }
        priority = value
      case "assignee":
        if scanner.takeNull() { return true }
        guard let value = scanner.plainText().flatMap(Actor.init) else { return false }
        assignee = value
      case "dependencies":
        return scanner.plainTextArray(IssueID.init, into: &dependencies)
      case "hold":
        if scanner.takeNull() { return true }
        var reason: String?
        var by: Actor?
        var at: Timestamp?
        let parsed = scanner.object { scanner, key in
          switch key {
          case "reason": reason = scanner.string()
          case "by": by = scanner.plainText().flatMap(Actor.init)
          case "at": at = scanner.plainText().flatMap(Timestamp.init(iso8601:))
          default: return false
          }
          return true
        }
        guard parsed, let reason, let by, let at else { return false }
        hold = Hold(reason: reason, by: by, at: at)
      case "claim_generation", "attempts":
        guard let value = scanner.integer(), value >= 0, let number = Int(exactly: value) else {
          return false
        }
        if key == "attempts" { attempts = number } else { claimGeneration = number }
      case "external_dependencies":
        return scanner.plainTextArray(ExternalDependency.init, into: &externalDependencies)
      case "held_by":
        return scanner.plainTextArray(Actor.init, into: &heldBy)
      case "gates_required":
        if scanner.takeNull() { return true }
        return scanner.array { scanner in
          guard let value = scanner.string() else { return false }
          gatesRequired.append(value)
          return true
        }
      case "gates_status":
        if scanner.takeNull() { return true }
        return scanner.object { scanner, gate in
          guard let status = Self.gateStatus(&scanner) else { return false }
          gatesStatus[gate] = status
          return true
        }
      case "context":
        if scanner.takeNull() { return true }
        return scanner.object { scanner, name in
          guard let value = scanner.string() else { return false }
          context[name] = value
          return true
        }
      case "created_at":
        guard let value = scanner.plainText().flatMap(Timestamp.init(iso8601:)) else { return false }
        createdAt = value
      case "updated_at":
        if scanner.takeNull() { return true }
        guard let value = scanner.plainText().flatMap(Timestamp.init(iso8601:)) else { return false }
        updatedAt = value
      case "archived_from":
        if scanner.takeNull() { return true }
        guard let value = scanner.plainText().flatMap(IssueState.init(rawValue:)) else { return false }
        archivedFrom = value
      default:
        return false  // a field this reader does not know (a newer jit's?): the decoder decides
      }
      return true
    }

    /// `{"status": ..., "updated_by": ..., "updated_at": ..., "evidence": ...}`.
    static func gateStatus(_ scanner: inout StrictJSONScanner) -> GateStatus? {
      var status: GateState?
      var updatedBy: Actor?
      var updatedAt: Timestamp?
      var evidence: GateEvidence?
      let parsed = scanner.object { scanner, key in
        switch key {
        case "status":
          status = scanner.plainText().flatMap(GateState.init(rawValue:))
          return status != nil
        case "updated_by":
          if scanner.takeNull() { return true }
          updatedBy = scanner.plainText().flatMap(Actor.init)
          return updatedBy != nil
        case "updated_at":
          if scanner.takeNull() { return true }
          updatedAt = scanner.plainText().flatMap(Timestamp.init(iso8601:))
          return updatedAt != nil
        case "evidence":
          if scanner.takeNull() { return true }
          evidence = Self.evidence(&scanner)
          return evidence != nil
        default:
          return false
        }
      }
      guard parsed, let status else { return nil }
      return GateStatus(status: status, updatedBy: updatedBy, updatedAt: updatedAt, evidence: evidence)
    }

    /// A gate result's evidence; figures (read from artifacts) are left to the decoder.
    static func evidence(_ scanner: inout StrictJSONScanner) -> GateEvidence? {
      var evidence = GateEvidence(source: "")
      var hasSource = false
      func optionalString(_ scanner: inout StrictJSONScanner, _ set: (String?) -> Void) -> Bool {
        if scanner.takeNull() { return true }
        guard let value = scanner.string() else { return false }
        set(value)
        return true
      }
      let parsed = scanner.object { scanner, key in
        switch key {
        case "source":
          guard let value = scanner.string() else { return false }
          evidence.source = value
          hasSource = true
          return true
        case "message": return optionalString(&scanner) { evidence.message = $0 }
        case "output_tail": return optionalString(&scanner) { evidence.outputTail = $0 }
        case "commit": return optionalString(&scanner) { evidence.commit = $0 }
        case "tree": return optionalString(&scanner) { evidence.tree = $0 }
        case "signature": return optionalString(&scanner) { evidence.signature = $0 }
        case "signed_at":
          if scanner.takeNull() { return true }
          guard let value = scanner.plainText().flatMap(Timestamp.init(iso8601:)) else { return false }
          evidence.signedAt = value
          return true
        case "dirty":
          if scanner.takeNull() { return true }
          if scanner.takeLiteral("true") {
            evidence.dirty = true
          } else if scanner.takeLiteral("false") {
            evidence.dirty = false
          } else {
            return false
          }
          return true
        case "artifact": return optionalString(&scanner) { evidence.artifact = $0 }
        case "exit_code":
          if scanner.takeNull() { return true }
          guard let value = scanner.integer(), let code = Int32(exactly: value) else { return false }
          evidence.exitCode = code
          return true
        case "duration_ms":
          if scanner.takeNull() { return true }
          guard let value = scanner.integer() else { return false }
          evidence.durationMs = value
          return true
        case "figures":
          return scanner.takeNull()
        default:
          return false
        }
      }
      return parsed && hasSource ? evidence : nil
    }
  }
}
