/// The lines `jit init` keeps in the repository root's `.gitattributes`, so that git merges issue
/// files and the gate registry with `jit merge-file` (the `jit` merge driver) instead of writing
/// conflict markers into them. The event log is union-merged by `.jit/.gitattributes`.
public enum MergeAttributes {
  /// The attribute lines, in the order they are added.
  public static let lines = [".jit/issues/*.json merge=jit", ".jit/gates.json merge=jit"]

  static let comment =
    "# jit: issue files and the gate registry are merged by 'jit merge-file' (docs/format.md#merges)"

  /// The root's `.gitattributes` path for a repository.
  public static func path(_ layout: RepositoryLayout) -> String {
    (layout.rootDirectory == "/" ? "" : layout.rootDirectory) + "/.gitattributes"
  }

  /// Adds the lines that are missing to `<root>/.gitattributes` (creating it if need be), keeping
  /// every line already there. Returns the lines added: none when they were all there.
  @discardableResult
  public static func install(_ layout: RepositoryLayout) throws -> [String] {
    let path = Self.path(layout)
    let existing = try FileSystem.readRegular(path, limit: 16 << 20).map {
      String(decoding: $0, as: UTF8.self)
    }
    let present = Set(
      (existing ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
        String($0).trimmingWhitespace()
      })
    let missing = lines.filter { !present.contains($0) }
    guard !missing.isEmpty else { return [] }
    var text = existing ?? ""
    if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
    if !present.contains(comment) { text += comment + "\n" }
    text += missing.map { $0 + "\n" }.joined()
    try FileSystem.writeAtomically(Array(text.utf8), to: path)
    return missing
  }
}
