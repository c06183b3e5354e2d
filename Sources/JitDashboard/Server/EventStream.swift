import HTTPTypes
import Hummingbird
import JitCore
import JitWire

/// `GET /events/stream`: Server-Sent Events, one `message` per event appended to the log by any
/// process, its `id` the event's `event_id` and its data the event as `jit events tail --json`
/// prints it. A client that reconnects with `Last-Event-ID` (browsers do it by themselves; also
/// `?last_event_id=`) first gets every event after that one; when that event is no longer kept,
/// an `event: reset` tells it to read the page again.
enum EventStream {
  static func response(_ request: Request, hub: DashboardHub, heartbeat: Duration) async -> Response {
    let last =
      request.headers[HTTPField.Name.constant("Last-Event-ID")]
      ?? request.uri.queryParameters.get("last_event_id")
    let subscription = await hub.subscribe(after: last.map { String($0) })
    let body = ResponseBody { writer in
      do {
        try await writer.write(ByteBuffer(string: "retry: 1000\n: jit events\n\n"))
        if subscription.reset { try await writer.write(ByteBuffer(string: "event: reset\ndata: {}\n\n")) }
        for event in subscription.replay { try await writer.write(ByteBuffer(string: frame(event))) }
        for await item in subscription.stream {
          switch item {
          case .event(let event): try await writer.write(ByteBuffer(string: frame(event)))
          case .heartbeat: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
          }
        }
        await hub.unsubscribe(subscription.id)
        try await writer.finish(nil)
      } catch {
        await hub.unsubscribe(subscription.id)
        throw error
      }
    }
    return Response(
      status: .ok,
      headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
      body: body)
  }

  /// One event as an SSE frame: `id:` its event id, `data:` its JSON line.
  static func frame(_ event: Event) -> String {
    let line = (try? WireEncoder.line(event)) ?? "{}"
    let id = event.eventID.filter { $0 != "\n" && $0 != "\r" }
    return "id: \(id)\ndata: \(line)\n\n"
  }
}
