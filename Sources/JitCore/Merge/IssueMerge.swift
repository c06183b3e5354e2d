/// The three-way merge of one issue file, as `jit merge-file` does it for git: field by field
/// against the common ancestor. A field changed on one side only takes that side; changed the same
/// way on both, that value. Where both changed it differently:
///
/// - `title`, `description`, `priority`, each `context` key and any field jit does not know: the
///   side with the later `updated_at` is kept and the conflict is recorded (`MergeConflict`);
/// - `state`, `assignee`, `archived_from` and `hold`, which move together: the later side's (when
///   each side gave the issue to a different actor, that is recorded as a conflict on `assignee`);
/// - `claim_generation` and `attempts`: the larger, since they only count up; `held_by`: everyone
///   either side lists, so that nobody who held the issue on either branch approves it;
/// - `dependencies`, `external_dependencies` and `gates_required`: a three-way set merge, the union of what either side
///   added, less what one side removed and the other left alone;
/// - `gates_status`, gate by gate: the entry with the later `updated_at`;
/// - `created_at`: the earlier; `updated_at`: the later.
///
/// Without an ancestor (both branches added the file) the base is taken as empty.
public enum IssueMerge {
  /// The merged issue. Throws only when the two sides are different issues.
  public static func merge(base: Issue?, ours: Issue, theirs: Issue) throws -> Issue {
    guard ours.id == theirs.id else {
      throw JitError(
        .mergeFailed, "the two sides are different issues (\(ours.id.rawValue) and \(theirs.id.rawValue))",
        details: ["ours": .string(ours.id.rawValue), "theirs": .string(theirs.id.rawValue)])
    }
    let theirsLater = theirs.updatedAt > ours.updatedAt
    let keptSide = theirsLater ? "theirs" : "ours"
    var conflicts: [MergeConflict] = []
    var merged = ours

    func text<T: Equatable>(
      _ field: String, _ value: (Issue) -> T?, _ json: (T) -> JSONValue
    ) -> T? {
      let (baseValue, ourValue, theirValue) = (base.flatMap(value), value(ours), value(theirs))
      if ourValue == theirValue || theirValue == baseValue { return ourValue }
      if ourValue == baseValue { return theirValue }
      conflicts.append(
        MergeConflict(
          field: field, base: baseValue.map(json) ?? .null, ours: ourValue.map(json) ?? .null,
          theirs: theirValue.map(json) ?? .null, kept: keptSide))
      return theirsLater ? theirValue : ourValue
    }

    merged.title = text("title", { $0.title }, JSONValue.string) ?? ours.title
    merged.description = text("description", { $0.description }, JSONValue.string) ?? ours.description
    merged.priority = text("priority", { $0.priority }, { .string($0.rawValue) }) ?? ours.priority
    var context: [String: String] = [:]
    let contextKeys = Set(ours.context.keys).union(theirs.context.keys).union(base?.context.keys ?? [:].keys)
    for key in contextKeys.sorted() {
      context[key] = text("context.\(key)", { $0.context[key] }, JSONValue.string)
    }
    merged.context = context

    // The lifecycle moves as one: a claim's state and assignee come from the same side.
    struct Lifecycle: Equatable {
      var state: IssueState
      var assignee: Actor?
      var archivedFrom: IssueState?
      var hold: Hold?
      init(_ issue: Issue) {
        state = issue.state
        assignee = issue.assignee
        archivedFrom = issue.archivedFrom
        hold = issue.hold
      }
    }
    let lifecycle = pick(
      base.map(Lifecycle.init), Lifecycle(ours), Lifecycle(theirs), theirsLater: theirsLater)
    merged.state = lifecycle.state
    merged.assignee = lifecycle.assignee
    merged.archivedFrom = lifecycle.archivedFrom
    merged.hold = lifecycle.hold
    // Claims only count up, and nobody who held the issue on either branch may approve it.
    merged.claimGeneration = max(ours.claimGeneration, theirs.claimGeneration)
    merged.attempts = max(ours.attempts, theirs.attempts)
    merged.heldBy = ours.heldBy + theirs.heldBy.filter { !ours.heldBy.contains($0) }
    // Two branches that gave the issue to two different actors (each claimed it): one claim is
    // kept, and the other actor must learn that it lost it.
    if let mine = ours.assignee, let other = theirs.assignee, mine != other,
      mine != base?.assignee, other != base?.assignee
    {
      conflicts.append(
        MergeConflict(
          field: "assignee", base: base?.assignee.map { .string($0.description) } ?? .null,
          ours: .string(mine.description), theirs: .string(other.description), kept: keptSide))
    }

    merged.dependencies = setMerge(base?.dependencies, ours.dependencies, theirs.dependencies).sorted()
    merged.externalDependencies = setMerge(
      base?.externalDependencies, ours.externalDependencies, theirs.externalDependencies
    ).sorted()
    merged.gatesRequired = setMerge(base?.gatesRequired, ours.gatesRequired, theirs.gatesRequired)
    merged.gatesStatus = gateStatuses(
      base, ours, theirs, required: merged.gatesRequired, theirsLater: theirsLater)
    merged.createdAt = min(ours.createdAt, theirs.createdAt)
    merged.updatedAt = max(ours.updatedAt, theirs.updatedAt)

    // Every other field, as the files hold it: fields jit does not know (`otherFields`), and any
    // field a later version of `Issue` adds before it gets a rule here, is merged as free text.
    let objects = try (base.map(object), object(ours), object(theirs))
    var others: [String: JSONValue] = [:]
    let otherKeys = Set(objects.1.keys).union(objects.2.keys).union(objects.0?.keys ?? [:].keys)
      .subtracting(handledFields)
    for key in otherKeys.sorted() {
      let field = { (fields: [String: JSONValue]) in fields[key] }
      let (baseValue, ourValue, theirValue) = (objects.0.flatMap(field), field(objects.1), field(objects.2))
      if ourValue == theirValue || theirValue == baseValue {
        others[key] = ourValue
      } else if ourValue == baseValue {
        others[key] = theirValue
      } else {
        conflicts.append(
          MergeConflict(
            field: key, base: baseValue ?? .null, ours: ourValue ?? .null, theirs: theirValue ?? .null,
            kept: keptSide))
        others[key] = theirsLater ? theirValue : ourValue
      }
    }
    if !otherKeys.isEmpty {
      var fields = try object(merged)
      for key in otherKeys { fields[key] = others[key] }
      merged = try JSONCoding.decodeFile(
        Issue.self, JSONCoding.encodeFile(JSONValue.object(fields)), path: "merge")
    }
    merged.mergeConflicts = recorded(base, ours, theirs, adding: conflicts)
    return merged
  }

