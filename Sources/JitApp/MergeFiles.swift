import JitCore

/// `jit merge-file`: git's merge driver for files under `.jit/` (`merge.jit.driver` is
/// `jit merge-file %O %A %B`). Reads the three versions, merges them (`MergeDriver`) and replaces
/// `ours` atomically with the result. When nothing valid can be made (`MERGE_FAILED`) or a file
/// cannot be read, `ours` is left as it was.
public enum MergeFiles {
  /// The largest file merged: issue files and registries are small; anything this big is not one.
  static let sizeLimit = 64 << 20

  /// Merges `theirs` into `ours` against `base`, writing the result over `ours`.
  public static func merge(base: String, ours: String, theirs: String) throws -> MergeDriver.Outcome {
    let baseBytes = try read(base, side: "base", required: false)
    let ourBytes = try read(ours, side: "ours", required: true) ?? []
    let theirBytes = try read(theirs, side: "theirs", required: true) ?? []
    let outcome = try MergeDriver.merge(
      base: baseBytes.flatMap { $0.isEmpty ? nil : $0 }, ours: ourBytes, theirs: theirBytes)
    try FileSystem.writeAtomically(outcome.bytes, to: ours)
    return outcome
  }

  /// A version's content: nil for a missing base (no common ancestor); a missing side, or one that
  /// is not a regular file, is `MERGE_FAILED`.
  static func read(_ path: String, side: String, required: Bool) throws -> [UInt8]? {
    let bytes: [UInt8]?
    do {
      bytes = try FileSystem.readRegular(path, limit: sizeLimit)
    } catch {
      throw JitError(
        .mergeFailed, "cannot read \(side) (\(path)): \(error)",
        details: ["path": .string(path), "side": .string(side)])
    }
    guard let bytes else {
      if !required { return nil }
      throw JitError(
        .mergeFailed, "\(side) (\(path)) does not exist",
        details: ["path": .string(path), "side": .string(side)])
    }
    return bytes
  }
}
