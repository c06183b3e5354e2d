/// A plain text table with aligned columns, for people.
struct Table {
  var headers: [String]
  var rows: [[String]] = []

  init(_ headers: String...) { self.headers = headers }

  mutating func add(_ cells: String...) { rows.append(cells) }

  /// The table with each column as wide as its widest cell; the last column is not padded.
  func render() -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      var text = ""
      for (index, cell) in cells.enumerated() {
        if index == cells.count - 1 {
          text += cell
        } else {
          text += cell + String(repeating: " ", count: widths[index] - cell.count + 2)
        }
      }
      while text.hasSuffix(" ") { text.removeLast() }
      return text + "\n"
    }
    return line(headers) + rows.map(line).joined()
  }
}
