import FoundationEssentials
import JitSystem

/// The few file operations jit needs, done with POSIX calls so that their cost and their atomicity
/// are plain to see.
public enum FileSystem {
  /// Whether `path` is a directory.
  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Whether anything exists at `path`.
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// Creates an executable file (mode 0755) with `bytes`, only if nothing is at `path`; whether it did.
  public static func createExecutable(_ path: String, _ bytes: [UInt8]) throws -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
    guard fd >= 0 else {
      if errno == EEXIST { return false }
      throw JitError.io(String(cString: strerror(errno)), path: path)
    }
    defer { close(fd) }
    try writeAll(fd, bytes, path: path)
    _ = fchmod(fd, 0o755)  // whatever the umask
    return true
  }

  /// Creates a directory and its parents; succeeds if it exists.
  public static func createDirectory(_ path: String) throws {
    var partial = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      partial += "/" + component
      if mkdir(partial, 0o755) != 0 && errno != EEXIST {
        throw JitError.io(String(cString: strerror(errno)), path: partial)
      }
    }
  }

  /// Everything on standard input, to its end; `IO_ERROR` on a read error or past `limit` bytes.
  public static func readStandardInput(limit: Int = 64 << 20) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if count == 0 { return bytes }
      if count < 0 {
        if errno == EINTR { continue }
        throw JitError.io(String(cString: strerror(errno)), path: "standard input")
      }
      bytes += buffer[..<count]
      if bytes.count > limit {
        throw JitError.io("more than \(limit) bytes", path: "standard input")
      }
    }
  }

  /// The whole content of a file; nil if it does not exist.
  public static func read(_ path: String) throws -> [UInt8]? {
    try readWithStatus(path)?.bytes
  }

  /// The whole content of a file and its `stat` (taken on the open descriptor, so both describe
  /// the same file); nil if it does not exist. Only a regular file is read: a FIFO, a device or a
  /// directory in a file's place (a symlink to `/dev/zero` that git checked out, say) is an
  /// `IO_ERROR` at once, never a wait or an endless read (the open does not block). Files under
  /// `.jit/` are read through `RepositoryLayout.read`, which also confines links and sizes.
  public static func readWithStatus(_ path: String) throws -> (bytes: [UInt8], status: stat)? {
    do {
      return try readChecked(path, limit: nil, confinedTo: nil)
    } catch let refusal as ReadRefusal {
      throw JitError.io("\(refusal): jit reads only regular files", path: path)
    }
  }

  /// What a `stat` says a path is, for messages.
  static func kind(of info: stat) -> String {
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a FIFO"
    case S_IFCHR, S_IFBLK: return "a device"
    case S_IFSOCK: return "a socket"
    default: return "not a regular file"
    }
  }

  /// Why a checked read would not read a file.
  public enum ReadRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// A FIFO, a device, a socket or a directory: reading it could block forever or never end.
    case notRegular(kind: String)
    /// Over the limit, checked before reading (a 3 GB file is not read to learn that).
    case tooLarge(bytes: Int64)
    /// A symbolic link whose target resolves outside the directory reads are confined to.
    case linkOutside(target: String)
    /// A symbolic link that leads to nothing (or through a loop).
    case brokenLink
    /// A file this user may not read.
    case notPermitted

    public var description: String {
      switch self {
      case .notRegular(let kind): return "not a regular file (\(kind))"
      case .tooLarge(let bytes): return "\(bytes) bytes, over the size limit"
      case .linkOutside(let target): return "a symbolic link to \(target), outside the repository"
      case .brokenLink: return "a symbolic link that leads nowhere"
      case .notPermitted: return "not readable by this user (permission denied)"
      }
    }
  }

  /// The content of a regular file of at most `limit` bytes; nil if it does not exist. Anything
  /// else is refused before a byte is read (`ReadRefusal`).
  public static func readRegular(_ path: String, limit: Int) throws -> [UInt8]? {
    try readChecked(path, limit: limit, confinedTo: nil)?.bytes
  }

  /// The one reading routine: opens without blocking (a FIFO), checks the kind and, given a limit,
  /// the size on the open descriptor, then reads to the end (past the limit: refused, however the
  /// file grew meanwhile). Given `roots`, a path that is a symbolic link is followed only if its
  /// target resolves inside one of them (the check costs nothing for a path that is not a link: the
  /// open refuses to follow one, and only then is it resolved).
  static func readChecked(_ path: String, limit: Int?, confinedTo roots: [String]?) throws -> (
    bytes: [UInt8], status: stat
  )? {
    guard let fd = try openForReading(path, confinedTo: roots) else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw JitError.io(String(cString: strerror(errno)), path: path) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw ReadRefusal.notRegular(kind: kind(of: info)) }
    if let limit, info.st_size > limit { throw ReadRefusal.tooLarge(bytes: Int64(info.st_size)) }
    var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
    var count = 0
    while true {
      if let limit, count > limit { throw ReadRefusal.tooLarge(bytes: Int64(count)) }
      if count == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: bytes.count)) }
      let got = bytes.withUnsafeMutableBytes { buffer in
        Glibc.read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
      }
      if got < 0 {
        if errno == EINTR { continue }
        throw JitError.io(String(cString: strerror(errno)), path: path)
      }
      if got == 0 { break }
      count += got
    }
    if let limit, count > limit { throw ReadRefusal.tooLarge(bytes: Int64(count)) }
    bytes.removeSubrange(count...)
    return (bytes, info)
  }

  /// A descriptor open for reading without blocking (nil if nothing is there). Given `roots`, a
  /// path that is a symbolic link is opened only if its target resolves inside one of them.
  static func openForReading(_ path: String, confinedTo roots: [String]?) throws -> Int32? {
    var fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (roots == nil ? 0 : O_NOFOLLOW))
    if fd < 0, errno == ELOOP, let roots {
      guard let target = resolved(path) else { throw ReadRefusal.brokenLink }
      let inside = roots.contains { root in
        let base = resolved(root) ?? root
        return target.hasPrefix(base == "/" ? "/" : base + "/")
      }
      guard inside else { throw ReadRefusal.linkOutside(target: target) }
      fd = open(target, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
    }
    if fd < 0 {
      if errno == ENOENT { return nil }
      if errno == EACCES { throw ReadRefusal.notPermitted }
      throw JitError.io(String(cString: strerror(errno)), path: path)
    }
    return fd
  }

  /// The path to write through for `path`: itself, or, if it is a symbolic link, its target when
  /// that resolves inside one of `roots`; a link out of them (a committed `events.jsonl` pointing
  /// at `~/.bashrc`, say) or to nothing is refused, so that jit never appends outside them.
  public static func confinedTarget(_ path: String, roots: [String]) throws -> String {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
    guard let target = resolved(path) else { throw ReadRefusal.brokenLink }
    let inside = roots.contains { root in
      let base = resolved(root) ?? root
      return target.hasPrefix(base == "/" ? "/" : base + "/")
    }
    guard inside else { throw ReadRefusal.linkOutside(target: target) }
    return target
  }

  /// The canonical path (every link followed), or nil if it leads nowhere.
  public static func resolved(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// Writes a file atomically: a temporary file in the same directory, fsync, then rename over the
  /// target. A reader sees the old content or the new, never a mix; a crash leaves at worst a
  /// stray `.tmp` file.
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    try writeAtomically(
      bytes, to: path, temporary: "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp",
      exclusive: true)
  }

  /// Writes a file atomically through the temporary file `temporary` (replaced if it exists, unless
  /// `exclusive`), with an fsync before the rename when `sync` (a journaled unit syncs once instead).
  public static func writeAtomically(
    _ bytes: [UInt8], to path: String, temporary: String, sync: Bool = true, exclusive: Bool = false
  ) throws {
    let fd = open(temporary, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0o644)
    guard fd >= 0 else { throw JitError.io(String(cString: strerror(errno)), path: temporary) }
    var ok = false
    defer {
      if !ok { unlink(temporary) }
    }
    do {
      try writeAll(fd, bytes, path: temporary)
      if sync {
        guard fdatasync(fd) == 0 else { throw JitError.io(String(cString: strerror(errno)), path: temporary) }
      }
    } catch {
      close(fd)
      throw error
    }
    close(fd)
    guard rename(temporary, path) == 0 else {
      throw JitError.io(String(cString: strerror(errno)), path: path)
    }
    ok = true
  }

  /// Creates a file with the given content only if nothing is there; returns whether it wrote.
  @discardableResult
  public static func createIfAbsent(_ path: String, _ bytes: [UInt8]) throws -> Bool {
    if exists(path) { return false }
    try writeAtomically(bytes, to: path)
    return true
  }

  /// Appends bytes with one `write` call on an `O_APPEND` descriptor, so that lines from
  /// concurrent writers never interleave.
  public static func append(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw JitError.io(String(cString: strerror(errno)), path: path) }
    defer { close(fd) }
    try writeAll(fd, bytes, path: path)
  }

  /// The last byte of a file; nil when it is empty or missing.
  public static func lastByte(of path: String) -> UInt8? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var byte: UInt8 = 0
    guard lseek(fd, -1, SEEK_END) >= 0, Glibc.read(fd, &byte, 1) == 1 else { return nil }
    return byte
  }

  /// Removes a file; succeeds if it was already gone.
  public static func remove(_ path: String) throws {
    if unlink(path) != 0 && errno != ENOENT {
      throw JitError.io(String(cString: strerror(errno)), path: path)
    }
  }

  /// The names in a directory (without `.` and `..`).
  public static func list(_ directory: String) throws -> [String] {
    guard let dir = opendir(directory) else {
      throw JitError.io(String(cString: strerror(errno)), path: directory)
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
    var offset = 0
    while offset < bytes.count {
      let wrote = bytes.withUnsafeBytes { buffer in
        write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if wrote < 0 {
        if errno == EINTR { continue }
        throw JitError.io(String(cString: strerror(errno)), path: path)
      }
      offset += wrote
    }
  }
}
