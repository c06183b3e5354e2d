/// A plain text table with aligned columns, for people.
struct Table {
  var headers: [String]
  var rows: [[String]] = []

  init(_ headers: String...) { self.headers = headers }

  mutating func add(_ cells: String...) { rows.append(cells) }

  /// The table with each column as wide as its widest cell; the last column is not padded. With
  /// `colour`, the cells of the STATE and PRIORITY columns are coloured (`Palette`).
  func render(colour: Bool = false) -> String {
    var painted: [Int: (String) -> String] =
      colour
      ? Dictionary(
        uniqueKeysWithValues: headers.enumerated().compactMap { index, header in
          switch header {
          case "STATE": return (index, Palette.state)
          case "PRIORITY": return (index, Palette.priority)
          default: return nil
          }
        }) : [:]
    // The last column is not padded, so its width (often a long title) is never measured.
    let padded = max(headers.count - 1, 0)
    var widths = headers.prefix(padded).map(Self.width)
    for row in rows {
      for index in 0..<min(padded, row.count) { widths[index] = max(widths[index], Self.width(row[index])) }
    }
    var text = ""
    text.reserveCapacity((rows.count + 1) * (widths.reduce(0, +) + 2 * padded + 48))
    func line(_ cells: [String]) {
      let start = text.utf8.count
      for (index, cell) in cells.enumerated() {
        text += painted[index].map { $0(cell) } ?? cell
        if index < cells.count - 1 && index < widths.count {
          text += String(repeating: " ", count: widths[index] - Self.width(cell) + 2)
        }
      }
      // A line whose last cells are empty ends without their padding.
      while text.utf8.count > start && text.hasSuffix(" ") { text.removeLast() }
      text += "\n"
    }
    let header = painted
    painted = [:]
    line(headers)
    painted = header
    for row in rows { line(row) }
    return text
  }

  /// How many columns a cell takes: its bytes when it is ASCII (ids, states, most titles), else its
  /// characters.
  static func width(_ cell: String) -> Int {
    cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : cell.count
  }
}
