import JitSystem
import Synchronization

/// Where a command's output goes: the process's streams, or a buffer in tests.
public protocol TextOutput: Sendable {
  func standardOutput(_ text: String)
  func standardError(_ text: String)
  /// Writes UTF-8 bytes to standard output (large answers skip the trip through `String`).
  func standardOutput(bytes: [UInt8])
  /// Whether a person is at a terminal: standard input and standard error are TTYs (see the
  /// `terminal` approval policy in docs/gates.md).
  var atTerminal: Bool { get }
  /// Whether standard output is a terminal (colour, the pager): never for a pipe or a file.
  var standardOutputIsTerminal: Bool { get }
}

extension TextOutput {
  public func standardOutput(bytes: [UInt8]) { standardOutput(String(decoding: bytes, as: UTF8.self)) }
  public var atTerminal: Bool { false }
  public var standardOutputIsTerminal: Bool { false }
}

/// The process's stdout and stderr.
public struct StandardStreams: TextOutput {
  public init() {}

  public var atTerminal: Bool { isatty(0) == 1 && isatty(2) == 1 }

  public var standardOutputIsTerminal: Bool { isatty(1) == 1 }

  public func standardOutput(_ text: String) { Self.write(text, to: 1) }

  public func standardError(_ text: String) { Self.write(text, to: 2) }

  public func standardOutput(bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { Self.write($0, to: 1) }
  }

  private static func write(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { write($0, to: descriptor) }
  }

  private static func write(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
    var offset = 0
    while offset < buffer.count {
      let wrote = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      if wrote < 0 && errno == EINTR { continue }
      if wrote <= 0 { return }
      offset += wrote
    }
  }
}

/// Output kept in memory, for running commands in-process.
public final class CapturedOutput: TextOutput {
  private let buffers = Mutex<(out: String, err: String)>(("", ""))
  public let atTerminal: Bool

  /// A buffer; `atTerminal` says whether the command should see a person at a terminal.
  public init(atTerminal: Bool = false) { self.atTerminal = atTerminal }

  public func standardOutput(_ text: String) { buffers.withLock { $0.out += text } }
  public func standardError(_ text: String) { buffers.withLock { $0.err += text } }

  /// Everything written to standard output so far.
  public var stdout: String { buffers.withLock { $0.out } }
  /// Everything written to standard error so far.
  public var stderr: String { buffers.withLock { $0.err } }
}
