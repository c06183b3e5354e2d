import ArgumentParser
import JitCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs jit's command line in-process: the executable and the tests both come through here.
public enum JitCLI {
  /// Parses `arguments` (without the program name), runs the command, prints, and returns the
  /// exit code.
  public static func run(
    _ arguments: [String], environment: [String: String], workingDirectory: String,
    output: any TextOutput = StandardStreams()
  ) -> Int32 {
    let json = arguments.contains("--json")
    do {
      var command = try JitCommand.parseAsRoot(arguments)
      if let runnable = command as? any ContextCommand {
        return execute(runnable, environment: environment, workingDirectory: workingDirectory, output: output)
      }
      try command.run()
      return 0
    } catch {
      let code = JitCommand.exitCode(for: error)
      if code == .success {
        output.standardOutput(JitCommand.fullMessage(for: error) + "\n")
        return 0
      }
      let message = JitCommand.fullMessage(for: error)
      let renderer = Renderer(output: output, json: json)
      if json {
        renderer.error(JitError(.invalidArgument, message))
      } else {
        output.standardError(message + "\n")
      }
      return 2
    }
  }

  /// Runs a parsed command with a context, mapping errors to the envelope and exit codes.
  static func execute(
    _ command: any ContextCommand, environment: [String: String],
    workingDirectory: String = ProcessEnvironment.workingDirectory(), output: any TextOutput
  ) -> Int32 {
    let context = CommandContext(
      workingDirectory: workingDirectory, environment: environment, output: output,
      json: command.global.json, repositoryOverride: command.global.repo)
    do {
      try command.execute(context)
      return 0
    } catch let error as JitError {
      context.renderer.error(error)
      return error.exitCode
    } catch let error as ExitCode {
      return error.rawValue
    } catch let error as ValidationError {
      let wrapped = JitError.invalidArgument(error.message)
      context.renderer.error(wrapped)
      return wrapped.exitCode
    } catch {
      let wrapped = JitError(.internalError, "unexpected error: \(error)")
      context.renderer.error(wrapped)
      return wrapped.exitCode
    }
  }
}

/// The process's environment and working directory, read once at the edge.
public enum ProcessEnvironment {
  public static func current() -> [String: String] { ProcessInfo.processInfo.environment }

  public static func workingDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
