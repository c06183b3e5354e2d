import Dispatch
import FoundationEssentials
import Synchronization

/// Checks a repository that someone may have edited or merged by hand.
///
/// It reads every file on its own, so one broken file never hides the others: each file is read
/// and decoded once, the maps are built once, and every check is linear in the size of the
/// repository. Findings are `Diagnostic` values; nothing is thrown.
public struct RepositoryValidator: Sendable {
  public let layout: RepositoryLayout
  /// The environment git and ssh-keygen run with to check gate evidence against the code and the
  /// keys; nil skips those checks.
  public let environment: [String: String]?
  /// The repository whose checkout and `.jit/allowed_signers` that audit uses: `layout` itself,
  /// or, when `layout` is a database store's export, the repository it was exported from.
  public let workspace: RepositoryLayout

  public init(
    layout: RepositoryLayout, environment: [String: String]? = nil, workspace: RepositoryLayout? = nil
  ) {
    self.layout = layout
    self.environment = environment
    self.workspace = workspace ?? layout
  }

  /// What a validation found: the diagnostics, and the state repairs that are safe to make.
  public struct Findings: Sendable {
    public var diagnostics: [Diagnostic] = []
    /// Derived states (backlog/ready) that are wrong, and gated issues whose gates all passed.
    public var repairs: [StateRepair] = []
    /// How many issue files were read.
    public var issueCount = 0
  }

  /// Runs every check, after rolling back a write a dead process left half done (as every command
  /// does before it reads), so that validation never reports the middle of an interrupted write.
  public func validate() -> Findings {
    if FileJournal.isPending(layout) { _ = try? JSONFileStore(layout: layout).withSession(.exclusive) {} }
    return run().findings
  }

  /// Runs every check, and hands back the issue files it read.
  func run() -> (findings: Findings, files: IssueFiles) {
    var findings = Findings()
    if let directory = layout.linkedDirectory() {
      let path = layout.relative(directory)
      findings.diagnostics.append(
        Diagnostic(
          .error, .specialFile, path: path,
          message: "\(path) is a symbolic link, so every command refuses the repository: replace the link "
            + "with the folder it points to (or, for cache/ and run/, delete it)"))
      return (findings, IssueFiles())
    }
    checkIndex(into: &findings)
    checkJournal(into: &findings)
    let registry = readGates(into: &findings)
    let files = readIssues(into: &findings)
    findings.issueCount = files.issues.count + files.unreadable.count
    IssueChecks(layout: layout, issues: files.issues, unreadable: files.unreadable, registry: registry)
      .run(into: &findings)
    checkApprovals(files.issues, registry: registry, into: &findings)
    checkEvents(into: &findings)
    return (findings, files)
  }

  /// The report for people and agents.
  public func report() -> ValidationReport {
    let findings = validate()
    return ValidationReport(diagnostics: findings.diagnostics, issueCount: findings.issueCount)
  }

  // MARK: index.json

  /// A journal that could not be read when its write was to be rolled back (see `FileJournal`).
  func checkJournal(into findings: inout Findings) {
    let path = FileJournal.unreadablePath(layout)
    guard FileSystem.exists(path) else { return }
    findings.diagnostics.append(
      Diagnostic(
        .warning, .unreadable, path: layout.relative(path),
        message: "a write was interrupted and its journal could not be read, so it was not rolled back: "
          + "the errors below (if any) are what it left; fix them (--fix repairs derived states), then "
          + "delete \(layout.relative(path))"))
  }

