import JitCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let status = JitCLI.run(
  Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.current(),
  workingDirectory: ProcessEnvironment.workingDirectory())
exit(status)
