/// A field two branches changed in different ways, as `jit merge-file` records it in the merged
/// issue's `merge_conflicts` array: the three values, and which side was kept (the side with the
/// later `updated_at`). `validate` reports each one (`MERGE_CONFLICT`) until it is resolved.
public struct MergeConflict: Hashable, Sendable, Codable {
  /// The field: `title`, `description`, `priority`, `context.<key>`, or a field jit does not know.
  public var field: String
  /// The value in the common ancestor (null when the field was absent, or there was no ancestor).
  public var base: JSONValue
  /// The value on the branch merged into (git's `%A`).
  public var ours: JSONValue
  /// The value on the branch merged in (git's `%B`).
  public var theirs: JSONValue
  /// Which value the merged file holds: `ours` or `theirs`.
  public var kept: String

  public init(field: String, base: JSONValue, ours: JSONValue, theirs: JSONValue, kept: String) {
    self.field = field
    self.base = base
    self.ours = ours
    self.theirs = theirs
    self.kept = kept
  }

  /// The key of the conflict records in an issue file.
  public static let fieldName = "merge_conflicts"

  /// The `jit issue update` option that sets a field (how a conflict on it is settled).
  public static func resolvingFlag(_ field: String) -> String {
    switch field {
    case "title": return "--title ..."
    case "description": return "--desc ..."
    case "priority": return "--priority ..."
    default:
      if field.hasPrefix("context.") { return "--context \(field.dropFirst(8))=..." }
      return "--resolve \(field)"
    }
  }

  /// How to settle this conflict on issue `id`, for people.
  public func settling(_ id: IssueID) -> String {
    let resolve = "'jit issue update \(id.short) --resolve \(field)'"
    let flag = Self.resolvingFlag(field)
    guard !flag.hasPrefix("--resolve") else { return resolve + " once it is settled" }
    return "'jit issue update \(id.short) \(flag)', or \(resolve) to keep the value in force"
  }

  /// Which recorded conflicts a change to `field` resolves: the field itself, and for `context`
  /// every `context.<key>`.
  public func isResolved(byChanging field: String) -> Bool {
    self.field == field || (field == "context" && self.field.hasPrefix("context."))
  }
}

extension Issue {
  /// The conflicts a merge recorded in this issue (`merge_conflicts`), oldest first; empty when
  /// there are none or the field does not hold conflict records.
  public var mergeConflicts: [MergeConflict] {
    get {
      guard case .array(let records)? = otherFields[MergeConflict.fieldName] else { return [] }
      return records.compactMap(MergeConflict.init(json:))
    }
    set {
      otherFields[MergeConflict.fieldName] = newValue.isEmpty ? nil : .array(newValue.map(\.json))
    }
  }

  /// Drops the recorded conflicts that a change to `field` resolves (see
  /// `MergeConflict.isResolved(byChanging:)`); whether any was dropped.
  @discardableResult
  public mutating func resolveMergeConflicts(changing field: String) -> Bool {
    let conflicts = mergeConflicts
    let left = conflicts.filter { !$0.isResolved(byChanging: field) }
    guard left.count != conflicts.count else { return false }
    mergeConflicts = left
    return true
  }
}

extension MergeConflict {
  /// The record as the issue file holds it.
  public var json: JSONValue {
    .object([
      "field": .string(field), "base": base, "ours": ours, "theirs": theirs, "kept": .string(kept),
    ])
  }

  /// A record read from an issue file; nil when it is not one.
  public init?(json: JSONValue) {
    guard case .object(let object) = json, let field = object["field"]?.stringValue,
      let kept = object["kept"]?.stringValue
    else { return nil }
    self.init(
      field: field, base: object["base"] ?? .null, ours: object["ours"] ?? .null,
      theirs: object["theirs"] ?? .null, kept: kept)
  }
}
