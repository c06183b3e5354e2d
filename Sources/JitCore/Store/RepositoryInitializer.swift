/// Creates the files of a new repository.
public enum RepositoryInitializer {
  /// Creates whatever of `.jit/` is missing and returns the paths it created. Never overwrites.
  @discardableResult
  public static func initialize(_ layout: RepositoryLayout) throws -> [String] {
    var created: [String] = []
    for directory in [layout.jitDirectory, layout.issuesDirectory] where !FileSystem.isDirectory(directory) {
      try FileSystem.createDirectory(directory)
      created.append(directory)
    }
    let index = "{\n  \"next_id_hint\" : null,\n  \"schema_version\" : \(RepositoryLayout.schemaVersion)\n}\n"
    let files: [(String, String)] = [
      (layout.indexFile, index),
      (layout.gatesFile, "{\n\n}\n"),
      (layout.eventsFile, ""),
      (layout.issuesDirectory + "/.gitkeep", ""),
      (
        layout.gitattributesFile,
        "# Events are independent lines with unique ids: a union merge keeps both sides.\n"
          + "events.jsonl merge=union\n"
      ),
      (
        layout.gitignoreFile,
        "# Derived and transient files: never the source of truth.\ncache/\nrun/\n.lock\n*.tmp\n"
      ),
    ]
    for (path, content) in files where try FileSystem.createIfAbsent(path, Array(content.utf8)) {
      created.append(path)
    }
    return created
  }
}
