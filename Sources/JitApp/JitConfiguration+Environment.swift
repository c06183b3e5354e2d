import JitCore

extension JitConfiguration {
  /// The configuration of a process started at a terminal or by an agent:
  ///
  /// - repository: `repositoryOverride` (`--repo`), else `JIT_DIR`, else a search upward from
  ///   `workingDirectory`;
  /// - actor: `JIT_ACTOR` (`INVALID_ACTOR` if it is not `type:identifier`), else `human:$USER` (or
  ///   `$LOGNAME`), assumed: never an approver; with neither, nobody, and a call that needs an actor
  ///   fails with `INVALID_ACTOR`;
  /// - signing key: `JIT_SIGNING_KEY`;
  /// - claim: `JIT_CLAIM` (with `JIT_ISSUE_ID` for a bare generation);
  /// - lock timeout: `JIT_LOCK_TIMEOUT` seconds from 0 to 86400 (`INVALID_ARGUMENT` otherwise),
  ///   default 30;
  /// - index: on unless `JIT_NO_INDEX` is set to anything but `0`;
  /// - database store: `JIT_DATABASE_URL`, else libpq's own environment and service files.
  ///
  /// A bad `JIT_ACTOR` is an error only for a call that needs the default actor; a bad
  /// `JIT_LOCK_TIMEOUT` is thrown here.
  public static func fromEnvironment(
    workingDirectory: String, environment: [String: String], repositoryOverride: String? = nil
  ) throws -> JitConfiguration {
    let repository: Repository
    if let explicit = repositoryOverride ?? environment["JIT_DIR"], !explicit.isEmpty {
      repository = .explicit(explicit)
    } else {
      repository = .search(from: workingDirectory)
    }
    let plain = environment["JIT_NO_INDEX"].map { !$0.isEmpty && $0 != "0" } ?? false
    var configuration = JitConfiguration(
      repository: repository, defaultActor: defaultActor(environment),
      lockTimeout: try lockTimeout(environment), usesIndex: !plain, checkerEnvironment: environment,
      workingDirectory: workingDirectory)
    if let key = environment["JIT_SIGNING_KEY"], !key.isEmpty { configuration.signingKey = key }
    configuration.claim = environment["JIT_CLAIM"]
    configuration.claimIssue = environment["JIT_ISSUE_ID"]
    if let url = environment["JIT_DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
    return configuration
  }

  /// `JIT_LOCK_TIMEOUT` seconds, default 30.
  static func lockTimeout(_ environment: [String: String]) throws -> Duration {
    guard let text = environment["JIT_LOCK_TIMEOUT"], !text.isEmpty else { return .seconds(30) }
    // Decimal only: Double also reads "0x10" and "1e3", which nobody means as seconds.
    let decimal = text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 }
    guard decimal, let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
      throw JitError.invalidArgument(
        "JIT_LOCK_TIMEOUT='\(text)' is not a number of seconds from 0 to 86400",
        details: ["input": .string(text), "source": "JIT_LOCK_TIMEOUT"])
    }
    return .milliseconds(Int64(seconds * 1000))
  }

  /// `JIT_ACTOR`, else `human:$USER`, else nobody (with the error a call needing one fails with).
  static func defaultActor(_ environment: [String: String]) -> DefaultActor {
    if let fromEnvironment = environment["JIT_ACTOR"], !fromEnvironment.isEmpty {
      guard let actor = Actor.typed(fromEnvironment) else {
        return .unknown(
          JitError(
            .invalidActor,
            "JIT_ACTOR='\(fromEnvironment)' is not an actor: write type:identifier, such as agent:copilot-1, "
              + "or a bare name for an agent",
            details: ["input": .string(fromEnvironment), "source": "JIT_ACTOR"]))
      }
      return .known(actor)
    }
    // A person at a terminal: their login name. Nobody is assumed when there is none, since a
    // made-up human could pass manual gates.
    guard let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty,
      let actor = Actor("human:" + user)
    else {
      return .unknown(
        JitError(
          .invalidActor, "who is acting is unknown: pass --by (or --to) type:identifier, or set JIT_ACTOR",
          details: ["source": "environment"]))
    }
    return .assumed(actor)
  }
}
