import Foundation
import Logging
import MCP

/// The stdio transport, with tool arguments' strings kept as the client sent them.
///
/// The SDK (0.12.1) decodes any JSON string that parses as a data URL (`data:,hello`) as binary
/// data, so a title or note typed that way would come back re-encoded. Before the SDK decodes a
/// `tools/call`, every string in its arguments that starts with `data:` gets `marker` in front,
/// which `ToolArguments` takes off again. Other messages pass untouched.
actor LiteralStringTransport: Transport {
  /// A private-use character no client sends at the start of an argument.
  static let marker = "\u{E000}"

  nonisolated let logger: Logger
  private let inner: StdioTransport
  private var upstream: AsyncThrowingStream<Data, any Error>?

  init(logger: Logger) {
    self.logger = logger
    self.inner = StdioTransport(logger: logger)
  }

  func connect() async throws {
    try await inner.connect()
    upstream = await inner.receive()
  }

  func disconnect() async { await inner.disconnect() }

  func send(_ data: Data) async throws { try await inner.send(data) }

  func receive() -> AsyncThrowingStream<Data, any Error> {
    guard let upstream else { return AsyncThrowingStream { $0.finish() } }
    return AsyncThrowingStream { continuation in
      let task = Task {
        do {
          for try await message in upstream { continuation.yield(Self.markingDataURLs(message)) }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  /// `message` with the strings under `params.arguments` of a `tools/call` that start with `data:`
  /// marked; unchanged when it has none (or is not a tool call, or does not parse).
  static func markingDataURLs(_ message: Data) -> Data {
    guard message.range(of: Data("\"data:".utf8)) != nil,
      var object = (try? JSONSerialization.jsonObject(with: message)) as? [String: Any],
      object["method"] as? String == "tools/call",
      var parameters = object["params"] as? [String: Any], let arguments = parameters["arguments"]
    else { return message }
    parameters["arguments"] = mark(arguments)
    object["params"] = parameters
    return (try? JSONSerialization.data(withJSONObject: object)) ?? message
  }

  private static func mark(_ value: Any) -> Any {
    switch value {
    case let text as String: text.hasPrefix("data:") ? marker + text : text
    case let list as [Any]: list.map(mark)
    case let object as [String: Any]: object.mapValues(mark)
    default: value
    }
  }
}
