import FoundationEssentials

extension JSONValue {
  /// Any encodable value as a `JSONValue` (through its JSON form).
  public init<T: Encodable>(encoding value: T) throws {
    let data = try JSONCoding.lineEncoder().encode(value)
    self = try JSONDecoder().decode(JSONValue.self, from: data)
  }
}
