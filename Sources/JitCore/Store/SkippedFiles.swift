import Synchronization

/// A file a read passed over because it cannot be read as what it must be: an issue file that does
/// not parse (conflict markers left by a merge, a hand edit), or one jit refuses to read (a FIFO, a
/// device, a link out of the repository, a file over the size limit).
public struct SkippedFile: Hashable, Sendable {
  /// The path, relative to the repository root.
  public var path: String
  /// Why it was passed over.
  public var reason: String
  /// How to fix it.
  public var fix: String

  public init(path: String, reason: String, fix: String) {
    self.path = path
    self.reason = reason
    self.fix = fix
  }

  /// The file an error is about, when it is one a reader may pass over: `CORRUPT_FILE`, or an
  /// `IO_ERROR` for a file refused before reading (`details.refused`). Nil for any other error.
  public init?(_ error: any Error) {
    guard let error = error as? JitError, case .string(let path)? = error.details["path"] else { return nil }
    let reason: String
    let fix: String
    if error.code == .corruptFile, case .string(let why)? = error.details["reason"] {
      reason = why
      if why.contains("conflict markers") {
        fix = "resolve the merge in it (or 'git checkout --ours/--theirs \(path)'), then 'git add' it"
      } else {
        fix =
          "fix it by hand or restore it from git ('git checkout -- \(path)'); 'jit validate' lists every such file"
      }
    } else if error.code == .ioError, case .string(let why)? = error.details["refused"] {
      reason = why
      fix =
        why.contains("permission denied")
        ? "let this user read it ('chmod a+r \(path)'); 'jit validate' lists every such file"
        : "replace it with a regular file (restore it from git) or remove it; 'jit validate' lists every such file"
    } else {
      return nil
    }
    self.init(path: path, reason: reason, fix: fix)
  }

  /// The warning a front end prints (one line).
  public var warning: String {
    "skipped \(path): \(reason.hasSuffix(".") ? String(reason.dropLast()) : reason); \(fix)"
  }
}

/// The files a store's sessions passed over, each once, for a front end to report after a command.
/// A store shared by concurrent callers collects theirs together.
public final class SkippedFileLog: Sendable {
  private let files = Mutex<[SkippedFile]>([])

  public init() {}

  /// Records a file (once per path).
  public func record(_ file: SkippedFile) {
    files.withLock { files in
      if !files.contains(where: { $0.path == file.path }) { files.append(file) }
    }
  }

  /// What was recorded, in path order; the log is empty afterwards.
  public func drain() -> [SkippedFile] {
    files.withLock { files in
      defer { files.removeAll() }
      return files.sorted { $0.path < $1.path }
    }
  }

  /// What was recorded so far, in path order.
  public var recorded: [SkippedFile] { files.withLock { $0.sorted { $0.path < $1.path } } }
}

extension ReadSession {
  /// Records the file `error` is about if a reader may pass over it, else rethrows `error`.
  public func passOver(_ error: any Error) throws {
    guard let file = SkippedFile(error) else { throw error }
    skippedFiles.record(file)
  }

  /// The issues of `ids` that can be read, in order: one that cannot is passed over (recorded),
  /// and one removed since it was listed is left out.
  public func loadEach(_ ids: [IssueID]) throws -> [Issue] {
    var issues: [Issue] = []
    issues.reserveCapacity(ids.count)
    for id in ids {
      do {
        issues.append(try load(id))
      } catch let error as JitError where error.code == .issueNotFound {
        continue
      } catch {
        try passOver(error)
      }
    }
    return issues
  }
}
