import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit init`: creates `.jit/` in the current directory (or `--repo DIR`).
struct InitCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a jit repository (.jit/) here.",
    discussion: """
      Creates .jit/ with index.json, gates.json (an empty gate registry), issues/, events.jsonl, \
      a .gitattributes that union-merges the event log and a .gitignore for the lock and cache. \
      Safe to run again: it creates what is missing and never overwrites what exists. Inside a \
      directory another tracker already governs (a parent's .jit/, or the main working tree's in a \
      linked git worktree) it refuses with ALREADY_EXISTS unless --nested.

      It also adds to the .gitattributes beside .jit/ the lines that merge issue files and \
      gates.json with jit's merge driver (.jit/issues/*.json merge=jit), keeping what is there, and \
      inside a git work tree sets this clone's driver unless one is set: \
      git config merge.jit.driver "jit merge-file %O %A %B" (a fresh clone runs that line itself; \
      git finds jit on the PATH), and installs a post-merge hook running jit validate --fix unless \
      a post-merge hook exists.

      --store postgresql keeps the issues in a PostgreSQL database instead (docs/postgresql.md): \
      it writes .jit/config.toml (store = "postgresql", no secrets) and creates the schema in the \
      database JIT_DATABASE_URL names (or libpq's PGHOST, PGDATABASE, PGSERVICE, ...), or migrates \
      an older one forward.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Make a tracker of its own even inside another one's directory (or a git worktree).")
  var nested = false
  @Option(help: "Where the issues live: files (the default) or postgresql.")
  var store = "files"

  func execute(_ context: CommandContext) throws {
    let creation = try context.configuration().initializeRepository(nested: nested, store: store)
    let path = creation.layout.jitDirectory
    let configLine = "git config merge.jit.driver \"\(GitMergeDriver.command)\""
    let setup = InitView.MergeDriverSetup(
      attributes: creation.layout.relative(MergeAttributes.path(creation.layout)),
      attributesAdded: creation.attributesAdded, gitConfig: creation.gitDriver.rawValue,
      configCommand: configLine, postMergeHook: creation.postMergeHook.rawValue)
    try context.emit(InitView(path: path, created: creation.created, mergeDriver: setup)) {
      var text =
        creation.created.isEmpty && creation.attributesAdded.isEmpty
        ? "jit repository already initialized at \(path)"
        : "Initialized jit repository at \(path)\n"
          + creation.created.map { "  created \($0)" }.joined(separator: "\n")
      if !creation.attributesAdded.isEmpty && !creation.created.contains(setup.attributes) {
        text += "\n  added to \(setup.attributes): " + creation.attributesAdded.joined(separator: ", ")
      }
      switch creation.gitDriver {
      case .configured:
        text += "\n  git merge driver configured: merge.jit.driver = \(GitMergeDriver.command)"
      case .alreadyConfigured: break
      case .notGit: text += "\n  (not a git work tree: after cloning, run \(configLine))"
      }
      if creation.postMergeHook == .installed {
        text += "\n  git post-merge hook installed: jit validate --fix after every merge"
      }
      return text
    }
  }
}
