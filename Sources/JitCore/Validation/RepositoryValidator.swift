#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Checks a repository that someone may have edited or merged by hand.
///
/// It reads every file on its own, so one broken file never hides the others: each file is read
/// and decoded once, the maps are built once, and every check is linear in the size of the
/// repository. Findings are `Diagnostic` values; nothing is thrown.
public struct RepositoryValidator: Sendable {
  public let layout: RepositoryLayout

  public init(layout: RepositoryLayout) { self.layout = layout }

  /// What a validation found: the diagnostics, and the state repairs that are safe to make.
  public struct Findings: Sendable {
    public var diagnostics: [Diagnostic] = []
    /// Derived states (backlog/ready) that are wrong, and gated issues whose gates all passed.
    public var repairs: [StateRepair] = []
    /// How many issue files were read.
    public var issueCount = 0
  }

  /// Runs every check.
  public func validate() -> Findings { run().findings }

  /// Runs every check, and hands back the issue files it read.
  func run() -> (findings: Findings, files: IssueFiles) {
    var findings = Findings()
    checkIndex(into: &findings)
    let registry = readGates(into: &findings)
    let files = readIssues(into: &findings)
    findings.issueCount = files.issues.count + files.unreadable.count
    IssueChecks(layout: layout, issues: files.issues, unreadable: files.unreadable, registry: registry)
      .run(into: &findings)
    checkEvents(into: &findings)
    return (findings, files)
  }

  /// The report for people and agents.
  public func report() -> ValidationReport {
    let findings = validate()
    return ValidationReport(diagnostics: findings.diagnostics, issueCount: findings.issueCount)
  }

  // MARK: index.json

  func checkIndex(into findings: inout Findings) {
    let path = layout.relative(layout.indexFile)
    let bytes: [UInt8]
    do {
      guard let read = try FileSystem.read(layout.indexFile) else {
        findings.diagnostics.append(
          Diagnostic(
            .warning, .invalidIndex, path: path,
            message: "\(path) is missing: run 'jit init' to recreate it (it changes nothing else)"))
        return
      }
      bytes = read
    } catch {
      findings.diagnostics.append(unreadable(path, error))
      return
    }
    let object: [String: JSONValue]
    do {
      object = try JSONDecoder().decode([String: JSONValue].self, from: Data(bytes))
    } catch {
      findings.diagnostics.append(
        Diagnostic(
          .error, .invalidIndex, path: path,
          message: "\(path) is not a JSON object (\(Self.reason(error))): restore it from git, or delete it "
            + "and run 'jit init'"))
      return
    }
    guard case .int(let version)? = object["schema_version"] else {
      findings.diagnostics.append(
        Diagnostic(
          .error, .invalidIndex, path: path,
          message: "\(path) has no integer schema_version: set \"schema_version\": "
            + "\(RepositoryLayout.schemaVersion)"))
      return
    }
    if version > RepositoryLayout.schemaVersion {
      findings.diagnostics.append(
        Diagnostic(
          .error, .unsupportedSchema, path: path,
          message: "\(path) says schema_version \(version), but this jit knows only up to "
            + "\(RepositoryLayout.schemaVersion): upgrade jit"))
    } else if version < 1 {
      findings.diagnostics.append(
        Diagnostic(
          .error, .invalidIndex, path: path,
          message: "\(path) says schema_version \(version), which no jit wrote: set \"schema_version\": "
            + "\(RepositoryLayout.schemaVersion)"))
    }
  }

  // MARK: gates.json

  /// The registry, or nil when it cannot be trusted (then gate checks are skipped).
  func readGates(into findings: inout Findings) -> GateRegistry? {
    let path = layout.relative(layout.gatesFile)
    let bytes: [UInt8]
    do {
      guard let read = try FileSystem.read(layout.gatesFile) else {
        findings.diagnostics.append(
          Diagnostic(
            .warning, .invalidGates, path: path,
            message: "\(path) is missing, so no gate is defined: run 'jit init' to recreate an empty registry"
          ))
        return GateRegistry()
      }
      bytes = read
    } catch {
      findings.diagnostics.append(unreadable(path, error))
      return nil
    }
    let registry: GateRegistry
    do {
      registry = try JSONDecoder().decode(GateRegistry.self, from: Data(bytes))
    } catch {
      findings.diagnostics.append(
        Diagnostic(
          .error, .invalidGates, path: path,
          message: "\(path) is not a valid gate registry (\(Self.reason(error))): fix it by hand or restore "
            + "it from git; gate checks were skipped"))
      return nil
    }
    var valid = true
    for (key, definition) in registry.gates.sorted(by: { $0.key < $1.key }) {
      if definition.key != key {
        valid = false
        findings.diagnostics.append(
          Diagnostic(
            .error, .invalidGates, path: path,
            message: "gate '\(key)' in \(path) says its key is '\(definition.key)': make them the same"))
      } else if !GateDefinition.isValidKey(key) {
        findings.diagnostics.append(
          Diagnostic(
            .error, .invalidGates, path: path,
            message: "'\(key)' in \(path) is not a valid gate key (1-64 of a-z, 0-9, '-', '_', '.'): "
              + "rename it"))
      }
    }
    return valid ? registry : nil
  }

