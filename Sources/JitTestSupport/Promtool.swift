import Foundation

/// `promtool check metrics` (Debian's `prometheus` package): the reference linter of the text
/// exposition format. In CI (`CI=true`) a missing promtool fails the test; elsewhere the check is
/// skipped with a message on standard error.
public enum Promtool {
  public static var path: String? {
    let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return (directories.map { $0 + "/promtool" } + ["/usr/bin/promtool"]).first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// Throws with promtool's complaints when it finds any (it also flags lint problems, such as a
  /// counter without `_total`).
  public static func check(_ text: String) throws {
    guard let path else {
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        throw HarnessError("promtool is not installed (apt-get install prometheus): .ci/run installs it")
      }
      FileHandle.standardError.write(
        Data("note: promtool not installed; skipping promtool check metrics\n".utf8))
      return
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["check", "metrics"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0, said.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw HarnessError("promtool check metrics (exit \(process.terminationStatus)): \(said)")
    }
  }
}
