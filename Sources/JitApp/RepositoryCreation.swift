import JitCore
import JitSystem

/// What `init` made: the repository, and the files and directories it created (none when
/// everything was there already).
public struct RepositoryCreation: Sendable {
  /// The repository, made or found.
  public var layout: RepositoryLayout
  /// The paths created, relative to the repository root.
  public var created: [String]
  /// The lines added to the root's `.gitattributes` for the merge driver (none if they were there).
  public var attributesAdded: [String] = []
  /// Whether git's `merge.jit.driver` was configured for this clone.
  public var gitDriver: GitMergeDriver.Setup = .notGit
  /// Whether git's `post-merge` hook (running `jit validate --fix`) was installed.
  public var postMergeHook: GitMergeDriver.Hook = .notGit
}

extension JitConfiguration {
  /// Creates the repository this configuration names, in place: the explicit directory (itself if
  /// it is named `.jit`, else its `.jit`), or `.jit` in the directory a search would start from.
  /// Safe to repeat: it creates what is missing and never overwrites what exists.
  ///
  /// Where another tracker already governs the directory (a parent's `.jit/`, or in a linked git
  /// worktree the main working tree's), a search-based init is refused with `ALREADY_EXISTS`
  /// unless `nested`: a second tracker there would split the work and its claims.
  public func initializeRepository(nested: Bool = false, store: String = "files") throws -> RepositoryCreation
  {
    guard RepositorySettings.stores.contains(store) else {
      throw JitError.invalidArgument(
        "--store \(store): the stores are files and postgresql", details: ["store": .string(store)])
    }
    let root =
      switch repository {
      case .explicit(let path): absolute(path)
      case .search(let start): start
      }
    let layout = RepositoryLayout(
      jitDirectory: root.hasSuffix("/" + RepositoryLayout.directoryName) ? root : root + "/.jit")
    if case .search(let start) = repository, !nested,
      let governing = try? RepositoryLocator.locate(from: start),
      LinkedWorktree.resolve(governing.jitDirectory, against: "/")
        != LinkedWorktree.resolve(layout.jitDirectory, against: "/")
    {
      throw JitError(
        .alreadyExists,
        "\(governing.jitDirectory) already tracks this directory (a parent's tracker, or the main working "
          + "tree's for a git worktree): use it, or pass --nested to make a separate one here",
        details: ["path": .string(governing.jitDirectory)])
    }
    if store != "files" && StoreComposition.provider == nil {
      throw StoreComposition.companionNeeded(RepositorySettings.path(layout))
    }
    var created = try RepositoryInitializer.initialize(layout)
    if store != "files", let provider = StoreComposition.provider {
      let path = RepositorySettings.path(layout)
      let text =
        "# The store this repository's issues live in (docs/postgresql.md). No secrets here: the\n"
        + "# connection comes from JIT_DATABASE_URL or libpq's environment.\nstore = \"\(store)\"\n"
      if try FileSystem.createIfAbsent(path, Array(text.utf8)) { created.append(path) }
      let settings = try provider.settings(at: path)
      guard settings.store == store else {
        throw JitError(
          .alreadyExists, "\(path) already names the store \(settings.store)",
          details: ["path": .string(path), "store": .string(settings.store)])
      }
      do {
        _ = try provider.create(self, settings: settings)
      } catch {
        // The database refused or could not be reached: take back what this call made (the
        // config.toml, and .jit/ itself when it made it), so that nothing half-made is left.
        for made in created.reversed() {
          if unlink(made) != 0 { rmdir(made) }
        }
        throw error
      }
    }
    let attributesPath = MergeAttributes.path(layout)
    let attributesExisted = FileSystem.exists(attributesPath)
    let added = try MergeAttributes.install(layout)
    if !attributesExisted && !added.isEmpty { created.append(attributesPath) }
    let (driver, hook) = try GitMergeDriver.setUp(layout, environment: checkerEnvironment)
    return RepositoryCreation(
      layout: layout, created: created.map(layout.relative), attributesAdded: added, gitDriver: driver,
      postMergeHook: hook)
  }
}
