import Hummingbird
import JitCore
import JitWire

/// The dashboard's error answers: `{"error": {"code", "message", "details"}}`, the CLI's envelope,
/// for pages and `/api` alike. Errors from the application keep their codes (`ISSUE_NOT_FOUND`,
/// ...); the server's own are listed in docs/dashboard.md.
enum Failure {
  static func response(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
    let body: JSONValue = .object([
      "error": .object(["code": .string(code), "message": .string(message), "details": .object([:])])
    ])
    return json(status, (try? WireEncoder.documentBytes(body)) ?? Array(message.utf8))
  }

  static func response(_ error: any Error) -> Response {
    guard let error = error as? JitError else {
      return response(.internalServerError, "INTERNAL_ERROR", "\(error)")
    }
    let status: HTTPResponse.Status
    switch error.code.exitCode {
    case 2: status = .badRequest
    case 3: status = .notFound
    case 5: status = .conflict
    default: status = .internalServerError
    }
    return json(status, (try? WireEncoder.documentBytes(ErrorEnvelope(error))) ?? Array(error.message.utf8))
  }

  static func json(_ status: HTTPResponse.Status, _ bytes: [UInt8]) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes + [10])))
  }
}
