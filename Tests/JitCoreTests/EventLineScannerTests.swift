import Foundation
import Testing

@testable import JitCore

/// The fast event-line check never accepts a line that `Event` decoding rejects.
@Suite struct EventLineScannerTests {
  static let valid =
    #"{"by":"agent:copilot-1","event":"issue.claimed","event_id":"01JD0000000000000000000000","#
    + #""id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","ts":"2025-11-27T19:00:05.000Z","assignee":"agent:copilot-1","#
    + #""n":-12.5,"list":[1,true,null,{"a":"b\n\"c\""}],"empty":{},"none":[]}"#

  func decodes(_ line: String) -> Bool {
    (try? JSONDecoder().decode(Event.self, from: Data(line.utf8))) != nil
  }

  func scans(_ line: String) -> Bool {
    EventLineScanner.isCertainlyValid(ArraySlice(Array(line.utf8)))
  }

  @Test func acceptsOrdinaryEvents() {
    #expect(scans(Self.valid))
    #expect(scans(#"  {"ts":"2025-11-27T19:00:00Z","event":"x","id":null,"by":null}  "#))
  }

  @Test(arguments: [
    "", "{}", "[]", "<<<<<<< HEAD", #"{"ts":"2025-11-27T19:00:00Z"}"#,
    #"{"ts":"yesterday","event":"x"}"#, #"{"ts":"2025-11-27T19:00:00Z","event":null}"#,
    #"{"ts":"2025-11-27T19:00:00Z","event":"x","id":"../etc"}"#,
    #"{"ts":"2025-11-27T19:00:00Z","event":"x","by":"nobody"}"#,
    #"{"ts":"2025-11-27T19:00:00Z","event":"x",}"#, #"{"ts":"2025-11-27T19:00:00Z","event":"x"} x"#,
    #"{"ts":"2025-11-27T19:00:00Z","event":"x","n":01}"#,
    #"{"ts":"2025-11-27T19:00:00Z","event":"x","s":"\q"}"#,
    #"{"ts":"2025-11-27T19:00:00Z","event":"x","n":1e999}"#,
    #"{"ts":"2025-11-27T19:00:00Z","event":"x","event":"y"}"#,
  ])
  func rejectsWhatDecodingRejects(_ line: String) {
    #expect(!scans(line) || decodes(line))
  }

  @Test func neverAcceptsAMutatedLineThatDoesNotDecode() {
    var generator = SystemRandomNumberGenerator()
    let original = Array(Self.valid.utf8)
    let alphabet = Array(#"{}[]",:\ -.0123456789eEtrufalsn"#.utf8)
    var accepted = 0
    for _ in 0..<3000 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes.remove(at: position)
        case 1: bytes.insert(alphabet.randomElement(using: &generator) ?? 32, at: position)
        default: bytes[position] = alphabet.randomElement(using: &generator) ?? 32
        }
      }
      let line = String(decoding: bytes, as: UTF8.self)
      if scans(line) {
        accepted += 1
        #expect(decodes(line), "the scanner accepted a line that does not decode: \(line)")
      }
    }
    #expect(accepted > 0)
  }
}