  func checkIndex(into findings: inout Findings) {
    let path = layout.relative(layout.indexFile)
    let bytes: [UInt8]
    do {
      guard let read = try layout.read(layout.indexFile) else {
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
      guard let read = try layout.read(layout.gatesFile) else {
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
      } else if let plugin = definition.plugin, !GateDefinition.isValidPluginName(plugin) {
        findings.diagnostics.append(
          Diagnostic(
            .error, .invalidGates, path: path,
            message:
              "gate '\(key)' in \(path) names plugin '\(plugin)', which is not a plain file name under "
              + ".jit/plugins/: name the file only (no '/' or '..')"))
      } else if let threshold = definition.coverageThreshold, !(0...100).contains(threshold) {
        findings.diagnostics.append(
          Diagnostic(
            .error, .invalidGates, path: path,
            message: "gate '\(key)' in \(path) has coverage_threshold \(threshold), outside 0-100: correct it"
          ))
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
      names = try FileSystem.list(directory)
    } catch {
      findings.diagnostics.append(unreadable(layout.relative(directory), error))
      return files
    }
    var candidates: [(id: IssueID, name: String)] = []
    candidates.reserveCapacity(names.count)
    for name in names where name != ".gitkeep" {
      if name.hasSuffix(".json"), let id = IssueID(String(name.dropLast(5))) {
        candidates.append((id, name))
        continue
      }
      let path = layout.relative(directory + "/" + name)
      findings.diagnostics.append(
        Diagnostic(
          .warning, .unexpectedFile, path: path,
          message: name.hasSuffix(".tmp")
            ? "\(path) is left over from an interrupted write: delete it"
            : "\(path) is not an issue file (issues are named <ULID>.json), so jit ignores it: move it "
              + "out of \(layout.relative(directory))"))
    }
    // Reading and decoding is most of the work: spread it over the cores, in chunks.
    let chunkSize = max(256, candidates.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)
    let chunks = stride(from: 0, to: candidates.count, by: chunkSize).map {
      Array(candidates[$0..<min($0 + chunkSize, candidates.count)])
    }
    let results = Mutex([[IssueFileResult]](repeating: [], count: chunks.count))
    DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
      let decoder = JSONDecoder()
      let read = chunks[index].map { readIssue($0.id, name: $0.name, decoder: decoder) }
      results.withLock { $0[index] = read }
    }
    files.issues.reserveCapacity(candidates.count)
    for result in results.withLock({ $0 }).joined() {
      switch result {
      case .issue(let id, let issue, let diagnostic):
        files.issues[id] = issue
        if let diagnostic { findings.diagnostics.append(diagnostic) }
      case .failed(let id, let diagnostic):
        files.unreadable.insert(id)
        findings.diagnostics.append(diagnostic)
      case .vanished:
        continue
      }
    }
    return files
  }

  enum IssueFileResult: Sendable {
    /// It decoded; with an `ID_MISMATCH` diagnostic if its id disagrees with its name.
    case issue(IssueID, Issue, Diagnostic?)
    /// It cannot be read or decoded.
    case failed(IssueID, Diagnostic)
    /// It was removed while we looked.
    case vanished
  }

  func readIssue(_ id: IssueID, name: String, decoder: JSONDecoder) -> IssueFileResult {
    let fullPath = layout.issuesDirectory + "/" + name
    let path = layout.relative(fullPath)
    let bytes: [UInt8]
    do {
      guard let read = try layout.read(fullPath) else { return .vanished }
      bytes = read
    } catch {
      return .failed(id, unreadable(path, error, id: id))
    }
    let issue: Issue
    if let parsed = IssueFileParser.parse(bytes) {
      issue = parsed
    } else {
      do {
        issue = try decoder.decode(Issue.self, from: Data(bytes))
      } catch {
        return .failed(id, decodingDiagnostic(error, bytes: bytes, path: path, id: id))
      }
    }
    guard issue.id != id || String(name.dropLast(5)) != id.rawValue else { return .issue(id, issue, nil) }
    return .issue(
      id, issue,
      Diagnostic(
        .error, .idMismatch, path: path, issueID: id,
        message: issue.id != id
          ? "\(path) holds issue \(issue.id), but its file name says \(id): rename the file to "
            + "\(issue.id).json, or set its \"id\" to \(id)"
          : "\(path) is not named in capitals, so jit cannot find it: rename it to \(id).json"))
  }

  func decodingDiagnostic(_ error: any Error, bytes: [UInt8], path: String, id: IssueID) -> Diagnostic {
    if let error = error as? DecodingError, case .dataCorrupted(let context) = error,
      let last = context.codingPath.last?.stringValue, last == "assignee" || last == "updated_by"
    {
      let field = context.codingPath.map(\.stringValue).joined(separator: ".")
      return Diagnostic(
        .error, .malformedActor, path: path, issueID: id,
        message: "\(path): \(field): \(context.debugDescription) (such as human:alice or agent:copilot-1): "
          + "correct it, or set it to null")
    }
    if let line = JSONCoding.conflictMarkerLine(bytes) {
      return Diagnostic(
        .error, .parseError, path: path, issueID: id,
        message:
          "\(path) holds git conflict markers (line \(line)): resolve the merge in it (or 'git checkout "
          + "--ours/--theirs \(path)'), then 'git add' it; until then commands pass over it")
    }
    return Diagnostic(
      .error, .parseError, path: path, issueID: id,
      message: "\(path) does not parse: \(Self.reason(error)); fix it by hand or restore it from git "
        + "(commands pass over it until then)")
  }

  // MARK: events.jsonl

  func checkEvents(into findings: inout Findings) {
    let path = layout.relative(layout.eventsFile)
    let bytes: [UInt8]
    do {
      guard let read = try layout.read(layout.eventsFile, limit: RepositoryLayout.eventLogSizeLimit) else {
        return
      }
      bytes = read
    } catch {
      findings.diagnostics.append(unreadable(path, error))
      return
    }
    // Lines are independent: check them in chunks on every core. Line numbers are 1-based.
    let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
    let chunkSize = max(1024, lines.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)
    let starts = Array(stride(from: 0, to: lines.count, by: chunkSize))
    let results = Mutex([[Diagnostic]](repeating: [], count: starts.count))
    DispatchQueue.concurrentPerform(iterations: starts.count) { chunk in
      let decoder = JSONDecoder()
      var found: [Diagnostic] = []
      for index in starts[chunk]..<min(starts[chunk] + chunkSize, lines.count) {
        let line = lines[index]
        if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) || EventLineScanner.isCertainlyValid(line) {
          continue
        }
        do {
          // The same decoding `jit events` uses, so that both agree on what is malformed.
          _ = try decoder.decode(Event.self, from: Data(line))
        } catch {
          found.append(
            Diagnostic(
              .error, .malformedEvent, path: path,
              message: "line \(index + 1) of \(path) is not a valid event (\(Self.reason(error))): fix or "
                + "delete that line (a merge that kept conflict markers is the usual cause)",
              line: index + 1))
        }
      }
      results.withLock { $0[chunk] = found }
    }
    findings.diagnostics.append(contentsOf: results.withLock { $0 }.joined())
  }

  // MARK: helpers

  func unreadable(_ path: String, _ error: any Error, id: IssueID? = nil) -> Diagnostic {
    if let error = error as? JitError, case .string(let refused)? = error.details["refused"],
      refused.contains("permission denied")
    {
      return Diagnostic(
        .error, .unreadable, path: path, issueID: id,
        message: "\(path): \(refused), so commands pass over it: let this user read it ('chmod a+r \(path)')")
    }
    if let error = error as? JitError, case .string(let refused)? = error.details["refused"] {
      return Diagnostic(
        .error, .specialFile, path: path, issueID: id,
        message:
          "\(path): \(refused), so jit does not read it (commands pass over it): replace it with a regular file (restore it from git) or "
          + "remove it")
    }
    return Diagnostic(
      .error, .unreadable, path: path, issueID: id,
      message: "\(path) cannot be read (\(Self.reason(error))): restore it from git ('jit init' recreates "
        + "what is missing) or correct its permissions")
  }

  static func reason(_ error: any Error) -> String {
    if let error = error as? DecodingError { return JSONCoding.describe(error) }
    if let error = error as? JitError { return error.message }
    return "\(error)"
  }
}
