import Foundation

/// Watching for a process a test expects to be gone (a checker's background child, say).
public enum ProcessWatch {
  /// The pid written in `pidFile`, and whether that process was still running (not a zombie) after
  /// waiting up to two seconds for it to end.
  public static func stillRunning(pidIn pidFile: String) throws -> (pid: Int32, alive: Bool) {
    let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(
      in: .whitespacesAndNewlines)
    guard let pid = Int32(text) else { throw HarnessError("no pid in \(pidFile): '\(text)'") }
    var alive = true
    for _ in 0..<40 where alive {
      let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
      alive = stat.map { !$0.contains(") Z ") } ?? false
      if alive { usleep(50_000) }
    }
    return (pid, alive)
  }
}
