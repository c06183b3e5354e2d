import Foundation
import Testing

@testable import JitCore

/// The lock waits in the kernel for a holder (another open file of the same path, which flock
/// treats like another process), gives up at its deadline, and never keeps a lock it gave up on.
@Suite struct FileLockTests {
  /// A lock file in a fresh directory, and a way to hold it from "another process".
  struct Fixture {
    let path: String
    init() throws {
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "jit-lock-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      path = directory.appendingPathComponent(".lock").path
    }

    func hold(_ operation: Int32 = LOCK_EX) throws -> Int32 {
      let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
      guard fd >= 0, flock(fd, operation | LOCK_NB) == 0 else { throw HarnessFailure("cannot lock") }
      return fd
    }

    func isFree() -> Bool {
      let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
      defer { close(fd) }
      return flock(fd, LOCK_EX | LOCK_NB) == 0
    }
  }

  struct HarnessFailure: Error {
    let text: String
    init(_ text: String) { self.text = text }
  }

  @Test func anUncontendedLockRunsTheBodyAndIsReleasedAfter() throws {
    let fixture = try Fixture()
    let inside = try FileLock(path: fixture.path).withLock { fixture.isFree() }
    #expect(inside == false)
    #expect(fixture.isFree())
  }

  @Test func aWaiterGivesUpAtItsDeadlineAndKeepsNothing() throws {
    let fixture = try Fixture()
    let held = try fixture.hold()
    let started = Date()
    var ran = false
    #expect(throws: JitError.self) {
      try FileLock(path: fixture.path, timeout: .milliseconds(300)).withLock { ran = true }
    }
    let waited = Date().timeIntervalSince(started)
    #expect(ran == false)
    #expect(waited >= 0.3)
    #expect(waited < 5)
    close(held)
    // The abandoned helper may take the lock now, but it lets go at once: later waiters get it.
    for _ in 0..<3 {
      #expect(try FileLock(path: fixture.path, timeout: .seconds(5)).withLock { true })
    }
  }

  @Test func theTimeoutErrorIsLockTimeout() throws {
    let fixture = try Fixture()
    let held = try fixture.hold()
    defer { close(held) }
    do {
      try FileLock(path: fixture.path, timeout: .milliseconds(50)).withLock {}
      Issue.record("the lock was taken while another file held it")
    } catch let error as JitError {
      #expect(error.code == .lockTimeout)
    }
    do {
      try FileLock(path: fixture.path, timeout: .zero).withLock {}
      Issue.record("a zero timeout waited and took the lock")
    } catch let error as JitError {
      #expect(error.code == .lockTimeout)
    }
  }

  @Test func aWaiterProceedsAsSoonAsTheHolderLetsGo() throws {
    let fixture = try Fixture()
    let held = try fixture.hold()
    let release = Date().addingTimeInterval(0.2)
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { close(held) }
    let holderWasGone = try FileLock(path: fixture.path, timeout: .seconds(10)).withLock {
      (Date() >= release, fixture.isFree())
    }
    #expect(holderWasGone.0)
    #expect(holderWasGone.1 == false)  // held by this waiter while the body ran
    #expect(fixture.isFree())
  }

  @Test func sharedHoldersExcludeAnExclusiveWaiterButNotEachOther() throws {
    let fixture = try Fixture()
    let reader = try fixture.hold(LOCK_SH)
    let sharedRan = try FileLock(path: fixture.path, timeout: .milliseconds(100)).withLock(.shared) { true }
    #expect(sharedRan)
    #expect(throws: JitError.self) {
      try FileLock(path: fixture.path, timeout: .milliseconds(100)).withLock(.exclusive) {}
    }
    close(reader)
    #expect(try FileLock(path: fixture.path, timeout: .seconds(5)).withLock(.exclusive) { true })
  }
}

@Suite struct CodingWarmUpTests {
  @Test func theWarmUpSamplesAreValidFilesOfTheCurrentFormat() {
    #expect(CodingWarmUp.run())
  }
}
