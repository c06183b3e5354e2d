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
