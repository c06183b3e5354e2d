/// A fast, strict check that one line of `events.jsonl` is a valid event, so that validating a
/// long log does not cost one `JSONDecoder` call per line.
///
/// It answers `true` only for strict JSON that `Event` decodes: an object whose `ts` is a
/// timestamp, `event` a string, `event_id` a string, `id` an issue id and `by` an actor (the last
/// three may be absent or null), and whose other values are ordinary JSON. Anything it is not sure
/// of answers `false`, and the caller decodes the line to learn whether and why it is wrong.
enum EventLineScanner {
  /// Whether the line is certainly a valid event.
  static func isCertainlyValid(_ line: ArraySlice<UInt8>) -> Bool {
    line.withUnsafeBufferPointer { buffer in
      var scanner = StrictJSONScanner(buffer)
      var hasTimestamp = false
      var hasEvent = false
      scanner.skipSpace()
      let parsed = scanner.object { scanner, key in
        switch key {
        case "ts":
          guard let text = scanner.plainText(), Timestamp(iso8601: text) != nil else { return false }
          hasTimestamp = true
          return true
        case "event":
          guard scanner.string() != nil else { return false }
          hasEvent = true
          return true
        case "event_id":
          return scanner.takeNull() || scanner.string() != nil
        case "id":
          return scanner.takeNull() || scanner.plainText().flatMap(IssueID.init) != nil
        case "by":
          return scanner.takeNull() || scanner.plainText().flatMap(Actor.init) != nil
        default:
          return scanner.skipValue()
        }
      }
      scanner.skipSpace()
      return parsed && scanner.atEnd && hasTimestamp && hasEvent
    }
  }
}
