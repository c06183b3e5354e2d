import ArgumentParser
import FoundationEssentials
import JitCore
import JitSystem

/// Runs jit's command line in-process: the executable and the tests both come through here.
public enum JitCLI {
  /// Parses `arguments` (without the program name), runs the command, prints, and returns the
  /// exit code.
  /// Runs the command this process was started with (its arguments, environment and working
  /// directory): what `jit`'s entry point calls. An argument, or a variable jit reads
  /// (`ProcessEnvironment.variablesRead`), that is not UTF-8 is refused first.
  public static func runProcess() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let position = ProcessEnvironment.undecodableArgument() {
      Renderer(output: StandardStreams(), json: arguments.contains("--json")).error(
        JitError(
          .invalidArgument, "argument \(position) is not valid UTF-8: jit takes text in UTF-8 only",
          details: ["position": .int(Int64(position))]))
      return 2
    }
    if let name = ProcessEnvironment.undecodableVariable() {
      Renderer(output: StandardStreams(), json: arguments.contains("--json")).error(
        JitError(
          .invalidArgument,
          "the environment variable \(name) is not valid UTF-8: jit takes text in UTF-8 only",
          details: ["variable": .string(name), "source": .string(name)]))
      return 2
    }
    let environment = ProcessEnvironment.current()
    let workingDirectory = ProcessEnvironment.workingDirectory()
    if Companion.needed(arguments, environment: environment, workingDirectory: workingDirectory) {
      let error = Companion.handOver(arguments, environment: environment)
      Renderer(output: StandardStreams(), json: arguments.contains("--json")).error(error)
      return error.exitCode
    }
    return run(arguments, environment: environment, workingDirectory: workingDirectory)
  }

  public static func run(
    _ arguments: [String], environment: [String: String], workingDirectory: String,
    output: any TextOutput = StandardStreams()
  ) -> Int32 {
    // `--json` is accepted anywhere (`jit --json issue list` too): it is moved to the end, where the
    // leaf command's options are parsed, so that a mistake elsewhere is reported as itself.
    // Words after a `--` are values, never options: a `--json` there stays where it is.
    let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
    let moved = arguments[..<end].contains("--json")
    // The options that shape JSON imply it: a usage error is then an envelope too.
    let json =
      moved
      || arguments[..<end].contains { $0 == "--compact" || $0 == "--jsonl" || $0.hasPrefix("--fields") }
    let options = arguments[..<end].filter { $0 != "--json" }
    let withoutJSON = options + arguments[end...]
    let arguments = joiningNegativeNumbers(options + (moved ? ["--json"] : []) + arguments[end...])
    if let command = QuickParse.command(arguments) {
      return execute(command, environment: environment, workingDirectory: workingDirectory, output: output)
    }
    do {
      var command = try JitCommand.parseAsRoot(arguments)
      if let runnable = command as? any ContextCommand {
        return execute(runnable, environment: environment, workingDirectory: workingDirectory, output: output)
      }
      try command.run()
      return 0
    } catch {
      if JitCommand.exitCode(for: error) == .success {
        output.standardOutput(JitCommand.fullMessage(for: error) + "\n")
        return 0
      }
      // A usage error: one line on stderr (and the envelope with --json), naming the help to read.
      var message = JitCommand.message(for: error)
      if json, message.contains("'--json'") {
        // Blamed on --json: parse once without it to find the real mistake. If that parses, the
        // command is a group, which has no output of its own.
        do {
          _ = try JitCommand.parseAsRoot(withoutJSON)
          message = "\(withoutJSON.joined(separator: " ")) is a group of commands: name one of them"
        } catch {
          message = JitCommand.message(for: error)
        }
      }
      message = message.replacing("Error: ", with: "")
      let helpPath = commandPath(arguments).joined(separator: " ")
      let hint = "see 'jit \(helpPath.isEmpty ? "" : helpPath + " ")--help'"
      Renderer(output: output, json: json).error(
        JitError(
          .invalidArgument, "\(message) (\(hint))",
          details: ["arguments": .array(arguments.map { .string($0) })]))
      return 2
    }
  }

  /// ArgumentParser takes any word that starts with `-` for an option, so `--limit -1` was reported
  /// as a missing value: a negative number after an option is joined to it (`--limit=-1`, `-n=-1`
  /// as `-n` is spelt `--lines`), so that the option's range check reports it. Words after `--`
  /// are left alone.
  static func joiningNegativeNumbers(_ arguments: [String]) -> [String] {
    let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
    var joined: [String] = []
    var index = 0
    while index < end {
      let word = arguments[index]
      if index + 1 < end, isNegativeNumber(arguments[index + 1]), !word.contains("="),
        word.hasPrefix("-"), word.count > 1, word != "--"
      {
        let long = word.hasPrefix("--") ? word : (word == "-n" ? "--lines" : word)
        if long.hasPrefix("--") {
          joined.append(long + "=" + arguments[index + 1])
          index += 2
          continue
        }
      }
      joined.append(word)
      index += 1
    }
    return joined + arguments[end...]
  }

  static func isNegativeNumber(_ word: String) -> Bool {
    let bytes = Array(word.utf8)
    guard bytes.count > 1, bytes[0] == UInt8(ascii: "-") else { return false }
    let next = bytes[1]
    return (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) || next == UInt8(ascii: ".")
      || word.lowercased() == "-inf" || word.lowercased() == "-infinity" || word.lowercased() == "-nan"
  }

  /// The longest run of leading words that names a command (`issue dep add`), for help hints.
  static func commandPath(_ arguments: [String]) -> [String] {
    var command: any ParsableCommand.Type = JitCommand.self
    var path: [String] = []
    for word in arguments {
      guard
        let next = command.configuration.subcommands.first(where: {
          $0.configuration.commandName == word || $0.configuration.aliases.contains(word)
        })
      else { break }
      command = next
      path.append(word)
    }
    return path
  }

  /// Runs a parsed command with a context, mapping errors to the envelope and exit codes.
  static func execute(
    _ command: any ContextCommand, environment: [String: String],
    workingDirectory: String = ProcessEnvironment.workingDirectory(), output: any TextOutput
  ) -> Int32 {
    // `--fields`, `--compact` and `--jsonl` reshape the JSON on its way out (JSONShape).
    let shape: JSONShape
    do {
      shape = try command.global.shape()
    } catch let error as JitError {
      Renderer(output: output, json: true).error(error)
      return error.exitCode
    } catch {
      return 1
    }
    let shaped = shape.isPlain ? nil : ShapedOutput(output, shape: shape)
    // Long answers for people go through the pager on a terminal (PagedOutput).
    let paged =
      command is any LongOutputCommand && !command.global.wantsJSON && output.standardOutputIsTerminal
      ? PagedOutput.command(environment).map { PagedOutput(output, command: $0) } : nil
    let context = CommandContext(
      workingDirectory: workingDirectory, environment: environment, output: shaped ?? paged ?? output,
      json: command.global.wantsJSON, repositoryOverride: command.global.repo)
    // One warning line per file a read passed over, after the answer and before any error line
    // (the renderer prints those first), which stays the last.
    defer { context.renderer.warnAboutSkippedFiles() }
    defer { shaped?.finish() }
    defer { paged?.finish() }
    do {
      try command.execute(context)
      return 0
    } catch var error as JitError {
      // The files passed over may be why nothing was found: named in the envelope's details too.
      let skipped = context.skippedFiles.recorded
      if !skipped.isEmpty, error.details["skipped_files"] == nil {
        error.details["skipped_files"] = .array(skipped.map { .string($0.path) })
      }
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
  /// The position (1-based) of the first command-line argument that is not valid UTF-8, if any:
  /// Swift would read it with U+FFFD in place of the bad bytes, so that a `--command` or a title
  /// would be stored as something other than what was given.
  public static func undecodableArgument() -> Int? {
    for index in 1..<Int(CommandLine.argc) {
      guard let pointer = CommandLine.unsafeArgv[index] else { continue }
      if String(validatingCString: pointer) == nil { return index }
    }
    return nil
  }

  public static func current() -> [String: String] { ProcessInfo.processInfo.environment }

  public static func workingDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
