import FoundationEssentials
import JitCore

/// One JSON object of a plan or a batch, read field by field: a field of the wrong type, or one
/// the object should not have, is `INVALID_PLAN` naming where it is (`entry` or `line`) and the field.
struct PlanRecord: Sendable {
  let fields: [String: JSONValue]
  /// Where the record is, for people: "entry 3", "line 7".
  let place: String
  /// The same, for `details`: `["entry": 3]`, `["line": 7]`.
  let location: [String: JSONValue]

  init(_ value: JSONValue, place: String, location: [String: JSONValue]) throws {
    self.place = place
    self.location = location
    guard case .object(let fields) = value else {
      throw JitError(.invalidPlan, "\(place) is not a JSON object", details: location)
    }
    self.fields = fields
  }

  func invalid(_ problem: String, field: String? = nil) -> JitError {
    var details = location
    if let field { details["field"] = .string(field) }
    return JitError(.invalidPlan, "\(place): \(problem)", details: details)
  }

  /// Refuses a field outside `allowed` (a typo must not be ignored).
  func only(_ allowed: [String]) throws {
    for key in fields.keys.sorted() where !allowed.contains(key) {
      throw invalid(
        "unknown field '\(key)' (use \(allowed.joined(separator: ", ")))", field: key)
    }
  }

  func string(_ key: String) throws -> String? {
    switch fields[key] {
    case nil, .null: return nil
    case .string(let text): return text
    default: throw invalid("'\(key)' must be a string", field: key)
    }
  }

  func requiredString(_ key: String) throws -> String {
    guard let text = try string(key) else { throw invalid("'\(key)' is missing", field: key) }
    return text
  }

  func bool(_ key: String) throws -> Bool {
    switch fields[key] {
    case nil, .null: return false
    case .bool(let value): return value
    default: throw invalid("'\(key)' must be true or false", field: key)
    }
  }

  /// A string, or an array of strings (a single reference may be written bare).
  func strings(_ key: String) throws -> [String] {
    switch fields[key] {
    case nil, .null: return []
    case .string(let text): return [text]
    case .array(let values):
      return try values.map { value in
        guard case .string(let text) = value else {
          throw invalid("'\(key)' must be an array of strings", field: key)
        }
        return text
      }
    default: throw invalid("'\(key)' must be an array of strings", field: key)
    }
  }

  func context(_ key: String) throws -> [String: String] {
    switch fields[key] {
    case nil, .null: return [:]
    case .object(let object):
      return try object.mapValues { value in
        guard case .string(let text) = value else {
          throw invalid("every value of '\(key)' must be a string", field: key)
        }
        return text
      }
    default: throw invalid("'\(key)' must be an object of strings", field: key)
    }
  }

  func priority(_ key: String) throws -> Priority? {
    guard let text = try string(key) else { return nil }
    guard let priority = Priority(name: text) else {
      throw invalid("unknown priority '\(text)' (use low, normal, high or critical)", field: key)
    }
    return priority
  }

  /// The error, with where it happened added to its message and details.
  func annotated(_ error: any Error) -> any Error {
    guard var error = error as? JitError, error.details["line"] == nil, error.details["entry"] == nil else {
      return error
    }
    error.message = "\(place): " + error.message
    for (key, value) in location { error.details[key] = value }
    return error
  }

  /// Parses one JSON document; `INVALID_PLAN` where it is not JSON.
  static func document(_ text: String, what: String) throws -> JSONValue {
    do {
      return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    } catch {
      throw JitError(.invalidPlan, "\(what) is not JSON", details: [:])
    }
  }
}
