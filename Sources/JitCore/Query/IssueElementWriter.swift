/// Writes `IssueJSON.element` directly, byte for byte what `JSONEncoder` (pretty-printed, sorted
/// keys, unescaped slashes, empty containers compacted) writes for the element view, without the
/// encoder's boxing: building the index renders every issue, and the encoder was most of that cost.
///
/// It answers only for issues whose every field it knows; an issue with fields jit does not know
/// (`otherFields`) or with gate evidence gets nil, and is rendered by the encoder.
/// `IssueElementWriterTests` holds the two to byte equality.
enum IssueElementWriter {
  static func element(_ issue: Issue) -> [UInt8]? {
    guard issue.otherFields.isEmpty, issue.hold == nil,
      issue.gatesStatus.values.allSatisfy({ $0.evidence == nil })
    else {
      return nil
    }
    var out: [UInt8] = []
    out.reserveCapacity(768)
    out.append(contentsOf: "  {\n".utf8)
    if let archivedFrom = issue.archivedFrom { field("archived_from", archivedFrom.rawValue, &out) }
    if let assignee = issue.assignee {
      field("assignee", assignee.description, &out)
    } else {
      key("assignee", &out)
      out.append(contentsOf: "null,\n".utf8)
    }
    if issue.attempts > 0 {
      key("attempts", &out)
      out.append(contentsOf: "\(issue.attempts),\n".utf8)
    }
    if issue.claimGeneration > 0 {
      key("claim_generation", &out)
      out.append(contentsOf: "\(issue.claimGeneration),\n".utf8)
    }
    key("context", &out)
    object(issue.context.keys, &out) { name, out in
      key(name, &out, indent: 6)
      IssueJSON.appendQuoted(issue.context[name] ?? "", to: &out)
    }
    field("created_at", issue.createdAt.description, &out)
    key("dependencies", &out)
    array(issue.dependencies.map(\.rawValue), &out)
    field("description", issue.description, &out)
    if !issue.externalDependencies.isEmpty {
      key("external_dependencies", &out)
      array(issue.externalDependencies.map(\.description), &out)
    }
    key("gates_required", &out)
    array(issue.gatesRequired, &out)
    key("gates_status", &out)
    object(issue.gatesStatus.keys, &out) { name, out in
      let status = issue.gatesStatus[name] ?? GateStatus()
      key(name, &out, indent: 6)
      out.append(contentsOf: "{\n".utf8)
      var lines: [(String, String)] = [("status", status.status.rawValue)]
      if let updatedAt = status.updatedAt { lines.append(("updated_at", updatedAt.description)) }
      if let updatedBy = status.updatedBy { lines.append(("updated_by", updatedBy.description)) }
      for (index, line) in lines.enumerated() {
        key(line.0, &out, indent: 8)
        IssueJSON.appendQuoted(line.1, to: &out)
        out.append(contentsOf: index == lines.count - 1 ? "\n".utf8 : ",\n".utf8)
      }
      out.append(contentsOf: "      }".utf8)
    }
    if !issue.heldBy.isEmpty {
      key("held_by", &out)
      array(issue.heldBy.map(\.description), &out)
    }
    field("id", issue.id.rawValue, &out)
    field("priority", issue.priority.rawValue, &out)
    field("short_id", issue.id.short, &out)
    field("state", issue.state.rawValue, &out)
    field("title", issue.title, &out)
    key("updated_at", &out)
    IssueJSON.appendQuoted(issue.updatedAt.description, to: &out)
    out.append(contentsOf: "\n  }".utf8)
    return out
  }

  /// `"name" : ` at `indent` spaces.
  private static func key(_ name: String, _ out: inout [UInt8], indent: Int = 4) {
    out.append(contentsOf: repeatElement(32, count: indent))
    IssueJSON.appendQuoted(name, to: &out)
    out.append(contentsOf: " : ".utf8)
  }

  /// A string member followed by a comma.
  private static func field(_ name: String, _ value: String, _ out: inout [UInt8]) {
    key(name, &out)
    IssueJSON.appendQuoted(value, to: &out)
    out.append(contentsOf: ",\n".utf8)
  }

  /// An array of strings as a member's value, followed by a comma.
  private static func array(_ values: [String], _ out: inout [UInt8]) {
    guard !values.isEmpty else { return out.append(contentsOf: "[],\n".utf8) }
    out.append(contentsOf: "[\n".utf8)
    for (index, value) in values.enumerated() {
      out.append(contentsOf: repeatElement(32, count: 6))
      IssueJSON.appendQuoted(value, to: &out)
      out.append(contentsOf: index == values.count - 1 ? "\n".utf8 : ",\n".utf8)
    }
    out.append(contentsOf: "    ],\n".utf8)
  }

  /// An object as a member's value, its keys in the encoder's order (by their UTF-8 bytes),
  /// followed by a comma.
  private static func object<Keys: Collection<String>>(
    _ keys: Keys, _ out: inout [UInt8], member: (String, inout [UInt8]) -> Void
  ) {
    guard !keys.isEmpty else { return out.append(contentsOf: "{},\n".utf8) }
    out.append(contentsOf: "{\n".utf8)
    let sorted = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    for (index, name) in sorted.enumerated() {
      member(name, &out)
      out.append(contentsOf: index == sorted.count - 1 ? "\n".utf8 : ",\n".utf8)
    }
    out.append(contentsOf: "    },\n".utf8)
  }
}
