import FoundationEssentials
import JitCore
import JitSystem

extension JitApplication {
  /// Checks the repository for what a hand edit or a merge broke; with `fix`, first repairs wrong
  /// derived states and gated issues whose gates all passed, and sets stale gates that count as
  /// pending back to pending (`gate stale --reset`), as `by` (else the default actor).
  /// A repository of another schema version is reported, not refused.
  public static func validate(
    _ configuration: JitConfiguration, fix: Bool, by: String? = nil,
    clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
  ) throws -> ValidationOutcome {
    let layout = try configuration.locate(verifyingSchema: false)
    // Resolved up front: a malformed --by is a usage error even when nothing needs repair.
    let actor = fix || by != nil ? try configuration.actor(by) : nil
    // The application is made once, when first needed: a repository of another schema version is
    // reported, so only the steps that need the store open it.
    var made: JitApplication?
    func application() throws -> JitApplication {
      if let made { return made }
      let application = try JitApplication(configuration, clock: clock)
      made = application
      return application
    }
    var repairs: [StateRepair] = []
    // Only take the lock and write when something needs repair (the check is made again under it
    // on the files; a database store's repair works from this export of it).
    if fix, let actor {
      repairs = try Self.validatedLayout(configuration, layout, application) { checked in
        guard !RepositoryValidator(layout: checked).validate().repairs.isEmpty else { return [] }
        let exported = checked.jitDirectory == layout.jitDirectory ? nil : checked
        return try application().tracker.repairStates(by: actor, exported: exported)
      }
    }
    var gateResets: [StaleGate] = []
    if fix, let actor {
      gateResets = try application().tracker.resetStaleGates(
        nil, by: actor, environment: configuration.checkerEnvironment)
    }
    var report = try Self.validatedLayout(configuration, layout, application) { checked in
      RepositoryValidator(layout: checked, environment: configuration.checkerEnvironment, workspace: layout)
        .report()
    }
    report.repairs = repairs
    report.gateResets = gateResets
    // External dependencies (warnings): read from the other repositories, never written.
    let external = (try? application().externalDiagnostics()) ?? []
    if !external.isEmpty {
      let resets = report.gateResets
      report = ValidationReport(
        diagnostics: report.diagnostics + external, repairs: report.repairs, issueCount: report.issueCount)
      report.gateResets = resets
    }
    let failure =
      report.isValid
      ? nil
      : JitError(
        .validationFailed,
        "validation found \(report.errorCount) error\(report.errorCount == 1 ? "" : "s")",
        details: ["errors": .int(Int64(report.errorCount))])
    return ValidationOutcome(report: report, failure: failure)
  }

  /// Runs `body` on the files the validator checks: the repository's own, or for a database store
  /// the files `store export` writes from it (the same bytes), in a temporary directory removed
  /// after. That directory is in memory (`/dev/shm`) when there is room: on a disk, creating
  /// 10,000 files took 1.9 s of the export's 2 s. Where `/dev/shm` is missing or too small (a
  /// container's is often 64 MB), `/tmp`.
  static func validatedLayout<T>(
    _ configuration: JitConfiguration, _ layout: RepositoryLayout, _ application: () throws -> JitApplication,
    _ body: (RepositoryLayout) throws -> T
  ) throws -> T {
    guard try StoreComposition.settings(layout).store != "files" else { return try body(layout) }
    let application = try application()
    func exported(under base: String) throws -> (root: String, path: String) {
      var template = Array("\(base)/jit-validate-XXXXXX".utf8CString)
      guard let made = mkdtemp(&template) else {
        throw JitError.io("cannot make a temporary directory", path: base)
      }
      let root = String(cString: made)
      do {
        return (root, try application.exportStore(into: root).1)
      } catch {
        removeTree(root)
        throw error
      }
    }
    let root: String
    let path: String
    do {
      guard FileSystem.isDirectory("/dev/shm") else { throw JitError.io("no /dev/shm", path: "/dev/shm") }
      (root, path) = try exported(under: "/dev/shm")
    } catch let error as JitError where error.code == .ioError {
      (root, path) = try exported(under: "/tmp")  // /dev/shm full, or not writable here
    }
    defer { removeTree(root) }
    return try body(RepositoryLayout(jitDirectory: path))
  }
}

/// Removes a directory jit made and everything in it (links are removed, never followed).
private func removeTree(_ path: String) {
  var status = stat()
  guard lstat(path, &status) == 0 else { return }
  if (status.st_mode & S_IFMT) == S_IFDIR {
    for name in (try? FileSystem.list(path)) ?? [] { removeTree(path + "/" + name) }
    rmdir(path)
  } else {
    unlink(path)
  }
}