  // MARK: issues/

  struct IssueFiles {
    /// Issues that decoded, by the id their file name gives.
    var issues: [IssueID: Issue] = [:]
    /// Issue files that exist but do not decode.
    var unreadable: Set<IssueID> = []
  }

  func readIssues(into findings: inout Findings) -> IssueFiles {
    var files = IssueFiles()
    let directory = layout.issuesDirectory
    let names: [String]
    do {
      names = try FileSystem.list(directory).sorted()
    } catch {
      findings.diagnostics.append(unreadable(layout.relative(directory), error))
      return files
    }
    files.issues.reserveCapacity(names.count)
    let decoder = JSONDecoder()
    for name in names where name != ".gitkeep" {
      let fullPath = directory + "/" + name
      let path = layout.relative(fullPath)
      guard name.hasSuffix(".json"), !FileSystem.isDirectory(fullPath),
        let id = IssueID(String(name.dropLast(5)))
      else {
        findings.diagnostics.append(
          Diagnostic(
            .warning, .unexpectedFile, path: path,
            message: name.hasSuffix(".tmp")
              ? "\(path) is left over from an interrupted write: delete it"
              : "\(path) is not an issue file (issues are named <ULID>.json), so jit ignores it: move it "
                + "out of \(layout.relative(directory))"))
        continue
      }
      let bytes: [UInt8]
      do {
        guard let read = try FileSystem.read(fullPath) else { continue }  // removed while we looked
        bytes = read
      } catch {
        findings.diagnostics.append(unreadable(path, error, id: id))
        files.unreadable.insert(id)
        continue
      }
      let issue: Issue
      do {
        issue = try decoder.decode(Issue.self, from: Data(bytes))
      } catch {
        findings.diagnostics.append(decodingDiagnostic(error, path: path, id: id))
        files.unreadable.insert(id)
        continue
      }
      if issue.id != id || String(name.dropLast(5)) != id.rawValue {
        findings.diagnostics.append(
          Diagnostic(
            .error, .idMismatch, path: path, issueID: id,
            message: issue.id != id
              ? "\(path) holds issue \(issue.id), but its file name says \(id): rename the file to "
                + "\(issue.id).json, or set its \"id\" to \(id)"
              : "\(path) is not named in capitals, so jit cannot find it: rename it to \(id).json"))
      }
      files.issues[id] = issue
    }
    return files
  }

  func decodingDiagnostic(_ error: any Error, path: String, id: IssueID) -> Diagnostic {
    if let error = error as? DecodingError, case .dataCorrupted(let context) = error,
      let last = context.codingPath.last?.stringValue, last == "assignee" || last == "updated_by"
    {
      let field = context.codingPath.map(\.stringValue).joined(separator: ".")
      return Diagnostic(
        .error, .malformedActor, path: path, issueID: id,
        message: "\(path): \(field) is not an actor of the form type:identifier (such as human:alice or "
          + "agent:copilot-1): correct it, or set it to null")
    }
    return Diagnostic(
      .error, .parseError, path: path, issueID: id,
      message: "\(path) does not parse: \(Self.reason(error)); fix it by hand or restore it from git")
  }

  // MARK: events.jsonl

  /// The fields every event line must have, decoded without the rest (which may be any JSON).
  private struct EventLine: Decodable {
    var ts: Timestamp
    var event: String
    var eventID: String?
    var id: IssueID?
    var by: Actor?

    enum CodingKeys: String, CodingKey {
      case ts, event, id, by
      case eventID = "event_id"
    }
  }

  func checkEvents(into findings: inout Findings) {
    let path = layout.relative(layout.eventsFile)
    let bytes: [UInt8]
    do {
      guard let read = try FileSystem.read(layout.eventsFile) else { return }
      bytes = read
    } catch {
      findings.diagnostics.append(unreadable(path, error))
      return
    }
    let decoder = JSONDecoder()
    var number = 0
    for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
      number += 1
      if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
      do {
        _ = try decoder.decode(EventLine.self, from: Data(line))
      } catch {
        findings.diagnostics.append(
          Diagnostic(
            .error, .malformedEvent, path: path,
            message: "line \(number) of \(path) is not a valid event (\(Self.reason(error))): fix or delete "
              + "that line (a merge that kept conflict markers is the usual cause)",
            line: number))
      }
    }
  }

  // MARK: helpers

  func unreadable(_ path: String, _ error: any Error, id: IssueID? = nil) -> Diagnostic {
    Diagnostic(
      .error, .unreadable, path: path, issueID: id,
      message: "\(path) cannot be read (\(Self.reason(error))): check its permissions")
  }

  static func reason(_ error: any Error) -> String {
    if let error = error as? DecodingError { return JSONCoding.describe(error) }
    if let error = error as? JitError { return error.message }
    return "\(error)"
  }
}
