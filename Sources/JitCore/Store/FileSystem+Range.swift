import JitSystem

extension FileSystem {
  /// Up to `count` bytes of a file from `offset` (fewer if it ends sooner); empty if it does not
  /// exist. Given `roots`, a symbolic link is followed only into one of them.
  public static func read(_ path: String, from offset: Int, count: Int, confinedTo roots: [String]? = nil)
    throws -> [UInt8]
  {
    let opened: Int32?
    do {
      opened = try openForReading(path, confinedTo: roots)  // a FIFO must not block the open
    } catch let refusal as ReadRefusal {
      throw JitError.io("\(refusal): jit reads only regular files inside the repository", path: path)
    }
    guard let fd = opened else { return [] }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw JitError.io(String(cString: strerror(errno)), path: path) }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw JitError.io("not a regular file (\(kind(of: info))): jit reads only regular files", path: path)
    }
    var bytes = [UInt8](repeating: 0, count: max(0, count))
    var got = 0
    while got < bytes.count {
      let chunk = bytes.withUnsafeMutableBytes { buffer in
        pread(fd, buffer.baseAddress.map { $0 + got }, buffer.count - got, off_t(offset + got))
      }
      if chunk < 0 {
        if errno == EINTR { continue }
        throw JitError.io(String(cString: strerror(errno)), path: path)
      }
      if chunk == 0 { break }
      got += chunk
    }
    bytes.removeSubrange(got...)
    return bytes
  }
}
