import FoundationEssentials
import Synchronization

/// Crockford's base32 alphabet, as ULIDs use it: no I, L, O or U.
enum Crockford {
  static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

  /// Whether every character of `text` is in the alphabet (case-insensitively).
  static func isValid(_ text: Substring.UTF8View) -> Bool {
    text.allSatisfy(isDigit)
  }

  /// Whether a byte is in the alphabet (either case): a range check, no table lookup.
  static func isDigit(_ byte: UInt8) -> Bool {
    if byte >= 48 && byte <= 57 { return true }
    let upper = (byte >= 97 && byte <= 122) ? byte - 32 : byte
    return upper >= 65 && upper <= 90 && upper != 73 && upper != 76 && upper != 79 && upper != 85
  }

  static func value(of byte: UInt8) -> UInt8? {
    let value = table[Int(byte)]
    return value == 0xFF ? nil : value
  }

  /// Each byte's value, 0xFF for bytes outside the alphabet (either case): a lookup, not a search.
  private static let table: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, byte) in alphabet.enumerated() {
      table[Int(byte)] = UInt8(index)
      if byte >= 65 && byte <= 90 { table[Int(byte + 32)] = UInt8(index) }
    }
    return table
  }()
}

/// Makes ULIDs: 48 bits of milliseconds since the epoch and 80 random bits, encoded as 26
/// characters of Crockford base32. Ids made by one generator are strictly increasing, even
/// within one millisecond (the random part is incremented), so they sort in creation order.
public final class ULIDGenerator: Sendable {
  private struct Last {
    var millis: UInt64 = 0
    var high: UInt16 = 0
    var low: UInt64 = 0
  }
  private let last = Mutex(Last())

  public init() {}

  /// A new ULID for the given time.
  public func next(at date: Date) -> String {
    let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
    let (stamp, high, low): (UInt64, UInt16, UInt64) = last.withLock { state in
      if millis <= state.millis {
        // Same (or an earlier) millisecond: keep order by incrementing the random part.
        let (sum, carry) = state.low.addingReportingOverflow(1)
        state.low = sum
        if carry { state.high &+= 1 }
      } else {
        var rng = SystemRandomNumberGenerator()
        state.millis = millis
        state.high = UInt16.random(in: 0...UInt16.max, using: &rng)
        state.low = UInt64.random(in: 0...UInt64.max, using: &rng)
      }
      return (state.millis, state.high, state.low)
    }
    return Self.encode(millis: stamp, high: high, low: low)
  }

  static func encode(millis: UInt64, high: UInt16, low: UInt64) -> String {
    // 128 bits: [48 bits time][16 bits high random][64 bits low random], read 5 bits at a time
    // from the top; the first character carries only the top 3 bits (130 - 128 = 2 padding bits).
    let top = (millis << 16) | UInt64(high)
    var out = [UInt8](repeating: 0, count: 26)
    for index in 0..<26 {
      let shift = 125 - 5 * index  // bit offset of this character's lowest bit
      var value: UInt64
      if shift >= 64 {
        value = top >> UInt64(shift - 64)
      } else if shift + 5 <= 64 {
        value = low >> UInt64(shift)
      } else {
        value = (low >> UInt64(shift)) | (top << UInt64(64 - shift))
      }
      value &= 0x1F
      out[index] = Crockford.alphabet[Int(value)]
    }
    return String(decoding: out, as: UTF8.self)
  }
}
