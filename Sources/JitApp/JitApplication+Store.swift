import JitCore

extension JitApplication {
  /// Which store this repository uses, its health and its schema (`jit store status`).
  public static func storeStatus(_ configuration: JitConfiguration) throws -> StoreStatus {
    let layout = try configuration.locate()
    let settings = try StoreComposition.settings(layout)
    if settings.store != "files", let provider = StoreComposition.provider {
      return provider.status(configuration, settings: settings)
    }
    let application = JitApplication(configuration, layout: layout)
    let issues = try application.store.read { try $0.allIDs().count }
    return StoreStatus(
      store: "files", healthy: true, schemaVersion: RepositoryLayout.schemaVersion,
      supportedSchema: RepositoryLayout.schemaVersion, issues: issues)
  }
}

extension JitApplication {
  /// `jit store export --to files`: writes this repository's database out as the normal `.jit/`
  /// files, in `directory` (its `.jit`, made if need be) or, by default, this repository's own.
  public func exportStore(into directory: String?) throws -> (TransferCount, String) {
    let transfer = try self.transfer()
    let target = directory.map { Self.jitDirectory(configuration.absolute($0)) } ?? layout
    return (try transfer.exportFiles(to: target), target.jitDirectory)
  }

  /// `jit store import`: loads the files of `directory`'s `.jit` (by default this repository's own)
  /// into its empty database, all or nothing.
  public func importStore(from directory: String?) throws -> (TransferCount, String) {
    let transfer = try self.transfer()
    let source = directory.map { Self.jitDirectory(configuration.absolute($0)) } ?? layout
    guard FileSystem.isDirectory(source.issuesDirectory) else {
      throw JitError(
        .notInitialized, "\(source.jitDirectory) is not a jit repository (no issues/ in it)",
        details: ["path": .string(source.jitDirectory)])
    }
    return (try transfer.importFiles(from: source), source.jitDirectory)
  }

  private func transfer() throws -> any StoreTransfer {
    guard let transfer = store as? any StoreTransfer else {
      throw JitError.invalidArgument(
        "this repository's store is the files already: export and import move between the files and "
          + "a database store (.jit/config.toml: store = \"postgresql\")")
    }
    return transfer
  }

  static func jitDirectory(_ path: String) -> RepositoryLayout {
    RepositoryLayout(
      jitDirectory: path.hasSuffix("/" + RepositoryLayout.directoryName) ? path : path + "/.jit")
  }
}
