/// `.jit/index.json`: the schema version of the repository's files.
public enum RepositorySchema {
  /// Refuses a repository written by a newer jit (its files may mean things this version does not
  /// know, and rewriting them would lose data) and an `index.json` that does not parse. A missing
  /// `index.json` is taken as version 1.
  public static func verify(_ layout: RepositoryLayout) throws {
    guard let bytes = try layout.read(layout.indexFile) else { return }
    struct Index: Decodable {
      var schemaVersion: Int
      enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
    }
    let index = try JSONCoding.decodeFile(Index.self, bytes, path: layout.relative(layout.indexFile))
    guard index.schemaVersion <= RepositoryLayout.schemaVersion, index.schemaVersion >= 1 else {
      throw JitError(
        .unsupportedSchema,
        "\(layout.relative(layout.indexFile)) says schema_version \(index.schemaVersion), but this jit "
          + "(\(RepositoryLayout.schemaVersion)) reads only versions 1 to \(RepositoryLayout.schemaVersion): "
          + "use a jit at least as new as the one that wrote it",
        details: [
          "schema_version": .int(Int64(index.schemaVersion)),
          "supported": .int(Int64(RepositoryLayout.schemaVersion)),
        ])
    }
  }
}
