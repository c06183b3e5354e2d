import Foundation
import JitTestSupport
import Synchronization
import Testing

/// `jit events tail --follow` in a real process, seeing events that other processes append.
@Suite struct EventsFollowTests {
  /// Starts the built `jit` with its output collected as it arrives.
  final class RunningProcess: Sendable {
    /// Text collected from the pipe, shared with its reader.
    final class Buffer: Sendable {
      let text = Mutex("")
    }

    let process: Process
    private let collected = Buffer()

    init(_ arguments: [String], in directory: String, environment: [String: String]) throws {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: try BuiltBinary.path("jit"))
      process.arguments = arguments
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
      process.environment = environment
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = FileHandle.nullDevice
      self.process = process
      pipe.fileHandleForReading.readabilityHandler = { [collected] handle in
        let data = handle.availableData
        collected.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
      }
      try process.run()
    }

    var output: String { collected.text.withLock { $0 } }

    /// Waits up to `seconds` for `condition` to hold on the output so far.
    func wait(seconds: Double, until condition: (String) -> Bool) -> Bool {
      let deadline = Date().addingTimeInterval(seconds)
      while Date() < deadline {
        if condition(output) { return true }
        usleep(20_000)
      }
      return condition(output)
    }

    /// Waits for the process to exit (up to `seconds`) and returns its status, or nil if it did not.
    func exitStatus(within seconds: Double) -> Int32? {
      let deadline = Date().addingTimeInterval(seconds)
      while process.isRunning && Date() < deadline { usleep(20_000) }
      if process.isRunning { return nil }
      usleep(50_000)  // let the reader drain the pipe
      return process.terminationStatus
    }
  }

  func jit(_ repo: TemporaryRepository, _ arguments: String...) throws -> CommandResult {
    try BuiltBinary.run(try BuiltBinary.path("jit"), arguments, in: repo.root, environment: repo.environment)
  }

  @Test func followerSeesEventsAppendedByAnotherProcess() throws {
    let repo = try TemporaryRepository()
    #expect(try jit(repo, "issue", "create", "--title", "before").status == 0)
    let follower = try RunningProcess(
      ["events", "tail", "-n", "1", "--follow", "--timeout", "20", "--json"], in: repo.root,
      environment: repo.environment)
    defer { if follower.process.isRunning { follower.process.terminate() } }
    #expect(follower.wait(seconds: 10) { $0.contains("\"title\":\"before\"") })

    #expect(try jit(repo, "issue", "create", "--title", "after").status == 0)
    #expect(follower.wait(seconds: 10) { $0.contains("\"title\":\"after\"") }, "output: \(follower.output)")

    // SIGTERM stops it cleanly, long before its timeout.
    follower.process.terminate()
    #expect(follower.exitStatus(within: 5) == 0)
    let lines = follower.output.split(separator: "\n")
    #expect(lines.count == 2)
    for line in lines {
      #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
    }
  }

  @Test func followerStopsAtItsTimeout() throws {
    let repo = try TemporaryRepository()
    let follower = try RunningProcess(
      ["events", "tail", "--follow", "--timeout", "0.5"], in: repo.root, environment: repo.environment)
    #expect(follower.exitStatus(within: 10) == 0)
  }

  @Test func sigintStopsAFollowerCleanly() throws {
    let repo = try TemporaryRepository()
    let follower = try RunningProcess(
      ["events", "tail", "--follow", "--timeout", "30"], in: repo.root, environment: repo.environment)
    usleep(300_000)
    follower.process.interrupt()
    #expect(follower.exitStatus(within: 5) == 0)
  }
}
