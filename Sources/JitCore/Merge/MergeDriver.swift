/// What `jit merge-file` does with git's three versions of a file under `.jit/`: an issue file is
/// merged field by field (`IssueMerge`), `gates.json` gate by gate (`GateRegistryMerge`). The
/// result is written as jit writes the file (sorted keys, pretty-printed): never conflict markers.
public enum MergeDriver {
  /// What a merge produced.
  public struct Outcome: Sendable {
    /// The merged file's content.
    public var bytes: [UInt8]
    /// The issue merged; nil for `gates.json`.
    public var issue: IssueID?
    /// The conflicts recorded in the merged issue by this merge (none for `gates.json`).
    public var conflicts: [MergeConflict]
    /// Sentences for people about what was decided (a side that did not parse, a gate both changed).
    public var notes: [String]
  }

  /// Merges `ours` and `theirs` against `base` (nil or empty when there is no common ancestor).
  /// `MERGE_FAILED` when nothing valid can be made: neither side parses, or they are different issues.
  public static func merge(base: [UInt8]?, ours: [UInt8], theirs: [UInt8]) throws -> Outcome {
    let (ourValue, theirValue) = (parse(ours), parse(theirs))
    if isIssue(ourValue) || isIssue(theirValue) {
      return try mergeIssues(base: base, ours: ours, theirs: theirs)
    }
    if isRegistry(ourValue) || isRegistry(theirValue) {
      return try GateRegistryMerge.merge(base: base, ours: ours, theirs: theirs)
    }
    throw JitError(
      .mergeFailed, "neither side is an issue file or a gate registry that parses: nothing valid to write",
      details: [:])
  }

  static func mergeIssues(base: [UInt8]?, ours: [UInt8], theirs: [UInt8]) throws -> Outcome {
    let baseIssue = base.flatMap { try? decodeIssue($0, "base") }
    var notes: [String] = []
    let merged: Issue
    switch (Result { try decodeIssue(ours, "ours") }, Result { try decodeIssue(theirs, "theirs") }) {
    case (.success(let ourIssue), .success(let theirIssue)):
      merged = try IssueMerge.merge(base: baseIssue, ours: ourIssue, theirs: theirIssue)
    case (.failure(let error), .success(let theirIssue)):
      merged = unparsable(kept: theirIssue, side: "ours", error)
      notes.append("ours did not parse (\(reason(error))): kept theirs, conflict recorded")
    case (.success(let ourIssue), .failure(let error)):
      merged = unparsable(kept: ourIssue, side: "theirs", error)
      notes.append("theirs did not parse (\(reason(error))): kept ours, conflict recorded")
    case (.failure(let error), .failure):
      throw JitError(
        .mergeFailed, "neither side parses as an issue (ours: \(reason(error))): nothing valid to write",
        details: ["reason": .string(reason(error))])
    }
    let bytes = try JSONCoding.encodeFile(merged)
    _ = try decodeIssue(bytes, "merged")  // the result must read back as an issue
    let before = Set(baseIssue?.mergeConflicts ?? [])
    let conflicts = merged.mergeConflicts.filter { !before.contains($0) }
    return Outcome(bytes: bytes, issue: merged.id, conflicts: conflicts, notes: notes)
  }

  /// The side that parses, with the other side's failure recorded as a conflict on `file`.
  static func unparsable(kept issue: Issue, side: String, _ error: any Error) -> Issue {
    var issue = issue
    let failure = JSONValue.string("did not parse: " + reason(error))
    let keptSide = side == "ours" ? "theirs" : "ours"
    var conflicts = issue.mergeConflicts.filter { $0.field != "file" }
    conflicts.append(
      MergeConflict(
        field: "file", base: .null, ours: side == "ours" ? failure : .null,
        theirs: side == "theirs" ? failure : .null, kept: keptSide))
    issue.mergeConflicts = conflicts
    return issue
  }

  static func decodeIssue(_ bytes: [UInt8], _ side: String) throws -> Issue {
    try JSONCoding.decodeFile(Issue.self, bytes, path: side)
  }

  static func reason(_ error: any Error) -> String {
    (error as? JitError)?.message ?? "\(error)"
  }

  static func parse(_ bytes: [UInt8]) -> JSONValue? {
    try? JSONCoding.decodeFile(JSONValue.self, bytes, path: "")
  }

  static func isIssue(_ value: JSONValue?) -> Bool {
    guard case .object(let object)? = value else { return false }
    return object["id"]?.stringValue != nil && object["created_at"] != nil
  }

  static func isRegistry(_ value: JSONValue?) -> Bool {
    guard case .object(let object)? = value else { return false }
    return object.values.allSatisfy { if case .object = $0 { true } else { false } }
  }
}
