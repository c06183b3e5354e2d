/// The Prometheus text exposition format (version 0.0.4), written by hand: a `# HELP` and a
/// `# TYPE` line per family, then its samples. Counters end in `_total`, durations are in seconds,
/// every name starts with `jit_`, and labels take values from small fixed sets only.
public struct PrometheusText: Sendable {
  public private(set) var text = ""

  public init() {}

  public enum Kind: String, Sendable { case gauge, counter, histogram }

  /// One family with its samples: `(labels, value)`, labels in the order given.
  public mutating func family(
    _ name: String, _ kind: Kind, help: String, _ samples: [([(String, String)], Double)]
  ) {
    text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
    for (labels, value) in samples { sample(name, labels, value) }
  }

  /// One family of a single sample without labels.
  public mutating func family(_ name: String, _ kind: Kind, help: String, _ value: Double) {
    family(name, kind, help: help, [([], value)])
  }

  /// A histogram family: `_bucket{le=...}` (cumulative, ending in `+Inf`), `_sum` and `_count`.
  public mutating func histogram(_ name: String, help: String, _ histogram: Histogram) {
    text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) histogram\n"
    for (bound, count) in histogram.cumulative {
      sample(name + "_bucket", [("le", bound.map(Self.number) ?? "+Inf")], Double(count))
    }
    sample(name + "_sum", [], histogram.sum)
    sample(name + "_count", [], Double(histogram.count))
  }

  mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
    text += name
    if !labels.isEmpty {
      text += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
    }
    text += " " + Self.number(value) + "\n"
  }

  /// A number as the format writes it: integers without a fraction, others in Swift's shortest form.
  public static func number(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }

  static func escapeHelp(_ text: String) -> String {
    text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
  }

  static func escapeLabel(_ text: String) -> String {
    text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
  }
}
