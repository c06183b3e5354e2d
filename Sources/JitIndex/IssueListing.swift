import Dispatch
import JitCore
import JitSystem

/// An issue id as 26 bytes packed into integers: sorting and comparing 100,000 of them costs a few
/// milliseconds, where `String`s cost tens. The order is the ids' (byte order of upper-case ASCII).
struct IDKey: Comparable, Hashable {
  var high: UInt64
  var middle: UInt64
  var low: UInt64
  var tail: UInt16

  /// From the 26 bytes of an id, either case (as `IssueID` accepts); nil if they are not one.
  init?(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count == IssueID.length else { return nil }
    let packed: (UInt64, UInt64, UInt64, UInt64)? = Self.digits.withUnsafeBufferPointer { digits in
      var valid = true
      func word(_ range: Range<Int>) -> UInt64 {
        var word: UInt64 = 0
        for index in range {
          let digit = digits[Int(bytes[index])]
          valid = valid && digit != 0
          word = word << 8 | UInt64(digit)
        }
        return word
      }
      let words = (word(0..<8), word(8..<16), word(16..<24), word(24..<26))
      return valid ? words : nil
    }
    guard let packed else { return nil }
    (high, middle, low) = (packed.0, packed.1, packed.2)
    tail = UInt16(truncatingIfNeeded: packed.3)
  }

  /// Each byte's upper-case Crockford digit, 0 for bytes that are not one.
  private static let digits: [UInt8] = (0..<256).map { value in
    var byte = UInt8(value)
    if byte >= 97 && byte <= 122 { byte -= 32 }
    let digit =
      (byte >= 48 && byte <= 57)
      || (byte >= 65 && byte <= 90 && byte != 73 && byte != 76 && byte != 79 && byte != 85)
    return digit ? byte : 0
  }

  init?(_ text: String) {
    var text = text
    guard let key = text.withUTF8({ IDKey(UnsafeRawBufferPointer($0)) }) else { return nil }
    self = key
  }

  static func < (lhs: IDKey, rhs: IDKey) -> Bool {
    (lhs.high, lhs.middle, lhs.low, lhs.tail) < (rhs.high, rhs.middle, rhs.low, rhs.tail)
  }

  /// The 26 upper-case bytes.
  var bytes: [UInt8] {
    var bytes = [UInt8](repeating: 0, count: IssueID.length)
    bytes.withUnsafeMutableBufferPointer { write(into: $0) }
    return bytes
  }

  /// Writes the 26 upper-case bytes at the start of `buffer` (which holds at least 26).
  func write<T: FixedWidthInteger>(into buffer: UnsafeMutableBufferPointer<T>) {
    var index = 0
    for (word, count) in [(high, 8), (middle, 8), (low, 8), (UInt64(tail), 2)] {
      for shift in stride(from: (count - 1) * 8, through: 0, by: -8) {
        buffer[index] = T(truncatingIfNeeded: word >> UInt64(shift))
        index += 1
      }
    }
  }

  var id: IssueID? { IssueID(String(decoding: bytes, as: UTF8.self)) }
}

/// The issue files of a directory, by id, with their stamps.
enum IssueListing {
  /// The ids of the issue files (`<ULID>.json`, either case), sorted, each once. Temporary files
  /// (`*.tmp`) are removed on the way: they are made only under the exclusive lock, which whoever
  /// lists excludes, so any seen here is a dead writer's (on a read-only checkout the unlink fails,
  /// harmlessly).
  static func keys(_ directory: String) throws -> [IDKey] {
    guard let dir = opendir(directory) else {
      throw JitError.io(String(cString: strerror(errno)), path: directory)
    }
    defer { closedir(dir) }
    var keys: [IDKey] = []
    while let entry = readdir(dir) {
      let key: IDKey? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        // "<26 characters>.json" and the terminating zero.
        guard raw.count > 31, raw[31] == 0, raw[26] == 46, raw[27] == 106, raw[28] == 115, raw[29] == 111,
          raw[30] == 110
        else { return nil }
        return IDKey(UnsafeRawBufferPointer(rebasing: raw[0..<IssueID.length]))
      }
      if let key {
        keys.append(key)
      } else if Self.isTemporary(entry.pointee.d_name) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        unlink(directory + "/" + name)
      }
    }
    keys.sort()
    var unique = 0
    for index in keys.indices where index == 0 || keys[index] != keys[unique - 1] {
      keys[unique] = keys[index]
      unique += 1
    }
    keys.removeLast(keys.count - unique)
    return keys
  }

  /// Whether a directory entry's name ends in `.tmp`.
  static func isTemporary<Name>(_ name: Name) -> Bool {
    withUnsafeBytes(of: name) { raw in
      guard let end = raw.firstIndex(of: 0), end >= 4 else { return false }
      return raw[end - 4] == 46 && raw[end - 3] == 116 && raw[end - 2] == 109 && raw[end - 1] == 112
    }
  }

  /// The stamp of each key's file (nil where there is none), stat-ed on every core.
  static func stamps(_ keys: [IDKey], in directory: String) -> [FileStamp?] {
    var stamps = [FileStamp?](repeating: nil, count: keys.count)
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return stamps }
    defer { close(fd) }
    let workers = keys.count < 2_000 ? 1 : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    let chunk = (keys.count + workers - 1) / max(workers, 1)
    stamps.withUnsafeMutableBufferPointer { buffer in
      let output = UncheckedBuffer(buffer)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var name = [CChar](repeating: 0, count: 32)
        for (offset, byte) in ".json".utf8.enumerated() {
          name[IssueID.length + offset] = CChar(bitPattern: byte)
        }
        name.withUnsafeMutableBufferPointer { name in
          for index in (worker * chunk)..<min(keys.count, (worker + 1) * chunk) {
            keys[index].write(into: name)
            var info = stat()
            if let base = name.baseAddress, fstatat(fd, base, &info, 0) == 0 {
              output.buffer[index] = IssueFiles.stamp(info)
            }
          }
        }
      }
    }
    return stamps
  }
}

/// A buffer that worker threads fill at distinct indexes.
struct UncheckedBuffer<Element>: @unchecked Sendable {  // safe: one writer per index; read after all finish
  let buffer: UnsafeMutableBufferPointer<Element>
  init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
