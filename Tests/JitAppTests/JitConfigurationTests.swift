import Foundation
import JitApp
import JitCore
import Testing

/// The `JIT_*` rules, each with its error.
@Suite struct JitConfigurationTests {
  func configuration(_ environment: [String: String], override: String? = nil) throws -> JitConfiguration {
    try JitConfiguration.fromEnvironment(
      workingDirectory: "/work/project", environment: environment, repositoryOverride: override)
  }

  @Test func defaults() throws {
    let configuration = try configuration(["USER": "alice"])
    #expect(configuration.repository == .search(from: "/work/project"))
    #expect(try configuration.actor() == Actor("human:alice"))
    #expect(configuration.lockTimeout == .seconds(30))
    #expect(configuration.usesIndex)
    #expect(configuration.checkerEnvironment == ["USER": "alice"])
  }

  @Test func repositoryFromOverrideThenJitDir() throws {
    #expect(try configuration(["JIT_DIR": "/elsewhere"]).repository == .explicit("/elsewhere"))
    #expect(try configuration(["JIT_DIR": "/elsewhere"], override: "here").repository == .explicit("here"))
    #expect(try configuration(["JIT_DIR": ""]).repository == .search(from: "/work/project"))
    #expect(try configuration([:]).absolute("here") == "/work/project/here")
  }

  @Test func aMissingRepositoryIsNotInitialized() throws {
    let configuration = try configuration([:], override: "/nonexistent-\(Int.random(in: 0..<1_000_000))")
    #expect(throws: JitError.self) { _ = try JitApplication(configuration) }
    do {
      _ = try configuration.locate()
    } catch let error as JitError {
      #expect(error.code == .notInitialized)
    }
  }

  @Test(arguments: [("", true), ("0", true), ("1", false), ("yes", false)])
  func noIndex(value: String, usesIndex: Bool) throws {
    #expect(try configuration(["JIT_NO_INDEX": value]).usesIndex == usesIndex)
  }

  @Test func lockTimeoutInSeconds() throws {
    #expect(try configuration(["JIT_LOCK_TIMEOUT": "0.5"]).lockTimeout == .milliseconds(500))
    #expect(try configuration(["JIT_LOCK_TIMEOUT": "0"]).lockTimeout == .zero)
    #expect(try configuration(["JIT_LOCK_TIMEOUT": ""]).lockTimeout == .seconds(30))
  }

  @Test(arguments: ["soon", "-1", "86401", "nan"])
  func aBadLockTimeoutIsAnInvalidArgument(value: String) throws {
    let error = #expect(throws: JitError.self) { _ = try configuration(["JIT_LOCK_TIMEOUT": value]) }
    #expect(error?.code == .invalidArgument)
    #expect(error?.message == "JIT_LOCK_TIMEOUT='\(value)' is not a number of seconds from 0 to 86400")
    #expect(error?.details["source"] == "JIT_LOCK_TIMEOUT")
  }

  @Test func actorFromJitActorThenUserThenLogname() throws {
    #expect(try configuration(["JIT_ACTOR": "agent:a", "USER": "bob"]).actor() == Actor("agent:a"))
    #expect(try configuration(["JIT_ACTOR": "", "USER": "bob"]).actor() == Actor("human:bob"))
    #expect(try configuration(["LOGNAME": "carol"]).actor() == Actor("human:carol"))
    #expect(try configuration(["JIT_ACTOR": "agent:a"]).actor("ci:runner") == Actor("ci:runner"))
  }

  @Test func aBadJitActorFailsOnlyTheCallsThatNeedIt() throws {
    let configuration = try configuration(["JIT_ACTOR": "bob smith", "USER": "bob"])
    #expect(try configuration.actor("agent:x") == Actor("agent:x"))
    let error = #expect(throws: JitError.self) { _ = try configuration.actor() }
    #expect(error?.code == .invalidActor)
    #expect(
      error?.message
        == "JIT_ACTOR='bob smith' is not an actor: write type:identifier, such as agent:copilot-1, "
        + "or a bare name for an agent")
    #expect(error?.details["source"] == "JIT_ACTOR")
  }

  @Test func nobodyIsAssumedWithoutUser() throws {
    let configuration = try configuration(["JIT_ACTOR": "", "USER": ""])
    let error = #expect(throws: JitError.self) { _ = try configuration.actor() }
    #expect(error?.code == .invalidActor)
    #expect(error?.message.hasPrefix("who is acting is unknown") == true)
    #expect(error?.details["source"] == "environment")
  }

  @Test func aBadExplicitActorIsRefused() throws {
    let error = #expect(throws: JitError.self) { _ = try configuration(["USER": "bob"]).actor("no body") }
    #expect(error?.code == .invalidActor)
    // A bare name is an agent.
    #expect(try configuration(["USER": "bob"]).actor("copilot-1") == Actor("agent:copilot-1"))
    #expect(try configuration(["JIT_ACTOR": "copilot-1"]).actor() == Actor("agent:copilot-1"))
  }

  @Test func initializingTwiceCreatesNothingTheSecondTime() throws {
    let root = FileManager.default.temporaryDirectory.path + "/jit-init-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let configuration = try configuration([:], override: root)
    let first = try configuration.initializeRepository()
    #expect(first.layout.jitDirectory == root + "/.jit")
    #expect(first.created.contains(".jit/issues"))
    #expect(try configuration.initializeRepository().created.isEmpty)
    #expect(try JitApplication(configuration).layout == first.layout)
  }
}
