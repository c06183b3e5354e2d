/// A Prometheus histogram in seconds: cumulative-at-export bucket counts over fixed upper bounds,
/// the sum and the count of every observation.
public struct Histogram: Hashable, Sendable, Codable {
  /// The upper bounds, ascending, in seconds (`+Inf` is implied).
  public var bounds: [Double]
  /// Observations per bucket (not cumulative): `counts[i]` are those in `(bounds[i-1], bounds[i]]`,
  /// the last one those above every bound.
  public var counts: [Int]
  public var sum: Double = 0
  public var count: Int = 0

  public init(bounds: [Double]) {
    self.bounds = bounds
    self.counts = Array(repeating: 0, count: bounds.count + 1)
  }

  public mutating func observe(_ seconds: Double) {
    let value = max(0, seconds)
    var slot = bounds.count
    for (index, bound) in bounds.enumerated() where value <= bound {
      slot = index
      break
    }
    counts[slot] += 1
    sum += value
    count += 1
  }

  /// The cumulative count of each bound and of `+Inf`, as the exposition format writes them.
  public var cumulative: [(bound: Double?, count: Int)] {
    var running = 0
    var result: [(bound: Double?, count: Int)] = []
    for (index, bound) in bounds.enumerated() {
      running += counts[index]
      result.append((bound, running))
    }
    result.append((nil, running + counts[bounds.count]))
    return result
  }

  /// Bounds for lead and cycle times: a minute to 90 days.
  public static let workTimeBounds: [Double] = [
    60, 300, 900, 3_600, 14_400, 28_800, 86_400, 259_200, 604_800, 1_209_600, 2_592_000, 7_776_000,
  ]
  /// Bounds for gate checker run times: 50 ms to an hour.
  public static let checkTimeBounds: [Double] = [
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3_600,
  ]
}
