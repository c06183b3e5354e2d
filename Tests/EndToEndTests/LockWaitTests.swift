import Foundation
import JitTestSupport
import Testing

/// A jit process that finds the repository locked waits for it, and gives up at its deadline.
@Suite(.enabled(if: RepositoryStore.onFiles, "the file store's lock and index"))
struct LockWaitTests {
  /// Holds `.jit/.lock` from this process (flock excludes other open files, even in one process).
  final class HeldLock {
    let fd: Int32
    init(_ path: String) throws {
      fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)  // not inherited by the jit it starts
      guard fd >= 0, flock(fd, LOCK_EX) == 0 else { throw HarnessError("cannot lock \(path)") }
    }
    func release() { close(fd) }
  }

  @Test func aWriterGivesUpAtItsDeadlineWithLockTimeout() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    let lock = try HeldLock(repo.layout.lockFile)
    let started = Date()
    let result = try BuiltBinary.run(
      jit, ["issue", "create", "--title", "waits", "--json"], in: repo.root,
      environment: repo.environment.merging(["JIT_LOCK_TIMEOUT": "0.5"]) { $1 })
    let waited = Date().timeIntervalSince(started)
    #expect(result.status == 5)
    #expect(result.errorCode == "LOCK_TIMEOUT")
    #expect(waited >= 0.5)
    #expect(waited < 10)
    lock.release()
    #expect(
      try repo.run("issue", "list", "--json", environment: ["JIT_NO_INDEX": "1"]).stdout.contains("waits")
        == false)
  }

  @Test func aWaitingWriterProceedsOnceTheLockIsReleased() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    let lock = try HeldLock(repo.layout.lockFile)
    let environment = repo.environment.merging(["JIT_LOCK_TIMEOUT": "20"]) { $1 }
    // The writer runs on a thread of its own, not the cooperative pool: with the suite's other
    // blocking tests on both of its threads, the release below could wait past the timeout.
    let outcome = Box<CommandResult?>(nil)
    let writer = TestThread {
      outcome.value = try? BuiltBinary.run(
        jit, ["issue", "create", "--title", "waited", "--json"], in: repo.root, environment: environment)
    }
    writer.start()
    Thread.sleep(forTimeInterval: 0.4)
    lock.release()
    #expect(writer.wait(seconds: 30))
    let finished = try #require(outcome.value)
    #expect(finished.status == 0)
    #expect(try finished.object()["title"] as? String == "waited")
  }

  @Test func aReaderWhoseIndexIsLockedPastTheTimeoutAnswersFromTheFiles() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    for index in 0..<5 { _ = try repo.create("issue \(index)") }
    #expect(repo.run("query", "ready", "--json").status == 0)  // the index is built
    // Another process is refreshing the index (it holds the cache lock) and is slow about it.
    let lock = try HeldLock(repo.layout.cacheDirectory + "/index.lock")
    defer { lock.release() }
    // An outside change (a new file, as a git pull makes) calls for a refresh.
    let outside = repo.layout.issuesDirectory + "/outside.txt"
    FileManager.default.createFile(atPath: outside, contents: Data())
    try FileManager.default.removeItem(atPath: outside)
    let started = Date()
    let result = try BuiltBinary.run(
      jit, ["query", "ready", "--json"], in: repo.root,
      environment: repo.environment.merging(["JIT_LOCK_TIMEOUT": "1"]) { $1 })
    let waited = Date().timeIntervalSince(started)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(waited < 4, "waited \(waited) s with JIT_LOCK_TIMEOUT=1")
    #expect(try result.array().count == 5)
    #expect(
      result.stdout == repo.run(["query", "ready", "--json"], environment: ["JIT_NO_INDEX": "1"]).stdout)
  }

  @Test func aBadLockTimeoutIsAUsageError() throws {
    let repo = try TemporaryRepository()
    let result = repo.run(
      ["issue", "create", "--title", "t", "--json"], environment: ["JIT_LOCK_TIMEOUT": "soon"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("JIT_LOCK_TIMEOUT"))
  }
}

/// What the process's own arguments carry that Swift would quietly change.
@Suite struct ProcessArgumentTests {
  @Test func anArgumentThatIsNotUTF8IsRefusedAndNothingIsMade() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    // The shell passes the raw byte 0xFF, which Foundation's Process cannot.
    let result = try BuiltBinary.run(
      "/bin/sh", ["-c", "exec \"$0\" issue create --title \"bad $(printf '\\377') byte\" --json", jit],
      in: repo.root, environment: repo.environment)
    #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
    #expect(result.errorCode == "INVALID_ARGUMENT")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(try repo.run("issue", "list", "--json").array().isEmpty)
  }

  @Test func anIdWithALineBreakGivesOneLineOnStderr() throws {
    let repo = try TemporaryRepository()
    let result = repo.run("issue", "show", "ABCD\nEFGH")
    #expect(result.status != 0)
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(result.stderr.contains("\\n"))
  }
}
