import JitCore
import Synchronization

/// The other repositories `.jit/config.toml`'s `[repositories]` names, opened on demand and only
/// ever read: a file repository through its store's read session (the shared lock, never the
/// write lock; a repository with an interrupted write is `unknown` rather than rolled back from
/// here), a PostgreSQL one through the provider (`jit-pg`) over the connection string in the
/// environment variable the alias names. Nothing is cached but the opened stores: an external
/// issue's state is read each time it is asked for, since it changes without any write here.
public final class LinkedRepositories: ExternalRepositories {
  /// This repository's root directory, which relative alias paths start from.
  public let root: String
  /// The aliases, as `config.toml` gives them.
  public let links: [String: RepositoryLink]
  private let environment: [String: String]
  private let opened = Mutex<[String: Result<Linked, JitError>]>([:])

  /// A repository an alias names, opened.
  public struct Linked: Sendable {
    /// What tells repositories apart: the canonical root directory, or `postgresql:VARIABLE`.
    public var key: String
    /// Where it is, for people (the path as written and where it leads, or the variable).
    public var location: String
    /// Its store (read only).
    public var store: any Store
    /// Its root directory (nil for a database).
    public var root: String?
  }

  public init(root: String, links: [String: RepositoryLink], environment: [String: String]) {
    self.root = root
    self.links = links
    self.environment = environment
  }

  /// The aliases, sorted.
  public var aliases: [String] { links.keys.sorted() }

  public var namesRepositories: Bool { !links.isEmpty }

  /// The repository `alias` names: `UNKNOWN_ALIAS` or `REPOSITORY_UNREACHABLE` (with the reason).
  public func open(_ alias: String) -> Result<Linked, JitError> {
    if let known = opened.withLock({ $0[alias] }) { return known }
    let result = make(alias)
    opened.withLock { $0[alias] = result }
    return result
  }

  private func make(_ alias: String) -> Result<Linked, JitError> {
    guard let link = links[alias] else { return .failure(.unknownAlias(alias, known: aliases)) }
    switch link {
    case .path(let path):
      let directory = path.hasPrefix("/") ? path : root + "/" + path
      let jit = directory + "/" + RepositoryLayout.directoryName
      guard FileSystem.isDirectory(jit), let canonical = FileSystem.resolved(directory) else {
        return .failure(unreachable(alias, "\(path) (\(directory)) is not a jit repository"))
      }
      let layout = RepositoryLayout(jitDirectory: jit)
      if let settings = try? StoreComposition.settings(layout), settings.store != "files" {
        return .failure(
          unreachable(
            alias,
            "\(path) keeps its issues in \(settings.store): name its store in [repositories] instead "
              + "({ store = \"postgresql\", database_env = \"VARIABLE\" })"))
      }
      return .success(
        Linked(
          key: canonical, location: "\(path) (\(canonical))",
          store: JSONFileStore(layout: layout, lockTimeout: .seconds(5)), root: canonical))
    case .postgresql(let variable):
      guard let url = environment[variable], !url.isEmpty else {
        return .failure(unreachable(alias, "\(variable) is not set (it holds the database's connection)"))
      }
      guard let provider = StoreComposition.provider else {
        return .failure(unreachable(alias, "a PostgreSQL store needs jit-pg, which this jit is not"))
      }
      return .success(
        Linked(
          key: "postgresql:\(variable)", location: "PostgreSQL (\(variable))",
          store: provider.linkedStore(databaseURL: url), root: nil))
    }
  }

  private func unreachable(_ alias: String, _ reason: String) -> JitError {
    JitError(
      .repositoryUnreachable, "repository '\(alias)' cannot be read: \(reason)",
      details: ["alias": .string(alias), "reason": .string(reason)])
  }

  /// Reads from the repository `alias` names, never writing it.
  public func read<T>(_ alias: String, _ body: (any ReadSession) throws -> T) throws -> T {
    let linked = try open(alias).get()
    if let root = linked.root,
      FileJournal.isPending(RepositoryLayout(jitDirectory: root + "/" + RepositoryLayout.directoryName))
    {
      throw unreachable(alias, "an interrupted write there must be rolled back first (run jit there)")
    }
    do {
      return try linked.store.read(body)
    } catch let error as JitError
      where error.code != .issueNotFound && error.code != .ambiguousID && error.code != .invalidID
    {
      throw unreachable(alias, error.message)
    }
  }

  /// The issue `dependency` names, or nil when there is none there (errors: the repository cannot
  /// be read).
  public func issue(_ dependency: ExternalDependency) throws -> Issue? {
    try read(dependency.alias) { try $0.find(dependency.id) }
  }

  public func status(of dependency: ExternalDependency) -> ExternalStatus {
    do {
      guard let issue = try issue(dependency) else {
        return .unknown(dependency, "no issue \(dependency.id.short) in repository '\(dependency.alias)'")
      }
      return ExternalStatus(
        alias: dependency.alias, id: dependency.id, title: issue.title, state: issue.state.rawValue)
    } catch let error as JitError {
      return .unknown(dependency, (error.details["reason"]?.stringValue) ?? error.message)
    } catch {
      return .unknown(dependency, "\(error)")
    }
  }

  public func resolve(_ reference: ExternalReference) throws -> IssueID {
    do {
      return try read(reference.alias) { try reference.reference.resolve(in: $0) }
    } catch var error as JitError where error.code != .unknownAlias && error.code != .repositoryUnreachable {
      error.message = "in repository '\(reference.alias)': " + error.message
      error.details["alias"] = .string(reference.alias)
      throw error
    }
  }
}
