import JitCore

/// Where each node of a dependency graph goes: layers by the longest chain of prerequisites
/// within the selection (prerequisites to the left), and within a layer ordered by where their
/// prerequisites sit, so that edges mostly run straight. A pure function over the selection.
struct GraphLayout {
  static let nodeWidth = 170
  static let nodeHeight = 24
  static let layerGap = 70
  static let rowGap = 8
  static let margin = 16

  var position: [IssueID: (x: Int, y: Int)] = [:]
  var width = 0
  var height = 0

  init(_ ids: [IssueID], issues: [IssueID: Issue]) {
    let selected = Set(ids)
    var layer: [IssueID: Int] = [:]
    var visiting: Set<IssueID> = []
    func depth(_ id: IssueID) -> Int {
      if let known = layer[id] { return known }
      guard visiting.insert(id).inserted else { return 0 }
      let prerequisites = (issues[id]?.dependencies ?? []).filter { selected.contains($0) }
      let value = prerequisites.map { depth($0) + 1 }.max() ?? 0
      visiting.remove(id)
      layer[id] = value
      return value
    }
    var layers: [[IssueID]] = []
    for id in ids.sorted() {
      let index = depth(id)
      while layers.count <= index { layers.append([]) }
      layers[index].append(id)
    }
    var row: [IssueID: Double] = [:]
    for (index, members) in layers.enumerated() {
      var ordered = members
      if index > 0 {
        func barycentre(_ id: IssueID) -> Double {
          let rows = (issues[id]?.dependencies ?? []).compactMap { row[$0] }
          return rows.isEmpty ? Double.infinity : rows.reduce(0, +) / Double(rows.count)
        }
        let keys = Dictionary(uniqueKeysWithValues: members.map { ($0, barycentre($0)) })
        ordered.sort { (keys[$0] ?? 0, $0.rawValue) < (keys[$1] ?? 0, $1.rawValue) }
      } else {
        ordered = members.sorted { lhs, rhs in
          guard let a = issues[lhs], let b = issues[rhs] else { return lhs < rhs }
          return Issue.workOrder(a, b)
        }
      }
      for (place, id) in ordered.enumerated() {
        row[id] = Double(place)
        position[id] = (
          Self.margin + index * (Self.nodeWidth + Self.layerGap),
          Self.margin + place * (Self.nodeHeight + Self.rowGap)
        )
      }
      height = max(height, Self.margin * 2 + ordered.count * (Self.nodeHeight + Self.rowGap))
    }
    width = Self.margin * 2 + layers.count * (Self.nodeWidth + Self.layerGap)
  }
}
