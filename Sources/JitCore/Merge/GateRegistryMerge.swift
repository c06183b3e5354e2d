/// The three-way merge of `.jit/gates.json`, gate by gate: a gate added on either side is kept; one
/// removed on one side and unchanged on the other is removed; one changed on one side takes that
/// side's definition; one both sides changed is merged field by field, and a field both changed
/// differently keeps ours (the registry has no timestamps to order them), with a note.
public enum GateRegistryMerge {
  /// The merged registry. `MERGE_FAILED` when neither side parses as a registry.
  public static func merge(base: [UInt8]?, ours: [UInt8], theirs: [UInt8]) throws -> MergeDriver.Outcome {
    let baseGates = base.flatMap(objects) ?? [:]
    var notes: [String] = []
    let ourGates: [String: JSONValue]
    let theirGates: [String: JSONValue]
    switch (objects(ours), objects(theirs)) {
    case (let mine?, let other?): (ourGates, theirGates) = (mine, other)
    case (nil, let other?):
      (ourGates, theirGates) = (other, other)
      notes.append("ours did not parse as a gate registry: kept theirs")
    case (let mine?, nil):
      (ourGates, theirGates) = (mine, mine)
      notes.append("theirs did not parse as a gate registry: kept ours")
    case (nil, nil):
      throw JitError(.mergeFailed, "neither side parses as a gate registry: nothing valid to write")
    }
    var merged: [String: JSONValue] = [:]
    for key in Set(ourGates.keys).union(theirGates.keys).sorted() {
      let (old, mine, other) = (baseGates[key], ourGates[key], theirGates[key])
      if mine == other || other == old {
        merged[key] = mine
      } else if mine == old {
        merged[key] = other
      } else if case .object(let ourFields)? = mine, case .object(let theirFields)? = other {
        var oldFields: [String: JSONValue] = [:]
        if case .object(let fields)? = old { oldFields = fields }
        var fields: [String: JSONValue] = [:]
        for field in Set(ourFields.keys).union(theirFields.keys).sorted() {
          let value = IssueMerge.pick(
            oldFields[field], ourFields[field], theirFields[field], theirsLater: false)
          if ourFields[field] != theirFields[field], ourFields[field] != oldFields[field],
            theirFields[field] != oldFields[field]
          {
            notes.append("gate \(key): both sides changed '\(field)': kept ours")
          }
          fields[field] = value
        }
        merged[key] = .object(fields)
      } else {
        // One side removed a gate the other changed: the change is kept.
        merged[key] = mine ?? other
        notes.append("gate \(key): removed on one side and changed on the other: kept the change")
      }
    }
    let bytes = try JSONCoding.encodeFile(JSONValue.object(merged))
    _ = try JSONCoding.decodeFile(GateRegistry.self, bytes, path: "merged gates.json")
    return MergeDriver.Outcome(bytes: bytes, issue: nil, conflicts: [], notes: notes)
  }

  static func objects(_ bytes: [UInt8]) -> [String: JSONValue]? {
    guard !bytes.isEmpty, case .object(let object)? = MergeDriver.parse(bytes),
      MergeDriver.isRegistry(.object(object))
    else { return nil }
    return object
  }
}
