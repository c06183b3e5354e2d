import FoundationEssentials
import JitCore

/// What a dry run did, thrown out of the write session so that none of it is kept.
struct DryRunRollback<Result: Sendable>: Error {
  let result: Result
}

extension JitApplication {
  /// The same application over another tracker (one joining a write session).
  init(_ application: JitApplication, tracker: Tracker) {
    self.configuration = application.configuration
    self.layout = application.layout
    self.tracker = tracker
    self.skippedFiles = application.skippedFiles
    self.linked = application.linked
  }

  /// Runs `body` with an application whose every call joins one write session (`Tracker.batch`):
  /// one lock, and all of what the calls change is kept, or none of it. With `dryRun`, every call
  /// runs and checks every rule, `body`'s answer is returned, and nothing is kept.
  public func batch<Result: Sendable>(dryRun: Bool = false, _ body: (JitApplication) throws -> Result) throws
    -> Result
  {
    do {
      return try tracker.batch { joined in
        let result = try body(JitApplication(self, tracker: joined))
        if dryRun { throw DryRunRollback(result: result) }
        return result
      }
    } catch let rollback as DryRunRollback<Result> {
      return rollback.result
    }
  }

  /// The text of an input file, or of standard input for `-`; `INVALID_PLAN` when there is none to
  /// read (a missing file), `IO_ERROR` when it cannot be read (a FIFO, a device).
  func inputText(_ file: String) throws -> String {
    let path = configuration.absolute(file)
    let shown = file == "-" ? "standard input" : file
    let bytes: [UInt8]
    if file == "-" {
      bytes = try FileSystem.readStandardInput()
    } else {
      let found: [UInt8]?
      do {
        found = try FileSystem.read(path)
      } catch let error as JitError where error.code == .ioError {
        throw JitError(
          .invalidPlan, "cannot read \(file): \(error.message)", details: ["path": .string(path)])
      }
      guard let read = found else {
        throw JitError(.invalidPlan, "cannot read \(file): no such file", details: ["path": .string(path)])
      }
      bytes = read
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw JitError(.invalidPlan, "\(shown) is not UTF-8 text", details: ["path": .string(path)])
    }
    return text
  }
}
