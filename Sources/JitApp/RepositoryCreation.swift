import JitCore

/// What `init` made: the repository, and the files and directories it created (none when
/// everything was there already).
public struct RepositoryCreation: Sendable {
  /// The repository, made or found.
  public var layout: RepositoryLayout
  /// The paths created, relative to the repository root.
  public var created: [String]
}

extension JitConfiguration {
  /// Creates the repository this configuration names, in place: the explicit directory (itself if
  /// it is named `.jit`, else its `.jit`), or `.jit` in the directory a search would start from.
  /// Safe to repeat: it creates what is missing and never overwrites what exists.
  public func initializeRepository() throws -> RepositoryCreation {
    let root =
      switch repository {
      case .explicit(let path): absolute(path)
      case .search(let start): start
      }
    let layout = RepositoryLayout(
      jitDirectory: root.hasSuffix("/" + RepositoryLayout.directoryName) ? root : root + "/.jit")
    let created = try RepositoryInitializer.initialize(layout)
    return RepositoryCreation(layout: layout, created: created.map(layout.relative))
  }
}
