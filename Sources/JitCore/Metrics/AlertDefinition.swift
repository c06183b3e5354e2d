/// One alert as `.jit/alerts.json` holds it (committed): a name, a condition over metrics, how long
/// it must hold before the alert fires, and where notifications go.
public struct AlertDefinition: Hashable, Sendable, Codable {
  public var name: String
  public var condition: String
  /// Seconds the condition must hold before the alert fires (0: at once).
  public var forSeconds: Int64
  /// `webhook:URL` or `command:PATH`, each notified on firing and on resolving.
  public var notify: [String]
  public var createdAt: Timestamp
  public var createdBy: Actor?

  public init(
    name: String, condition: String, forSeconds: Int64, notify: [String], createdAt: Timestamp,
    createdBy: Actor?
  ) {
    self.name = name
    self.condition = condition
    self.forSeconds = forSeconds
    self.notify = notify
    self.createdAt = createdAt
    self.createdBy = createdBy
  }

  enum CodingKeys: String, CodingKey {
    case name, condition, notify
    case forSeconds = "for_seconds"
    case createdAt = "created_at"
    case createdBy = "created_by"
  }

  /// An alert's name: 1 to 64 of `a-z 0-9 - _ .`, starting with a letter or digit.
  public static func validName(_ name: String) throws {
    let bytes = Array(name.utf8)
    let allowed = bytes.allSatisfy {
      ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || [45, 95, 46].contains($0)
    }
    guard (1...64).contains(bytes.count), allowed, let first = bytes.first, first != 45, first != 95,
      first != 46
    else {
      throw JitError.invalidArgument(
        "alert name '\(name)' is not 1-64 of a-z 0-9 - _ . (starting with a letter or digit)",
        details: ["name": .string(name)])
    }
  }

  /// A notification target: `webhook:http(s)://host...` or `command:PATH`.
  public enum Target: Hashable, Sendable {
    case webhook(String)
    case command(String)

    public init(_ text: String) throws {
      func refuse(_ why: String) -> JitError {
        JitError(.invalidNotify, "--notify '\(text)': \(why)", details: ["notify": .string(text)])
      }
      if text.hasPrefix("webhook:") {
        let url = String(text.dropFirst("webhook:".count))
        let rest: Substring
        if url.hasPrefix("http://") {
          rest = url.dropFirst(7)
        } else if url.hasPrefix("https://") {
          rest = url.dropFirst(8)
        } else {
          throw refuse("a webhook URL starts with http:// or https://")
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.hasPrefix(":"), !url.contains(where: { $0 == " " || $0.isNewline }) else {
          throw refuse("the URL has no host, or has spaces")
        }
        self = .webhook(url)
      } else if text.hasPrefix("command:") {
        let path = String(text.dropFirst("command:".count))
        guard !path.isEmpty, !path.contains(where: \.isNewline), !path.contains("\0") else {
          throw refuse("command: needs the path of an executable")
        }
        self = .command(path)
      } else {
        throw refuse("write webhook:URL or command:PATH")
      }
    }

    public var description: String {
      switch self {
      case .webhook(let url): return "webhook:" + url
      case .command(let path): return "command:" + path
      }
    }
  }
}

/// The alerts of `.jit/alerts.json`, keyed by name.
public struct AlertRegistry: Hashable, Sendable, Codable {
  public var alerts: [String: AlertDefinition]

  public init(alerts: [String: AlertDefinition] = [:]) { self.alerts = alerts }

  public init(from decoder: any Decoder) throws {
    alerts = try [String: AlertDefinition](from: decoder)
  }

  public func encode(to encoder: any Encoder) throws { try alerts.encode(to: encoder) }

  public var sorted: [AlertDefinition] { alerts.keys.sorted().compactMap { alerts[$0] } }
}
