import Foundation

/// Runs the built executables, for the end-to-end tests.
public enum BuiltBinary {
  /// The path of a product built beside the test bundle (`.build/<config>/jit`).
  public static func path(_ name: String) throws -> String {
    var candidates: [String] = []
    let arguments = CommandLine.arguments
    if let first = arguments.first {
      var directory = URL(fileURLWithPath: first).deletingLastPathComponent()
      // On Linux the tests run from <build>/<config>/<package>PackageTests.xctest.
      for _ in 0..<3 {
        candidates.append(directory.appendingPathComponent(name).path)
        directory = directory.deletingLastPathComponent()
      }
    }
    for bundle in Bundle.allBundles {
      candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(name).path)
    }
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    throw HarnessError("cannot find the built '\(name)' binary; looked in \(candidates)")
  }

  /// Runs a process to completion and returns its status and output.
  public static func run(
    _ executable: String, _ arguments: [String], in directory: String, environment: [String: String]
  ) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Runs a command at a terminal, as a person types it: through `script(1)`, which gives it a
  /// pseudo-terminal for standard input, output and error. Output arrives as one stream (in
  /// `stdout`), with the terminal's `\r` removed.
  public static func runAtTerminal(
    _ executable: String, _ arguments: [String], in directory: String, environment: [String: String]
  ) throws -> CommandResult {
    let command = ([executable] + arguments).map(shellQuoted).joined(separator: " ")
    var result = try run(
      "/usr/bin/script", ["-qec", command, "/dev/null"], in: directory, environment: environment)
    result.stdout = result.stdout.replacingOccurrences(of: "\r", with: "")
    return result
  }

  /// `text` in single quotes for /bin/sh.
  public static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
