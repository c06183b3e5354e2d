// jit-pg-bench: one long-lived client of scripts/bench-postgres's second race. It composes the
// repository as jit-pg does (the files, or the store .jit/config.toml names, from JIT_DIR and
// JIT_DATABASE_URL) and claims in-process, one claimNext after another, as the MCP server and the
// dispatcher do, until NO_READY_ISSUE. Each claim is printed as a JSON line (id, assignee) on
// standard output; each retried error as a line on standard error ("unavailable" for
// STORE_UNAVAILABLE, retried after 0.2 s; "other CODE" for the rest, retried after 0.1 s).
//   jit-pg-bench ACTOR
import JitApp
import JitCLI
import JitCore
import JitPostgresProvider
import JitSystem

/// Writes a line to a descriptor at once (1: standard output, 2: standard error).
func put(_ descriptor: Int32, _ line: String) {
  let bytes = Array((line + "\n").utf8)
  _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
}

StoreComposition.install(PostgresProvider())
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 1, let actor = try? Actor(validating: arguments[0]) else {
  put(2, "usage: jit-pg-bench ACTOR (the claims are taken from the repository JIT_DIR names)")
  exit(2)
}
let application: JitApplication
do {
  application = try JitApplication(
    JitConfiguration.fromEnvironment(
      workingDirectory: ProcessEnvironment.workingDirectory(), environment: ProcessEnvironment.current()))
} catch {
  put(2, "jit-pg-bench: \(error)")
  exit(1)
}
claiming: while true {
  do {
    let issue = try application.claimNext(to: actor.description)
    // At once: a claim counts as acknowledged once printed (the race that kills the server).
    put(1, "{\"id\":\"\(issue.id.rawValue)\",\"assignee\":\"\(issue.assignee?.description ?? "")\"}")
  } catch let error as JitError {
    switch error.code {
    case .noReadyIssue: break claiming
    case .storeUnavailable:
      put(2, "unavailable")
      usleep(200_000)
    default:
      put(2, "other \(error.code.rawValue)")
      usleep(100_000)
    }
  } catch {
    put(2, "other \(error)")
    usleep(100_000)
  }
}
exit(0)
