import Foundation
import JitPostgres
import Synchronization

/// A real PostgreSQL 15 for tests: `initdb` and `postgres` from `/usr/lib/postgresql/15/bin`, run as
/// the `postgres` user when the tests run as root (PostgreSQL refuses root), with the data folder
/// under `/tmp`, the socket in it, listening on `127.0.0.1` and a free port, `fsync=off`.
///
/// Started once per test process (`shared`), on first use; a watchdog shell stops it (and removes
/// its folder) when the test process is gone, however it ended. Each test takes a schema of its
/// own (`makeDatabase()`), which is much cheaper than a database.
public final class PostgresServer: Sendable {
  public let port: Int
  public let dataDirectory: String
  /// The watchdog's process id (the server's parent shell).
  public let watchdog: Int32
  private let counter = Mutex(0)

  /// The server of this test process, started on first use.
  public static func shared() throws -> PostgresServer {
    try started.withLock { state in
      if let server = state { return server }
      let server = try PostgresServer()
      state = server
      return server
    }
  }
  private static let started = Mutex<PostgresServer?>(nil)

  static let bin = "/usr/lib/postgresql/15/bin"

  /// Whether the server binaries are installed (`.ci/run` installs them).
  public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: bin + "/postgres") }

  init() throws {
    guard Self.isInstalled else {
      throw HarnessError("PostgreSQL 15 is not installed (apt-get install postgresql): \(Self.bin)/postgres")
    }
    var template = Array("/tmp/jit-pg-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw HarnessError("mkdtemp failed") }
    let root = String(cString: made)
    dataDirectory = root + "/data"
    port = try Self.freePort()
    let asRoot = getuid() == 0
    let prefix = asRoot ? "runuser -u postgres -- " : ""
    if asRoot { _ = try Self.shell("chown postgres \(root) && chmod 700 \(root)") }
    let initdb = try Self.shell(
      "\(prefix)\(Self.bin)/initdb -D \(dataDirectory) -U postgres -A trust --no-sync --no-instructions "
        + "-E UTF8 --locale=C >\(root)/initdb.log 2>&1")
    guard initdb == 0 else {
      throw HarnessError(
        "initdb failed: " + ((try? String(contentsOfFile: root + "/initdb.log", encoding: .utf8)) ?? ""))
    }
    // The watchdog: starts the server, waits for this process to go, then stops it and cleans up.
    // It signals the postmaster itself (its pid is in postmaster.pid): runuser, the shell's child,
    // does not pass a SIGINT on.
    let parent = getpid()
    let script = """
      \(prefix)\(Self.bin)/postgres -D \(dataDirectory) -k \(dataDirectory) -h 127.0.0.1 -p \(port) \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
      >\(root)/server.log 2>&1 &
      server=$!
      while kill -0 \(parent) 2>/dev/null; do sleep 0.5; done
      kill -INT "$(head -1 \(dataDirectory)/postmaster.pid)" 2>/dev/null; wait $server; rm -rf \(root)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    watchdog = process.processIdentifier
    for _ in 0..<200 {
      if try Self.shell("\(Self.bin)/pg_isready -q -h 127.0.0.1 -p \(port)") == 0 { return }
      usleep(50_000)
    }
    throw HarnessError(
      "PostgreSQL did not start: "
        + ((try? String(contentsOfFile: root + "/server.log", encoding: .utf8)) ?? ""))
  }

  /// The URL of the server's `postgres` database.
  public var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

  /// A fresh, empty schema and the connection string whose `search_path` is it: a store of its own.
  public func makeDatabase() throws -> String {
    let name =
      "jit_test_"
      + String(
        counter.withLock {
          $0 += 1
          return $0
        }) + "_" + String(getpid())
    try psql("CREATE SCHEMA \(name)")
    return "\(url)?options=-csearch_path%3D\(name)"
  }

  /// Runs SQL against the `postgres` database with `psql`.
  @discardableResult
  public func psql(_ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.bin + "/psql")
    process.arguments = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else { throw HarnessError("psql failed: \(text)") }
    return text
  }

  static func shell(_ command: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// A port nothing listens on now (the kernel's choice for port 0).
  static func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw HarnessError("socket failed") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
      }
    }
    guard bound else { throw HarnessError("bind failed") }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}
