/// Git's linked worktrees (`git worktree add`): each has a `.git` file, `gitdir: <main>/.git/worktrees/<name>`,
/// whose `commondir` names the main repository's `.git`. jit keeps one tracker per repository, so
/// in a linked worktree it uses the main working tree's `.jit/`, and claims stay atomic across the
/// worktrees of one repository. Read from git's files (no `git` process), in microseconds.
public enum LinkedWorktree {
  /// The main working tree of the linked worktree whose root is `directory`; nil when `directory`
  /// is not the root of a linked worktree (a main working tree, a submodule, a bare repository).
  public static func mainWorkingTree(of directory: String) -> String? {
    let dotGit = join(directory, ".git")
    // A main working tree has a `.git` directory, which the read refuses (only regular files are
    // read): only a linked worktree or a submodule has a file. One open per directory searched.
    guard let text = try? FileSystem.read(dotGit),
      let line = String(decoding: text, as: UTF8.self).split(separator: "\n").first,
      line.hasPrefix("gitdir:")
    else { return nil }
    let gitDirectory = resolve(
      String(line.dropFirst("gitdir:".count)).trimmingWhitespace(), against: directory)
    // A submodule's git directory has no `commondir`; a linked worktree's names the shared one.
    guard let common = try? FileSystem.read(join(gitDirectory, "commondir")),
      let relative = String(decoding: common, as: UTF8.self).split(separator: "\n").first
    else { return nil }
    let commonDirectory = resolve(String(relative).trimmingWhitespace(), against: gitDirectory)
    // The main working tree holds the common `.git` directory (a bare repository has none).
    guard commonDirectory.hasSuffix("/.git"), let slash = commonDirectory.lastIndex(of: "/") else {
      return nil
    }
    let main = String(commonDirectory[..<slash])
    return main.isEmpty ? "/" : main
  }

  static func join(_ directory: String, _ name: String) -> String {
    (directory == "/" ? "" : directory) + "/" + name
  }

  /// `path` made absolute against `base` (when relative), with `.` and `..` resolved.
  public static func resolve(_ path: String, against base: String) -> String {
    let full = path.hasPrefix("/") ? path : join(base, path)
    var parts: [Substring] = []
    for part in full.split(separator: "/") {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
  }
}
