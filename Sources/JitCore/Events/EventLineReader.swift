import FoundationEssentials

/// How a line of `.jit/events.jsonl` becomes an event, in one place for every reader of the log:
/// blank lines are skipped, a line that does not parse is reported with its number and reason,
/// and an `event_id` seen before (the duplicate a union merge brings in) is dropped.
public struct EventLineReader: Sendable {
  private var seen: Set<String> = []

  public init() {}

  /// Whether a line holds nothing but white space.
  static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
    line.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
  }

  /// Reads one line: appends its event if it parses, passes `accept` and is new, or notes it as
  /// malformed.
  public mutating func read(
    _ line: ArraySlice<UInt8>, number: Int, decoder: JSONDecoder, events: inout [Event],
    malformed: inout [(line: Int, reason: String)], accept: (Event) -> Bool = { _ in true }
  ) {
    guard !Self.isBlank(line) else { return }
    do {
      let event = try decoder.decode(Event.self, from: Data(line))
      guard accept(event) else { return }
      if !event.eventID.isEmpty && !seen.insert(event.eventID).inserted { return }
      events.append(event)
    } catch let error as DecodingError {
      malformed.append((number, JSONCoding.describe(error)))
    } catch {
      malformed.append((number, "\(error)"))
    }
  }
}
