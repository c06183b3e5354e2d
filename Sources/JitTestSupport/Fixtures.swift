import Foundation

/// Sample files committed under `Tests/Fixtures`.
public enum Fixtures {
  /// The path of `Tests/Fixtures/<relative>`, found from the calling test file's location.
  public static func path(_ relative: String, from file: String = #filePath) -> String {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures").appendingPathComponent(relative).path
  }

  /// The bytes of a fixture.
  public static func bytes(_ relative: String, from file: String = #filePath) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path(relative, from: file)) else {
      throw HarnessError("no fixture \(relative)")
    }
    return [UInt8](data)
  }
}
