/// The layout of the index database. A dependency's state and title are copied into its edges
/// (`deps.dep_state`, `deps.dep_title`, `deps.dep_done`) and kept in step on every write, so that
/// whether each issue is blocked, and its `blocked_by` JSON, can be kept ready-made (`issues.blocked`,
/// `issues.reasons`), recomputed for an issue and its dependents on every write. They depend on the
/// gate registry's precheck keys too: `meta.gates_fp` records the keys they were computed with.
/// `issues.has_deps` (whether it lists any dependency) and `issues.dependents` (how many issues list
/// it) are kept in step too, so that `graph roots` reads one partial index.
/// Bump `version` whenever the tables or what is stored in them
/// change, including the JSON of `IssueJSON.element`: an index written by another version is
/// deleted and rebuilt, never read.
enum IndexSchema {
  static let version: Int64 = 9

  /// The file name under `.jit/cache/`.
  static let fileName = "index.sqlite"

  static let create = tables + indexes

  static let tables = """
    PRAGMA journal_mode=WAL;
    CREATE TABLE meta(
      one INTEGER PRIMARY KEY CHECK (one = 1),
      schema INTEGER NOT NULL, tool TEXT NOT NULL,
      dir_mtime INTEGER, dir_ctime INTEGER, dir_ino INTEGER,
      racy INTEGER NOT NULL DEFAULT 1, count INTEGER NOT NULL DEFAULT 0, gates_fp TEXT);
    CREATE TABLE issues(
      id TEXT NOT NULL UNIQUE, rid TEXT NOT NULL,
      state TEXT, priority INTEGER, assignee TEXT, created_at INTEGER, title TEXT, view BLOB,
      broken INTEGER NOT NULL DEFAULT 0,
      blocked INTEGER NOT NULL DEFAULT 0, reasons BLOB, reasons_text TEXT,
      has_deps INTEGER NOT NULL DEFAULT 0, dependents INTEGER NOT NULL DEFAULT 0, hold TEXT,
      mtime INTEGER NOT NULL, ctime INTEGER NOT NULL, size INTEGER NOT NULL, ino INTEGER NOT NULL);
    CREATE TABLE deps(
      issue TEXT NOT NULL, ord INTEGER NOT NULL, dep TEXT NOT NULL,
      dep_state TEXT, dep_title TEXT, dep_done INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (issue, ord)) WITHOUT ROWID;
    CREATE TABLE gates(
      issue TEXT NOT NULL, ord INTEGER NOT NULL, key TEXT NOT NULL, status TEXT NOT NULL,
      PRIMARY KEY (issue, ord)) WITHOUT ROWID;

    """

  static let indexes = inOrderIndexes + laterIndexes

  /// Secondary indexes that a build of every row keeps up to date as it goes: their keys start
  /// with the id, and rows come in id order, so each insert appends to them.
  /// `issues_stamps` covers what a refresh compares, in id order, so it reads no table rows.
  static let inOrderIndexes = """
    CREATE INDEX issues_broken ON issues(id) WHERE broken <> 0;
    CREATE INDEX issues_stamps ON issues(id, mtime, ctime, size, ino);
    CREATE INDEX deps_not_done ON deps(issue, ord, dep, dep_state, dep_title) WHERE dep_done = 0;
    CREATE INDEX gates_unpassed ON gates(issue, ord) WHERE status <> 'passed';

    """

  /// The others: a build drops them first and makes them at the end, which is faster than keeping
  /// them up to date row by row.
  static let laterIndexes = """
    CREATE INDEX issues_work ON issues(state, assignee, priority DESC, created_at, id);
    CREATE INDEX issues_order ON issues(priority DESC, created_at, id, state);
    CREATE INDEX issues_blocked ON issues(priority DESC, created_at, id) WHERE blocked = 1;
    CREATE INDEX issues_rid ON issues(rid);
    CREATE INDEX issues_assignee ON issues(assignee) WHERE assignee IS NOT NULL;
    CREATE INDEX deps_by_dep ON deps(dep, issue);
    CREATE INDEX issues_roots ON issues(priority DESC, created_at, id) WHERE has_deps = 0 AND broken = 0;
    CREATE INDEX issues_status ON issues(state, blocked, assignee) WHERE broken = 0;
    CREATE INDEX issues_metrics ON issues(state, blocked, assignee, priority, created_at, id, hold) WHERE broken = 0;
    """

  static let dropLaterIndexes = """
    DROP INDEX IF EXISTS issues_work; DROP INDEX IF EXISTS issues_order; DROP INDEX IF EXISTS issues_blocked;
    DROP INDEX IF EXISTS issues_rid; DROP INDEX IF EXISTS issues_assignee; DROP INDEX IF EXISTS deps_by_dep;
    DROP INDEX IF EXISTS issues_roots; DROP INDEX IF EXISTS issues_status; DROP INDEX IF EXISTS issues_metrics;
    """
}

/// What the index remembers about the issues directory, to tell in O(1) whether anything was
/// added, removed or renamed in it since: every such change updates the directory's mtime and
/// ctime (in nanoseconds).
struct DirectoryStamp: Equatable {
  var mtime: Int64
  var ctime: Int64
  var inode: Int64
}

/// What the index remembers about one issue file: if any of these differ, the file is read again.
struct FileStamp: Equatable {
  var mtime: Int64
  var ctime: Int64
  var size: Int64
  var inode: Int64

  /// A stamp that never equals a real one, for a file whose row must be re-read next time.
  static let unknown = FileStamp(mtime: -1, ctime: -1, size: -1, inode: -1)
}
