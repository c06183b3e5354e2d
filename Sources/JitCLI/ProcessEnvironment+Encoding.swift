import JitSystem

extension ProcessEnvironment {
  /// The environment variables jit itself reads (checkers get the rest as they are).
  public static let variablesRead = [
    "JIT_ACTOR", "JIT_DIR", "JIT_LOCK_TIMEOUT", "JIT_NO_INDEX", "USER", "LOGNAME", "JIT_DATABASE_URL",
    "JIT_PG",
  ]

  /// The first of `variablesRead` whose value is not valid UTF-8, if any: Swift would read it with
  /// U+FFFD in place of the bad bytes, so that an actor or a path would be something else than
  /// what was set.
  public static func undecodableVariable() -> String? {
    var entry = environ
    while let pointer = entry.pointee {
      defer { entry += 1 }
      guard let equals = strchr(pointer, Int32(UInt8(ascii: "="))) else { continue }
      let nameLength = pointer.distance(to: equals)
      let name = UnsafeBufferPointer(start: pointer, count: nameLength).map { UInt8(bitPattern: $0) }
      guard let known = variablesRead.first(where: { Array($0.utf8) == name }) else { continue }
      if String(validatingCString: equals + 1) == nil { return known }
    }
    return nil
  }
}