  /// The fields merged by the rules above; every other one is merged as free text. Spelled out,
  /// not taken from `Issue.CodingKeys`, so that a field added to `Issue` is merged (as free text)
  /// until it is given a rule here, rather than silently taken from ours.
  static let handledFields: Set<String> = [
    "id", "title", "description", "state", "priority", "assignee", "dependencies", "gates_required",
    "gates_status", "context", "created_at", "updated_at", "archived_from", MergeConflict.fieldName,
    "hold", "claim_generation", "attempts", "held_by", "external_dependencies",
  ]

  /// An issue as the object its file holds.
  static func object(_ issue: Issue) throws -> [String: JSONValue] {
    guard case .object(let fields) = try JSONValue(encoding: issue) else { return [:] }
    return fields
  }

  /// One side's value if only it changed, the shared value if both agree, else the later side's.
  static func pick<T: Equatable>(_ base: T?, _ ours: T, _ theirs: T, theirsLater: Bool) -> T {
    if ours == theirs || theirs == base { return ours }
    if ours == base { return theirs }
    return theirsLater ? theirs : ours
  }

  /// A three-way merge of two lists as sets: what both sides keep, plus what either added; an
  /// element one side removed and the other kept is removed. Ours' order, then theirs' additions.
  static func setMerge<T: Hashable>(_ base: [T]?, _ ours: [T], _ theirs: [T]) -> [T] {
    let baseSet = Set(base ?? [])
    let (ourSet, theirSet) = (Set(ours), Set(theirs))
    var result: [T] = []
    var seen: Set<T> = []
    for element in ours + theirs where !seen.contains(element) {
      let kept =
        (ourSet.contains(element) && theirSet.contains(element))
        || (!baseSet.contains(element))
      if kept { result.append(element) }
      seen.insert(element)
    }
    return result
  }

  /// Gate by gate: one side's entry if only it changed; if both did, the one set later (by its
  /// `updated_at`, else the issue's). Entries of gates the merge no longer requires are dropped.
  static func gateStatuses(
    _ base: Issue?, _ ours: Issue, _ theirs: Issue, required: [String], theirsLater: Bool
  ) -> [String: GateStatus] {
    var result: [String: GateStatus] = [:]
    let keys = Set(ours.gatesStatus.keys).union(theirs.gatesStatus.keys)
    let mentioned = Set(base?.gatesRequired ?? []).union(ours.gatesRequired).union(theirs.gatesRequired)
    for key in keys {
      if mentioned.contains(key) && !required.contains(key) { continue }
      let (baseEntry, ourEntry, theirEntry) = (
        base?.gatesStatus[key], ours.gatesStatus[key], theirs.gatesStatus[key]
      )
      let entry: GateStatus?
      if ourEntry == theirEntry || theirEntry == baseEntry {
        entry = ourEntry
      } else if ourEntry == baseEntry {
        entry = theirEntry
      } else {
        let ourTime = ourEntry?.updatedAt?.millisecondsSince1970 ?? Int64.min
        let theirTime = theirEntry?.updatedAt?.millisecondsSince1970 ?? Int64.min
        entry = theirTime > ourTime || (theirTime == ourTime && theirsLater) ? theirEntry : ourEntry
      }
      result[key] = entry
    }
    return result
  }

  /// The conflict records after the merge: those both sides still hold or either side added (one
  /// side resolving a conflict resolves it), then the new ones, each field recorded once (the newest).
  static func recorded(_ base: Issue?, _ ours: Issue, _ theirs: Issue, adding new: [MergeConflict])
    -> [MergeConflict]
  {
    let kept = setMerge(base?.mergeConflicts, ours.mergeConflicts, theirs.mergeConflicts)
    let fields = Set(new.map(\.field))
    return kept.filter { !fields.contains($0.field) } + new
  }
}
