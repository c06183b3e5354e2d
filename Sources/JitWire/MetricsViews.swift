import JitCore

/// `metrics report --format json` (to standard output): the rows as an array of objects keyed by
/// column name.
extension JSONValue: WireView {}

/// `metrics export --json` and `metrics report --output FILE --json`: what was written.
public struct MetricsOutputView: WireView {
  /// `prometheus`, `csv` or `json`.
  public var format: String
  /// The file written, when `--output` named one.
  public var path: String?
  /// `report`: the grouping (`issue`, `day`, `assignee`), its columns and how many rows.
  public var by: String?
  public var columns: [String]?
  public var rows: Int?
  /// `export` without `--output`: the exposition text.
  public var text: String?

  public init(
    format: String, path: String? = nil, by: String? = nil, columns: [String]? = nil, rows: Int? = nil,
    text: String? = nil
  ) {
    self.format = format
    self.path = path
    self.by = by
    self.columns = columns
    self.rows = rows
    self.text = text
  }
}

/// `alert add`, `alert rm`: the definition as `.jit/alerts.json` holds it.
extension AlertDefinition: WireView {}

/// `alert check`: one result per alert.
extension AlertCheckResult: WireView {}

/// `alert list` and `alert show`: a definition with where it stands.
public struct AlertView: WireView {
  public var name: String
  public var condition: String
  public var forSeconds: Int64
  public var notify: [String]
  public var createdAt: Timestamp
  public var createdBy: Actor?
  /// `inactive`, `pending` or `firing`, as of the last evaluation (`alert check`).
  public var state: String
  public var activeSince: Timestamp?
  public var firedAt: Timestamp?
  public var lastEvaluated: Timestamp?
  public var lastValue: Double?

  public init(_ definition: AlertDefinition, status: AlertStatus?) {
    name = definition.name
    condition = definition.condition
    forSeconds = definition.forSeconds
    notify = definition.notify
    createdAt = definition.createdAt
    createdBy = definition.createdBy
    let current = status?.condition == definition.condition ? status : nil
    state = (current?.state ?? .inactive).rawValue
    activeSince = current?.activeSince
    firedAt = current?.firedAt
    lastEvaluated = status?.lastEvaluated
    lastValue = status?.lastValue
  }

  enum CodingKeys: String, CodingKey {
    case name, condition, notify, state
    case forSeconds = "for_seconds"
    case createdAt = "created_at"
    case createdBy = "created_by"
    case activeSince = "active_since"
    case firedAt = "fired_at"
    case lastEvaluated = "last_evaluated"
    case lastValue = "last_value"
  }
}
