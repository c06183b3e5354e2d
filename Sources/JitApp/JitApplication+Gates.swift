import JitCore
import JitWire

extension JitApplication {
  /// The gate registry, ordered by key.
  public func gates() throws -> [GateDefinition] {
    let registry = try tracker.gateRegistry()
    return registry.gates.keys.sorted().compactMap { registry[$0] }
  }

  /// One gate and the issues that require it.
  public func gate(_ key: String) throws -> GateDetail {
    let key = try GateKey(key)
    let definition = try tracker.gateDefinition(key)
    return GateDetail(definition: definition, requiredBy: try tracker.issuesRequiring(key))
  }

  /// Adds a gate to the registry, or changes one with `update`.
  public func defineGate(_ spec: GateSpec, update: Bool, by: String? = nil) throws -> GateDefinitionResult {
    let (actor, approval) = try configuration.approver(by)
    return try tracker.defineGate(spec, update: update, by: actor, approval: approval)
  }

  /// Removes a gate from the registry.
  public func undefineGate(_ key: String, by: String? = nil) throws -> GateDefinition {
    let key = try GateKey(key)
    let (actor, approval) = try configuration.approver(by)
    return try tracker.undefineGate(key, by: actor, approval: approval)
  }

  /// Requires a gate on an issue.
  public func addGate(_ issue: String, _ key: String, by: String? = nil) throws -> GateChange {
    let actor = try actor(by)
    let key = try GateKey(key)
    return try tracker.addGate(reference(issue), key, by: actor)
  }

  /// Stops requiring a gate on an issue.
  public func removeGate(_ issue: String, _ key: String, by: String? = nil) throws -> GateChange {
    let (actor, approval) = try configuration.approver(by)
    let key = try GateKey(key)
    return try tracker.removeGate(reference(issue), key, by: actor, approval: approval)
  }

  /// Passes or fails a gate by hand; `override` passes a gate its checker decides (with a reason).
  /// An approval is signed with `signingKey`, else the configuration's.
  public func setGate(
    _ issue: String, _ key: String, to status: GateState, reason: String? = nil, by: String? = nil,
    override: Bool = false, signingKey: String? = nil, claim: String? = nil
  ) throws -> GateChange {
    let (actor, approval) = try configuration.approver(by, signingKey: signingKey)
    let key = try GateKey(key)
    return try tracker.setGate(
      reference(issue), key, to: status, by: actor, reason: reason, approval: approval, override: override,
      fence: configuration.fence(claim))
  }

  /// Runs the checkers of an issue's automated gates (one `key`, or all with a checker) with the
  /// configuration's checker environment, and records the verdicts. Checkers run in `workdir`
  /// (relative to the working directory; a directory that must exist), else the repository root.
  public func check(
    _ issue: String, key: String? = nil, by: String? = nil, workdir: String? = nil, claim: String? = nil
  ) throws -> GateCheckOutcome {
    let actor = try actor(by)
    let key = try key.map(GateKey.init)
    let directory = try workdir.map { path in
      let absolute = configuration.absolute(path)
      guard FileSystem.isDirectory(absolute) else {
        throw JitError.invalidArgument(
          "--workdir \(path) is not a directory", details: ["path": .string(path)])
      }
      return absolute
    }
    let report = try tracker.check(
      reference(issue), key: key, by: actor, environment: configuration.checkerEnvironment,
      workdir: directory, fence: configuration.fence(claim))
    return GateCheckOutcome(report: report, failure: GateCheckView.error(report))
  }

  /// The largest artifact `ingest` reads.
  public static let artifactSizeLimit = 256 << 20

  /// Passes or fails an automated gate from a CI artifact at `path` (relative to the working
  /// directory): `INVALID_ARTIFACT` when it is missing, unreadable, too large or malformed.
  public func ingest(
    _ issue: String, _ key: String, format: ArtifactFormat, path: String, threshold: Double? = nil,
    by: String? = nil, claim: String? = nil
  ) throws -> GateIngestOutcome {
    let absolute = configuration.absolute(path)
    let bytes: [UInt8]
    do {
      guard let read = try FileSystem.readRegular(absolute, limit: Self.artifactSizeLimit) else {
        throw JitError(
          .invalidArtifact, "\(path): no such file",
          details: ["path": .string(path), "format": .string(format.rawValue)])
      }
      bytes = read
    } catch let error as JitError where error.code == .ioError {
      throw JitError(
        .invalidArtifact, "\(path): cannot read it (\(error.message))", details: ["path": .string(path)])
    } catch FileSystem.ReadRefusal.notRegular(let kind) {
      throw JitError(
        .invalidArtifact, "\(path) is \(kind), not a regular file: ingest reads artifact files only",
        details: ["path": .string(path)])
    } catch FileSystem.ReadRefusal.tooLarge {
      throw JitError(.invalidArtifact, "\(path) is larger than 256 MiB", details: ["path": .string(path)])
    }
    let reading = try ArtifactReading.read(bytes, format: format, path: path)
    // An artifact that names its commit is bound to that; else to the code here and now.
    let code =
      reading.commit == nil
      ? GitWorkspace(root: layout.rootDirectory, environment: configuration.checkerEnvironment).current()
      : nil
    let actor = try actor(by)
    let key = try GateKey(key)
    let report = try tracker.ingest(
      reference(issue), key, reading: reading, artifact: layout.relative(absolute), threshold: threshold,
      code: code, by: actor, fence: configuration.fence(claim))
    return GateIngestOutcome(report: report, failure: GateIngestView.error(report))
  }
}

extension JitApplication {
  /// Passed gates whose evidence no longer matches the code: of one issue, else of every open issue
  /// (every issue with `includeClosed`).
  public func staleGates(_ issue: String? = nil, includeClosed: Bool = false) throws -> [StaleGate] {
    try tracker.staleGates(
      issue.map(reference), includeClosed: includeClosed, environment: configuration.checkerEnvironment)
  }

  /// Sets the stale gates that count as pending back to pending; returns them.
  public func resetStaleGates(_ issue: String? = nil, by: String? = nil) throws -> [StaleGate] {
    let actor = try actor(by)
    return try tracker.resetStaleGates(
      issue.map(reference), by: actor, environment: configuration.checkerEnvironment)
  }
}
