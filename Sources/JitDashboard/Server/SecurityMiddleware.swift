import HTTPTypes
import Hummingbird
import JitCore

/// What every request passes before a route sees it, and what every answer carries:
/// - only GET (the dashboard is read-only), with no body, and a target of bounded length;
/// - on loopback, a `Host` naming loopback (a page elsewhere that rebinds its name to 127.0.0.1
///   cannot read the dashboard);
/// - with a token, the token: `Authorization: Bearer`, the `jit_token` cookie, or `?token=` (which
///   sets the cookie, so that the page's own requests and its event stream carry it);
/// - the Content-Security-Policy and the other headers below.
struct SecurityMiddleware<Context: RequestContext>: RouterMiddleware {
  static var contentSecurityPolicy: String {
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
  }
  static var cookieName: String { "jit_token" }

  let options: DashboardOptions
  /// The port actually bound (the options may say 0).
  let boundPort: @Sendable () -> Int

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws
    -> Response
  {
    var response = try await check(request, context: context, next: next)
    Self.secure(&response.headers)
    return response
  }

  static func secure(_ headers: inout HTTPFields) {
    headers[HTTPField.Name.constant("Content-Security-Policy")] = contentSecurityPolicy
    headers[HTTPField.Name.constant("X-Content-Type-Options")] = "nosniff"
    headers[HTTPField.Name.constant("X-Frame-Options")] = "DENY"
    headers[HTTPField.Name.constant("Referrer-Policy")] = "no-referrer"
    headers[HTTPField.Name.constant("Cross-Origin-Resource-Policy")] = "same-origin"
    if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
  }

  private func check(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws -> Response
  {
    guard request.method == .get else {
      var response = Failure.response(
        .methodNotAllowed, "METHOD_NOT_ALLOWED", "the dashboard is read-only: GET only")
      response.headers[.allow] = "GET"
      return response
    }
    let declared = request.headers[.contentLength].flatMap { Int($0) } ?? 0
    if declared > 0 || request.headers[.transferEncoding] != nil {
      return Failure.response(.contentTooLarge, "REQUEST_TOO_LARGE", "requests carry no body here")
    }
    if (request.head.path ?? "").utf8.count > options.maxTargetLength {
      return Failure.response(
        .uriTooLong, "REQUEST_TOO_LARGE", "the request target is over \(options.maxTargetLength) bytes")
    }
    if options.isLoopback, !hostAllowed(request.head.authority) {
      return Failure.response(
        .misdirectedRequest, "HOST_NOT_ALLOWED",
        "the Host header must name this machine (127.0.0.1, localhost or [::1]): a DNS rebinding guard")
    }
    var setCookie: String?
    if let token = options.token {
      let bearer = request.headers[.authorization].flatMap { value -> String? in
        value.hasPrefix("Bearer ") ? String(value.dropFirst(7)) : nil
      }
      let cookie = request.cookies[Self.cookieName]?.value
      let query = request.uri.queryParameters.get("token")
      let presented = [bearer, cookie, query].compactMap { $0 }
      guard presented.contains(where: { Self.same($0, token) }) else {
        var response = Failure.response(
          .unauthorized, "TOKEN_REQUIRED",
          "this dashboard needs its token: Authorization: Bearer TOKEN, or open it once with ?token=TOKEN")
        response.headers[.wwwAuthenticate] = "Bearer realm=\"jit\""
        return response
      }
      if let query, Self.same(query, token), cookie.map({ !Self.same($0, token) }) ?? true {
        setCookie = query
      }
    }
    var response = try await next(request, context)
    if let setCookie {
      response.setCookie(
        Cookie(name: Self.cookieName, value: setCookie, path: "/", httpOnly: true, sameSite: .strict))
    }
    return response
  }

  /// `127.0.0.1[:port]`, `localhost[:port]`, `[::1][:port]` or the host bound, with our port if any.
  func hostAllowed(_ authority: String?) -> Bool {
    guard let authority, !authority.isEmpty else { return false }
    var name = authority
    var port: String?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { return false }
      name = String(authority[authority.startIndex...close])
      let rest = authority[authority.index(after: close)...]
      if rest.hasPrefix(":") { port = String(rest.dropFirst()) } else if !rest.isEmpty { return false }
    } else if let colon = authority.lastIndex(of: ":") {
      name = String(authority[..<colon])
      port = String(authority[authority.index(after: colon)...])
    }
    if let port, port != String(boundPort()) { return false }
    let lowered = name.lowercased()
    return lowered == "localhost" || lowered == "[::1]" || lowered == options.host.lowercased()
      || DashboardOptions.isLoopback(lowered) && lowered.hasPrefix("127.")
  }

  /// Compares in time independent of where they differ.
  static func same(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    var difference = UInt8(left.count == right.count ? 0 : 1)
    for index in 0..<max(left.count, right.count) {
      difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
    }
    return difference == 0
  }
}

/// Runs `body`, or gives up after `limit` (nil).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T)
  async throws -> T?
{
  try await withThrowingTaskGroup(of: T?.self) { group in
    group.addTask { try await body() }
    group.addTask {
      try await Task.sleep(for: limit)
      return nil
    }
    let first = try await group.next() ?? nil
    group.cancelAll()
    return first
  }
}

extension HTTPField.Name {
  /// A header name the dashboard spells itself. Each is a valid token (the tests read every one of
  /// them back), so the fallback, a header no one reads, is never taken.
  static func constant(_ name: String) -> HTTPField.Name {
    HTTPField.Name(name) ?? HTTPField.Name("X-Jit-Unnamed") ?? .via
  }
}
