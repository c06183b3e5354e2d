import JitSystem

/// How jit reads the files under `.jit/`: only regular files, of a bounded size, checked on the
/// open descriptor before a byte is read; a symbolic link only if it leads inside the repository.
/// Anything else is refused with an `IO_ERROR` whose `details.refused` says why, which readers
/// that list issues pass over (`SkippedFile`) and `validate` reports (`SPECIAL_FILE`).
extension RepositoryLayout {
  /// The largest issue file, `gates.json` or `index.json` jit reads: 16 MiB.
  public static let fileSizeLimit = 16 << 20
  /// The largest `events.jsonl` read whole (`validate`, `events query`): 1 GiB. Appending has no
  /// limit, and `events tail` reads only what is new.
  public static let eventLogSizeLimit = 1 << 30

  /// A file's content and `stat`, nil if it does not exist; refused (see above) if it is not a
  /// regular file inside the repository of at most `limit` bytes.
  public func readWithStatus(_ path: String, limit: Int = Self.fileSizeLimit) throws -> (
    bytes: [UInt8], status: stat
  )? {
    do {
      return try FileSystem.readChecked(path, limit: limit, confinedTo: [rootDirectory, jitDirectory])
    } catch let refusal as FileSystem.ReadRefusal {
      throw JitError.refusedFile(relative(path), refusal, limit: limit)
    }
  }

  /// The layout whose `.jit/` holds `path` (a file directly in it, such as `events.jsonl`).
  public static func holding(_ path: String) -> RepositoryLayout {
    guard let slash = path.lastIndex(of: "/") else { return RepositoryLayout(jitDirectory: ".") }
    return RepositoryLayout(jitDirectory: slash == path.startIndex ? "/" : String(path[..<slash]))
  }

  /// A file's content, nil if it does not exist; refused as `readWithStatus` refuses.
  public func read(_ path: String, limit: Int = Self.fileSizeLimit) throws -> [UInt8]? {
    try readWithStatus(path, limit: limit)?.bytes
  }
}

extension JitError {
  /// A file under `.jit/` jit will not read: `IO_ERROR`, with `details.path` (relative to the
  /// repository root) and `details.refused` (why).
  public static func refusedFile(_ path: String, _ refusal: FileSystem.ReadRefusal, limit: Int) -> JitError {
    let why: String
    if case .tooLarge = refusal {
      why = "\(refusal) of \(limit) bytes"
    } else {
      why = "\(refusal)"
    }
    let rule =
      refusal == .notPermitted
      ? "jit cannot read it" : "jit reads only regular files inside the repository"
    return JitError(
      .ioError, "\(path): \(why): \(rule)",
      details: ["path": .string(path), "refused": .string(why)])
  }
}

extension RepositoryLayout {
  /// The folders under `.jit/` jit writes into. None may be a symbolic link: a committed
  /// `.jit/issues` (or `cache`, `run`) pointing elsewhere would have jit read and write there.
  public var writtenDirectories: [String] { [issuesDirectory, cacheDirectory, runDirectory] }

  /// The first of `writtenDirectories` that is a symbolic link, if any.
  public func linkedDirectory() -> String? {
    writtenDirectories.first { directory in
      var info = stat()
      return lstat(directory, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
  }

  /// Refuses a repository whose `issues/`, `cache/` or `run/` is a symbolic link (`IO_ERROR`).
  public func refuseLinkedDirectories() throws {
    guard let directory = linkedDirectory() else { return }
    let shown = relative(directory)
    throw JitError(
      .ioError,
      "\(shown) is a symbolic link: jit reads and writes only a real folder there; replace the link "
        + "with the folder it points to (or, for cache/ and run/, delete it)",
      details: ["path": .string(shown), "refused": "a symbolic link to a folder"])
  }
}
