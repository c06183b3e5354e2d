import FoundationEssentials

/// The CI artifact formats `jit gate ingest` reads.
public enum ArtifactFormat: String, Sendable, Codable, CaseIterable {
  /// JUnit XML: any failure or error fails the gate.
  case junit
  /// SARIF 2.1.0: any result at level `error` fails the gate.
  case sarif
  /// Cobertura coverage XML: the line rate against a threshold.
  case cobertura
  /// jit's own result document (docs/gates.md): `{"status": "passed"|"failed", ...}`.
  case json
}

/// What an artifact says: a verdict (nil for coverage, which needs a threshold), a sentence, and figures.
public struct ArtifactReading: Sendable, Hashable {
  /// The format it was read as.
  public var format: ArtifactFormat
  /// The verdict the artifact gives by itself: nil for coverage, which needs a threshold.
  public var status: GateState?
  /// One sentence on what the artifact says, kept as the evidence's message.
  public var message: String
  /// The counts read from it, kept as the evidence's figures.
  public var figures: [String: JSONValue]
  /// Line coverage in percent, for Cobertura.
  public var coveragePercent: Double?
  /// A commit the artifact names (the JSON result's `commit`).
  public var commit: String?
  /// The gate the artifact names (the JSON result's `gate`), which must match.
  public var gate: String?

  public init(
    format: ArtifactFormat, status: GateState?, message: String, figures: [String: JSONValue] = [:],
    coveragePercent: Double? = nil, commit: String? = nil, gate: String? = nil
  ) {
    self.format = format
    self.status = status
    self.message = message
    self.figures = figures
    self.coveragePercent = coveragePercent
    self.commit = commit
    self.gate = gate
  }

