import FoundationEssentials
import JitCore

/// The exports `jit import` reads, each turned into drafts (`ImportDraft`): their ids kept in
/// `context.imported_from`, priorities mapped, dependencies as keys of the same export.
public enum ImportFormat: String, Sendable, CaseIterable {
  /// beads' JSONL export (`bd export`): one issue a line; priority 0-4; `blocks` dependencies.
  case beads
  /// `gh issue list --json number,title,body,labels,assignees,state`: an array; "depends on #N" or
  /// "blocked by #N" in a body is a dependency.
  case github
  /// `task export`: an array (or one task a line); `depends` as uuids.
  case taskwarrior

  /// The drafts in `text`; `INVALID_IMPORT` (with the line or element) for what is not the format.
  public func drafts(_ text: String) throws -> [ImportDraft] {
    let records = try Self.records(text, lines: self == .beads)
    return try records.enumerated().map { index, record in
      guard case .object(let object) = record else { throw Self.invalid(index, "is not an object") }
      switch self {
      case .beads: return try Self.beads(object, index)
      case .github: return try Self.github(object, index)
      case .taskwarrior: return try Self.taskwarrior(object, index)
      }
    }
  }

  static func invalid(_ index: Int, _ problem: String) -> JitError {
    JitError(
      .invalidImport, "record \(index + 1) of the export \(problem)",
      details: ["record": .int(Int64(index + 1))])
  }

  /// A JSON array, or JSON lines (beads always; Taskwarrior before 2.6).
  static func records(_ text: String, lines: Bool) throws -> [JSONValue] {
    let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    if !lines, trimmed.hasPrefix("[") {
      guard case .array(let values) = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8))
      else {
        throw JitError(.invalidImport, "the export is not a JSON array", details: [:])
      }
      return values
    }
    var values: [JSONValue] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
      guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else {
        throw JitError(
          .invalidImport, "line \(number + 1) of the export is not JSON",
          details: ["line": .int(Int64(number + 1))])
      }
      values.append(value)
    }
    return values
  }

  static func string(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let text): return text
    case .int(let number): return String(number)
    default: return nil
    }
  }

  static func strings(_ value: JSONValue?, key: String? = nil) -> [String] {
    guard case .array(let values) = value else { return [] }
    return values.compactMap { value in
      if let key, case .object(let object) = value { return string(object[key]) }
      return string(value)
    }
  }

  static func beads(_ object: [String: JSONValue], _ index: Int) throws -> ImportDraft {
    guard let key = string(object["id"]) else { throw invalid(index, "has no id") }
    let priority: Priority
    switch object["priority"] {
    case .int(0): priority = .critical
    case .int(1): priority = .high
    case .int(2), nil: priority = .normal
    case .int(3), .int(4): priority = .low
    default: throw invalid(index, "has a priority that is not 0 to 4")
    }
    var dependencies: [String] = []
    var related: [String] = []
    if case .array(let edges) = object["dependencies"] {
      for case .object(let edge) in edges {
        guard let target = string(edge["depends_on_id"]) else { continue }
        if (string(edge["type"]) ?? "blocks") == "blocks" {
          dependencies.append(target)
        } else {
          related.append(target)
        }
      }
    }
    var context = ["imported_from": "beads:" + key]
    if let type = string(object["issue_type"]) { context["type"] = type }
    let labels = strings(object["labels"])
    if !labels.isEmpty { context["labels"] = labels.joined(separator: ",") }
    if !related.isEmpty { context["related"] = related.joined(separator: ",") }
    return ImportDraft(
      key: key, title: string(object["title"]) ?? "", description: string(object["description"]) ?? "",
      priority: priority, done: string(object["status"]) == "closed",
      assignee: string(object["assignee"]).flatMap { $0.isEmpty ? nil : Actor.typed($0) },
      dependencies: dependencies, context: context)
  }

  static func github(_ object: [String: JSONValue], _ index: Int) throws -> ImportDraft {
    guard let number = string(object["number"]) else { throw invalid(index, "has no number") }
    let body = string(object["body"]) ?? ""
    var dependencies: [String] = []
    for line in body.lowercased().split(separator: "\n") {
      for marker in ["depends on #", "blocked by #"] {
        for piece in line.split(separator: marker, omittingEmptySubsequences: false).dropFirst() {
          let digits = piece.prefix { $0.isNumber }
          if !digits.isEmpty, !dependencies.contains("#" + digits) { dependencies.append("#" + digits) }
        }
      }
    }
    let labels = strings(object["labels"], key: "name")
    var context = ["imported_from": "github:#" + number]
    if !labels.isEmpty { context["labels"] = labels.joined(separator: ",") }
    let priority: Priority =
      labels.contains { $0.lowercased().contains("critical") }
      ? .critical
      : labels.contains { $0.lowercased().contains("high") || $0.lowercased() == "urgent" } ? .high : .normal
    let login = strings(object["assignees"], key: "login").first
    return ImportDraft(
      key: "#" + number, title: string(object["title"]) ?? "", description: body, priority: priority,
      done: string(object["state"])?.uppercased() == "CLOSED",
      assignee: login.flatMap { Actor("human:" + $0) },
      dependencies: dependencies, context: context)
  }

  static func taskwarrior(_ object: [String: JSONValue], _ index: Int) throws -> ImportDraft {
    guard let uuid = string(object["uuid"]) else { throw invalid(index, "has no uuid") }
    let priority: Priority =
      switch string(object["priority"]) {
      case "H": .high
      case "L": .low
      default: .normal
      }
    // `depends` is an array of uuids since 2.6, a comma-separated string before.
    var dependencies = strings(object["depends"])
    if case .string(let list) = object["depends"] {
      dependencies = list.split(separator: ",").map(String.init)
    }
    var context = ["imported_from": "taskwarrior:" + uuid]
    if let project = string(object["project"]) { context["project"] = project }
    let tags = strings(object["tags"])
    if !tags.isEmpty { context["tags"] = tags.joined(separator: ",") }
    let notes = strings(object["annotations"], key: "description")
    let status = string(object["status"]) ?? "pending"
    return ImportDraft(
      key: uuid, title: string(object["description"]) ?? "", description: notes.joined(separator: "\n"),
      priority: priority, done: status == "completed" || status == "deleted", dependencies: dependencies,
      context: context)
  }
}

extension JitApplication {
  /// Imports another tracker's export in one write (`--dry-run`: checks it and writes nothing).
  public func importIssues(
    _ format: ImportFormat, file: String, dryRun: Bool = false, by: String? = nil
  ) throws -> ImportResult {
    let actor = try actor(by)
    let path = configuration.absolute(file)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw JitError(.invalidImport, "cannot read \(file)", details: ["path": .string(path)])
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw JitError(.invalidImport, "\(file) is not UTF-8 text", details: ["path": .string(path)])
    }
    return try tracker.importIssues(try format.drafts(text), by: actor, dryRun: dryRun)
  }
}
