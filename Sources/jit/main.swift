import JitCLI
import JitSystem

let status = JitCLI.run(
  Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.current(),
  workingDirectory: ProcessEnvironment.workingDirectory())
exit(status)
