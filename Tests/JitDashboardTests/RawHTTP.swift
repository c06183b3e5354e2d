import Foundation

/// HTTP/1.1 over a plain socket, byte for byte as written: what a hostile page or a careless client
/// sends (a forged `Host`, `..` in the path, a body), which URLSession would tidy up first.
enum RawHTTP {
  struct Answer {
    var status: Int
    var head: String
    var body: String

    func header(_ name: String) -> String? {
      for line in head.split(separator: "\r\n").dropFirst() {
        let parts = line.split(separator: ":", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == name.lowercased() {
          return parts[1].trimmingCharacters(in: .whitespaces)
        }
      }
      return nil
    }
  }

  /// Sends `request` (CRLFs added to bare line ends) and reads until the connection closes, `until`
  /// appears in what was read, or `timeout` seconds pass.
  static func send(port: Int, _ request: String, until: String? = nil, timeout: Double = 10) throws -> Answer
  {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw RawError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw RawError("connect to \(port) failed") }
    var wait = timeval(tv_sec: 0, tv_usec: 200_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    let bytes = Array(
      request.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let count = read(fd, &buffer, buffer.count)
      if count == 0 { break }
      if count > 0 { received += buffer[0..<count] }
      if let until, String(decoding: received, as: UTF8.self).contains(until) { break }
    }
    let text = String(decoding: received, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { return Answer(status: 0, head: text, body: "") }
    let head = String(text[..<split.lowerBound])
    let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
    return Answer(status: status, head: head, body: String(text[split.upperBound...]))
  }

  static func get(
    port: Int, _ path: String, host: String? = nil, headers: [String] = [], until: String? = nil,
    timeout: Double = 10
  ) throws -> Answer {
    let lines =
      ["GET \(path) HTTP/1.1", "Host: \(host ?? "127.0.0.1:\(port)")", "Connection: close"] + headers
    return try send(port: port, lines.joined(separator: "\n") + "\n\n", until: until, timeout: timeout)
  }
}

struct RawError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
