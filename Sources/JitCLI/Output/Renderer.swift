import ArgumentParser
import JitCore
import JitWire

/// Prints results and errors: the wire's JSON for `--json`, words for people.
public struct Renderer: Sendable {
  public let output: any TextOutput
  public let json: Bool
  /// The files the command's reads passed over: a warning line each, before any error line.
  public let skippedFiles: SkippedFileLog?

  public init(output: any TextOutput, json: Bool, skippedFiles: SkippedFileLog? = nil) {
    self.output = output
    self.json = json
    self.skippedFiles = skippedFiles
  }

  /// Prints one `jit: warning:` line per file passed over since the last call, naming it and the fix.
  public func warnAboutSkippedFiles() {
    for file in skippedFiles?.drain() ?? [] {
      output.standardError("jit: warning: \(Self.oneLine(file.warning))\n")
    }
  }

  /// Prints a result: `value` as JSON with `--json`, else the text `human` makes.
  func emit<T: WireView>(_ value: T, human: () -> String) throws {
    if json {
      output.standardOutput(try WireEncoder.document(value) + "\n")
    } else {
      let text = human()
      if !text.isEmpty { output.standardOutput(text.hasSuffix("\n") ? text : text + "\n") }
    }
  }

  /// Prints a report that is the answer whether the command succeeded or not, and, when `error` is
  /// given, ends it with that error: the report with an `error` member with `--json`, one line on
  /// stderr always, and the error's exit code (thrown as `ExitCode`).
  func report<T: WireView>(_ value: T, failing error: JitError?, human: () -> String) throws {
    try emit(ReportWithError(value, error: error), human: human)
    guard let error else { return }
    warnAboutSkippedFiles()
    output.standardError("jit: error: \(Self.oneLine(error.message))\n")
    throw ExitCode(error.exitCode)
  }

  /// A message as one line: line breaks (from an id or actor typed with one) shown escaped.
  static func oneLine(_ message: String) -> String {
    guard message.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return message }
    return message.replacing("\r\n", with: "\\r\\n").replacing("\n", with: "\\n").replacing("\r", with: "\\r")
  }

  /// Prints an error: the envelope on stdout with `--json`, and always one line on stderr.
  public func error(_ error: JitError) {
    if json, let text = try? WireEncoder.document(ErrorEnvelope(error)) { output.standardOutput(text + "\n") }
    warnAboutSkippedFiles()
    output.standardError("jit: error: \(Self.oneLine(error.message))\n")
  }
}
