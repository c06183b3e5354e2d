import JitCore
import JitSystem

/// Stat calls and reads of issue files, with the stamps the index compares.
enum IssueFiles {
  /// How close to now a timestamp must be for a later change in the same clock tick to go unseen.
  /// Kernel file times advance in ticks of a few milliseconds; this is generous.
  static let racyWindowNanoseconds: Int64 = 50_000_000

  static func nanoseconds(_ time: timespec) -> Int64 {
    Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }

  static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return nanoseconds(time)
  }

  static func directoryStamp(_ path: String) -> DirectoryStamp? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return DirectoryStamp(
      mtime: nanoseconds(info.st_mtim), ctime: nanoseconds(info.st_ctim), inode: Int64(info.st_ino))
  }

  static func stamp(_ info: stat) -> FileStamp {
    FileStamp(
      mtime: nanoseconds(info.st_mtim), ctime: nanoseconds(info.st_ctim), size: Int64(info.st_size),
      inode: Int64(info.st_ino))
  }

  /// The stamp of a file, or nil if it does not exist.
  static func fileStamp(_ path: String) -> FileStamp? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return stamp(info)
  }

  /// A stamp fit to store: a file changed within the racy window may change again in the same tick
  /// without its stamp changing, so it is stored as unknown and read again next time.
  static func storable(_ stamp: FileStamp, now: Int64) -> FileStamp {
    now - max(stamp.mtime, stamp.ctime) < racyWindowNanoseconds ? .unknown : stamp
  }

  /// A file's bytes and stamp, or nil if it does not exist; refused as `RepositoryLayout.read`
  /// refuses (a FIFO, a device, a link out of the repository, a file over the size limit).
  static func read(_ path: String, layout: RepositoryLayout) throws -> ([UInt8], FileStamp)? {
    try layout.readWithStatus(path).map { ($0.bytes, stamp($0.status)) }
  }
}