  /// Reads an artifact's bytes; `INVALID_ARTIFACT` when they are not a well-formed file of `format`.
  public static func read(_ bytes: [UInt8], format: ArtifactFormat, path: String) throws -> ArtifactReading {
    do {
      switch format {
      case .junit: return try junit(try xml(bytes))
      case .sarif: return try sarif(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)))
      case .cobertura: return try cobertura(try xml(bytes))
      case .json: return try result(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)))
      }
    } catch let error as ArtifactError {
      throw invalid(path, format, error.message)
    } catch let error as XMLSyntaxError {
      throw invalid(path, format, "not well-formed XML: \(error)")
    } catch let error as DecodingError {
      throw invalid(path, format, "not valid JSON: \(JSONCoding.describe(error))")
    } catch {
      throw invalid(path, format, "\(error)")
    }
  }

  /// The verdict for a gate: the artifact's own, or coverage against `threshold` (percent).
  public func verdict(threshold: Double?) throws -> GateState {
    if let status { return status }
    guard let coveragePercent else { throw JitError(.internalError, "an artifact without a verdict") }
    guard let threshold else {
      throw JitError.invalidArgument(
        "no coverage threshold: pass --threshold N or set coverage_threshold on the gate "
          + "('jit gate define <key> --update --coverage-threshold N')")
    }
    return coveragePercent >= threshold ? .passed : .failed
  }

  static func invalid(_ path: String, _ format: ArtifactFormat, _ reason: String) -> JitError {
    JitError(
      .invalidArtifact, "\(path) is not a valid \(format.rawValue) artifact: \(reason)",
      details: ["path": .string(path), "format": .string(format.rawValue), "reason": .string(reason)])
  }

  private static func xml(_ bytes: [UInt8]) throws -> XMLNode {
    do { return try XMLReader.parse(bytes) } catch { throw error }
  }

  // MARK: JUnit

  static func junit(_ root: XMLNode) throws -> ArtifactReading {
    guard root.localName == "testsuites" || root.localName == "testsuite" else {
      throw ArtifactError("the root element is <\(root.name)>, not <testsuites> or <testsuite>")
    }
    var cases = root.descendants(named: "testcase")
    if root.localName == "testcase" { cases.append(root) }
    var tests = 0
    var failures = 0
    var errors = 0
    var skipped = 0
    var failed: [String] = []
    if cases.isEmpty {
      // A summary without test cases: the suites' counts.
      let suites = root.localName == "testsuite" ? [root] : root.descendants(named: "testsuite")
      for suite in suites {
        tests += try count(suite, "tests")
        failures += try count(suite, "failures")
        errors += try count(suite, "errors")
        skipped += try count(suite, "skipped")
      }
    }
    for testcase in cases {
      tests += 1
      let name = [testcase.attributes["classname"], testcase.attributes["name"]].compactMap { $0 }
        .joined(separator: ".")
      if !testcase.children(named: "failure").isEmpty {
        failures += 1
        failed.append(name)
      } else if !testcase.children(named: "error").isEmpty {
        errors += 1
        failed.append(name)
      } else if !testcase.children(named: "skipped").isEmpty {
        skipped += 1
      }
    }
    let figures: [String: JSONValue] = [
      "tests": .int(Int64(tests)), "failures": .int(Int64(failures)), "errors": .int(Int64(errors)),
      "skipped": .int(Int64(skipped)), "failed_tests": .array(failed.prefix(20).map { .string($0) }),
    ]
    if failures + errors > 0 {
      let names = failed.isEmpty ? "" : ": " + failed.prefix(5).joined(separator: ", ")
      return ArtifactReading(
        format: .junit, status: .failed,
        message:
          "\(failures + errors) of \(tests) tests failed (\(failures) failures, \(errors) errors)\(names)",
        figures: figures)
    }
    if tests == 0 {
      return ArtifactReading(
        format: .junit, status: .failed, message: "the report has no tests", figures: figures)
    }
    return ArtifactReading(
      format: .junit, status: .passed, message: "\(tests) tests passed (\(skipped) skipped)", figures: figures
    )
  }

  private static func count(_ node: XMLNode, _ attribute: String) throws -> Int {
    guard let text = node.attributes[attribute] else { return 0 }
    guard let value = Int(text.trimmingWhitespace()), value >= 0 else {
      throw ArtifactError("<\(node.name)> has \(attribute)=\"\(text)\", not a count")
    }
    return value
  }

  // MARK: SARIF

  static func sarif(_ document: JSONValue) throws -> ArtifactReading {
    guard case .object(let root) = document, case .array(let runs)? = root["runs"] else {
      throw ArtifactError("a SARIF log is an object with a \"runs\" array")
    }
    var levels: [String: Int64] = ["error": 0, "warning": 0, "note": 0, "none": 0]
    var errors: [String] = []
    for (runIndex, run) in runs.enumerated() {
      guard case .object(let runObject) = run else {
        throw ArtifactError("runs[\(runIndex)] is not an object")
      }
      let defaults = ruleLevels(runObject)
      guard let results = runObject["results"], results != .null else { continue }
      guard case .array(let list) = results else {
        throw ArtifactError("runs[\(runIndex)].results is not an array")
      }
      for (resultIndex, result) in list.enumerated() {
        guard case .object(let object) = result else {
          throw ArtifactError("runs[\(runIndex)].results[\(resultIndex)] is not an object")
        }
        let level = object["level"].map { $0.stringValue } ?? defaultLevel(object, defaults)
        guard let level, levels[level] != nil else {
          throw ArtifactError(
            "runs[\(runIndex)].results[\(resultIndex)].level is not error, warning, note or none")
        }
        levels[level, default: 0] += 1
        if level == "error" {
          var text = object["ruleId"]?.stringValue ?? "error"
          if case .object(let message)? = object["message"], let body = message["text"]?.stringValue {
            text += ": " + body
          }
          errors.append(text)
        }
      }
    }
    let figures: [String: JSONValue] = [
      "runs": .int(Int64(runs.count)), "errors": .int(levels["error"] ?? 0),
      "warnings": .int(levels["warning"] ?? 0), "notes": .int(levels["note"] ?? 0),
      "error_results": .array(errors.prefix(20).map { .string($0) }),
    ]
    let errorCount = levels["error"] ?? 0
    if errorCount > 0 {
      return ArtifactReading(
        format: .sarif, status: .failed,
        message: "\(errorCount) result(s) at level error: " + errors.prefix(3).joined(separator: "; "),
        figures: figures)
    }
    return ArtifactReading(
      format: .sarif, status: .passed,
      message: "no result at level error (\(levels["warning"] ?? 0) warnings, \(levels["note"] ?? 0) notes)",
      figures: figures)
  }

  /// The `defaultConfiguration.level` of each rule of a run's tool, by rule id and by index.
  private static func ruleLevels(_ run: [String: JSONValue]) -> (byID: [String: String], byIndex: [String]) {
    guard case .object(let tool)? = run["tool"], case .object(let driver)? = tool["driver"],
      case .array(let rules)? = driver["rules"]
    else { return ([:], []) }
    var byID: [String: String] = [:]
    var byIndex: [String] = []
    for rule in rules {
      var level = "warning"
      if case .object(let object) = rule, case .object(let configuration)? = object["defaultConfiguration"],
        let configured = configuration["level"]?.stringValue
      {
        level = configured
      }
      if case .object(let object) = rule, let id = object["id"]?.stringValue { byID[id] = level }
      byIndex.append(level)
    }
    return (byID, byIndex)
  }

  /// SARIF 2.1.0 §3.27.10: a result without a level takes its rule's default level; a result whose
  /// `kind` is not `fail` is `none`; otherwise it is a warning.
  private static func defaultLevel(
    _ result: [String: JSONValue], _ defaults: (byID: [String: String], byIndex: [String])
  ) -> String {
    if let kind = result["kind"]?.stringValue, kind != "fail" { return "none" }
    if case .int(let index)? = result["ruleIndex"], index >= 0, index < defaults.byIndex.count {
      return defaults.byIndex[Int(index)]
    }
    if let id = result["ruleId"]?.stringValue, let level = defaults.byID[id] { return level }
    return "warning"
  }

  // MARK: Cobertura

  static func cobertura(_ root: XMLNode) throws -> ArtifactReading {
    guard root.localName == "coverage" else {
      throw ArtifactError("the root element is <\(root.name)>, not <coverage>")
    }
    guard let text = root.attributes["line-rate"] else { throw ArtifactError("<coverage> has no line-rate") }
    guard let rate = Double(text.trimmingWhitespace()), rate.isFinite, (0...1).contains(rate) else {
      throw ArtifactError("line-rate=\"\(text)\" is not a fraction from 0 to 1")
    }
    var figures: [String: JSONValue] = ["line_rate": .double(rate)]
    for attribute in ["lines-covered", "lines-valid", "branches-covered", "branches-valid"] {
      if let value = root.attributes[attribute].flatMap({ Int64($0) }) {
        figures[attribute.replacing("-", with: "_")] = .int(value)
      }
    }
    if let branch = root.attributes["branch-rate"].flatMap(Double.init), branch.isFinite {
      figures["branch_rate"] = .double(branch)
    }
    let percent = (rate * 10_000).rounded() / 100
    return ArtifactReading(
      format: .cobertura, status: nil, message: "line coverage \(percent)%", figures: figures,
      coveragePercent: percent)
  }

  // MARK: jit's result document

  /// Reads `{"status": "passed"|"failed", "message": "...", "figures": {...}, "gate": "...",
  /// "commit": "..."}`: the JSON result format, which is also a plugin's answer.
  static func result(_ document: JSONValue, format: ArtifactFormat = .json) throws -> ArtifactReading {
    guard case .object(let object) = document else { throw ArtifactError("the result is not a JSON object") }
    guard let status = object["status"]?.stringValue else {
      throw ArtifactError("the result has no \"status\" (\"passed\" or \"failed\")")
    }
    guard status == "passed" || status == "failed" else {
      throw ArtifactError("\"status\" is \"\(status)\": it must be \"passed\" or \"failed\"")
    }
    var message = ""
    if let value = object["message"], value != .null {
      guard let text = value.stringValue else { throw ArtifactError("\"message\" is not a string") }
      message = text
    }
    var figures: [String: JSONValue] = [:]
    if let value = object["figures"], value != .null {
      guard case .object(let map) = value else { throw ArtifactError("\"figures\" is not an object") }
      figures = map
    }
    for key in ["gate", "commit"]
    where object[key] != nil && object[key] != .null && object[key]?.stringValue == nil {
      throw ArtifactError("\"\(key)\" is not a string")
    }
    return ArtifactReading(
      format: format, status: status == "passed" ? .passed : .failed, message: message, figures: figures,
      commit: object["commit"]?.stringValue, gate: object["gate"]?.stringValue)
  }
}

/// Why an artifact was rejected.
struct ArtifactError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
