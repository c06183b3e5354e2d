import JitCore
import JitIndex
import JitWire

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Everything a command needs from the world, handed to it rather than read from globals: the
/// working directory, the environment, the clock and where output goes.
public struct CommandContext: Sendable {
  public let workingDirectory: String
  public let environment: [String: String]
  public let output: any TextOutput
  public let clock: @Sendable () -> Timestamp
  /// The `--repo` option, if given.
  public let repositoryOverride: String?
  public let renderer: Renderer

  public init(
    workingDirectory: String, environment: [String: String], output: any TextOutput, json: Bool,
    repositoryOverride: String?, clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
  ) {
    self.workingDirectory = workingDirectory
    self.environment = environment
    self.output = output
    self.clock = clock
    self.repositoryOverride = repositoryOverride
    self.renderer = Renderer(output: output, json: json)
  }

  public var json: Bool { renderer.json }

  /// The repository: `--repo`, else `JIT_DIR`, else the nearest `.jit` at or above the working
  /// directory.
  /// `verifyingSchema: false` is for `validate`, which reports a bad `index.json` instead.
  public func repository(verifyingSchema: Bool = true) throws -> RepositoryLayout {
    let layout: RepositoryLayout
    if let explicit = repositoryOverride ?? environment["JIT_DIR"], !explicit.isEmpty {
      layout = try RepositoryLocator.explicit(absolute(explicit))
    } else {
      layout = try RepositoryLocator.locate(from: workingDirectory)
    }
    if verifyingSchema { try RepositorySchema.verify(layout) }
    return layout
  }

  /// A tracker over the repository: the files, with the derived index under `.jit/cache/` to
  /// answer lists and queries fast. `JIT_NO_INDEX=1` reads the files only (the reference the index
  /// is tested against).
  public func tracker() throws -> Tracker {
    let layout = try repository()
    let lockTimeout = try self.lockTimeout()
    if let plain = environment["JIT_NO_INDEX"], !plain.isEmpty, plain != "0" {
      return Tracker(
        store: JSONFileStore(layout: layout, lockTimeout: lockTimeout), clock: clock, workspace: layout)
    }
    return Tracker(
      store: IndexedStore(layout: layout, toolVersion: JitVersion.current, lockTimeout: lockTimeout),
      clock: clock, workspace: layout)
  }

  /// How long to wait for another jit process's lock: `JIT_LOCK_TIMEOUT` seconds, default 30.
  func lockTimeout() throws -> Duration {
    guard let text = environment["JIT_LOCK_TIMEOUT"], !text.isEmpty else { return .seconds(30) }
    guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
      throw JitError.invalidArgument(
        "JIT_LOCK_TIMEOUT='\(text)' is not a number of seconds from 0 to 86400",
        details: ["input": .string(text), "source": "JIT_LOCK_TIMEOUT"])
    }
    return .milliseconds(Int64(seconds * 1000))
  }

  /// Who is acting: the explicit value, else `JIT_ACTOR`, else `human:$USER`.
  public func actor(_ explicit: String?) throws -> Actor {
    if let explicit { return try Actor(validating: explicit) }
    if let fromEnvironment = environment["JIT_ACTOR"], !fromEnvironment.isEmpty {
      guard let actor = Actor(fromEnvironment) else {
        throw JitError(
          .invalidActor,
          "JIT_ACTOR='\(fromEnvironment)' is not an actor: write type:identifier, such as agent:copilot-1",
          details: ["input": .string(fromEnvironment), "source": "JIT_ACTOR"])
      }
      return actor
    }
    // A person at a terminal: their login name. Nobody is assumed when there is none, since a
    // made-up human could pass manual gates.
    guard let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty,
      let actor = Actor("human:" + user)
    else {
      throw JitError(
        .invalidActor, "who is acting is unknown: pass --by (or --to) type:identifier, or set JIT_ACTOR",
        details: ["source": "environment"])
    }
    return actor
  }

  /// A path made absolute against the working directory.
  public func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : (workingDirectory == "/" ? "" : workingDirectory) + "/" + path
  }

  /// Prints a result (see `Renderer.emit`).
  func emit<T: WireView>(_ value: T, human: () -> String) throws {
    try renderer.emit(value, human: human)
  }
}
