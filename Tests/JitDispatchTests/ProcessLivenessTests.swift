import Foundation
import JitDispatch
import Testing

/// Whether a recorded pid is still its process: what crash recovery decides a dispatcher's death by.
@Suite struct ProcessLivenessTests {
  @Test func aZombieIsDeadAndALiveProcessIsAliveWithItsOwnStartTime() throws {
    // A child that exits at once and is not waited for stays a zombie: kill(pid, 0) still finds it
    // (as it finds a killed dispatcher whose parent has not reaped it yet).
    var pid: pid_t = 0
    let arguments = ["/bin/sh", "-c", "exit 0"]
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    #expect(posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0)
    let deadline = Date().addingTimeInterval(10)
    var zombie = false
    while Date() < deadline && !zombie {
      let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
      zombie = stat.split(separator: ")").last?.split(separator: " ").first == "Z"
      if !zombie { usleep(10_000) }
    }
    #expect(zombie, "the child should be a zombie until it is waited for")
    #expect(kill(pid, 0) == 0)
    #expect(!AgentProcess.alive(pid))
    #expect(!AgentProcess.alive(pid, startedAt: AgentProcess.startTime(pid)))
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    // This process is alive, with its own start time, and not with another one.
    let own = getpid()
    let start = try #require(AgentProcess.startTime(own))
    #expect(AgentProcess.alive(own))
    #expect(AgentProcess.alive(own, startedAt: start))
    #expect(!AgentProcess.alive(own, startedAt: start + 1))
  }
}
