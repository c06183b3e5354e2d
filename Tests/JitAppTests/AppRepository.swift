import Foundation
import JitApp
import JitCore

/// A fresh repository in a temporary directory, with an application over it. Made without
/// JitTestSupport, so that this target links no ArgumentParser: JitApp stands on its own.
final class AppRepository: Sendable {
  let root: String
  let application: JitApplication

  init(usesIndex: Bool = true, actor: String = "human:tester") throws {
    let root = FileManager.default.temporaryDirectory.path + "/jit-app-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    self.root = root
    let configuration = try JitConfiguration.fromEnvironment(
      workingDirectory: root, environment: ["JIT_ACTOR": actor, "JIT_NO_INDEX": usesIndex ? "0" : "1"])
    _ = try configuration.initializeRepository()
    application = try JitApplication(configuration)
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  func write(_ text: String, to relative: String) throws {
    try text.write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
  }
}
