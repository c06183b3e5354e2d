import JitCore

extension JitApplication {
  /// What `validate` adds for external dependencies (`alias:ID`), as warnings: each one whose state
  /// is unknown (the repository cannot be read, or has no such issue), naming the alias; and each
  /// cycle that runs through another repository and back, where every repository on it can be read
  /// (links are followed through the other repositories' own `config.toml`).
  public func externalDiagnostics() throws -> [Diagnostic] {
    let issues = try tracker.read { reader in
      // The ids first: reading an issue inside a store's answer may start it over.
      var withLinks: [IssueID] = []
      try reader.session.query(.states(Set(IssueState.allCases)), gates: GateRegistry()) { row in
        if TrackerReader.namesExternal(row) { withLinks.append(row.id) }
      }
      return try withLinks.compactMap { try reader.session.find($0) }
    }
    var diagnostics: [Diagnostic] = []
    for issue in issues {
      for dependency in issue.externalDependencies {
        let status = linked.status(of: dependency)
        guard status.state == "unknown" else { continue }
        diagnostics.append(
          Diagnostic(
            .warning, .externalUnknown, path: layout.relative(layout.issueFile(issue.id)), issueID: issue.id,
            message:
              "\(issue.id.short) depends on \(dependency.short) in repository '\(dependency.alias)', whose "
              + "state is unknown (\(status.reason ?? "unknown")): it is blocked until that issue can be read "
              + "and is done"))
      }
    }
    var walk = RepositoryWalk(self)
    diagnostics += try walk.cycles(from: issues).map { cycle, start in
      Diagnostic(
        .warning, .crossRepositoryCycle, path: layout.relative(layout.issueFile(start)), issueID: start,
        message: "dependencies form a cycle through another repository: " + cycle.joined(separator: " -> "))
    }
    return diagnostics
  }
}

/// A walk of dependencies through this repository and the ones its aliases name, and theirs.
/// Every repository is only read.
struct RepositoryWalk {
  struct Node: Hashable {
    var repository: String
    var id: IssueID
  }

  /// Each repository reached: its store, its aliases (nil for a database: it has no config file
  /// here to follow) and how its issues are named in messages (`alias:` or nothing for this one).
  private var stores: [String: (store: any Store, links: LinkedRepositories?, label: String)] = [:]
  private let here: String
  private let environment: [String: String]

  init(_ application: JitApplication) {
    here = FileSystem.resolved(application.layout.rootDirectory) ?? application.layout.rootDirectory
    environment = application.configuration.checkerEnvironment
    stores[here] = (application.store, application.linked, "")
  }

  /// The neighbours of a node (its prerequisites, here and in the other repositories), registering
  /// the repositories they are in; nil when its repository cannot be read.
  mutating func next(_ node: Node) -> [Node] {
    guard let repository = stores[node.repository],
      let issue = try? repository.store.read({ try $0.find(node.id) })
    else { return [] }
    var nodes = issue.dependencies.map { Node(repository: node.repository, id: $0) }
    for dependency in issue.externalDependencies {
      guard let links = repository.links, case .success(let linked) = links.open(dependency.alias) else {
        continue
      }
      if stores[linked.key] == nil {
        var aliases: LinkedRepositories?
        if let root = linked.root {
          let layout = RepositoryLayout(jitDirectory: root + "/" + RepositoryLayout.directoryName)
          let settings = (try? StoreComposition.settings(layout)) ?? RepositorySettings()
          aliases = LinkedRepositories(root: root, links: settings.repositories, environment: environment)
        }
        stores[linked.key] = (linked.store, aliases, dependency.alias + ":")
      }
      nodes.append(Node(repository: linked.key, id: dependency.id))
    }
    return nodes
  }

  /// Each cycle through another repository that comes back to one of `issues`, once, as its nodes
  /// named for people, with the issue of this repository it starts from.
  mutating func cycles(from issues: [Issue]) throws -> [(cycle: [String], start: IssueID)] {
    var found: [(cycle: [String], start: IssueID)] = []
    var reported: Set<Set<Node>> = []
    for issue in issues {
      let start = Node(repository: here, id: issue.id)
      // Breadth first from its external prerequisites, back to it.
      var parent: [Node: Node] = [:]
      var queue: [Node] = []
      for node in next(start) where node.repository != here && parent[node] == nil {
        parent[node] = start
        queue.append(node)
      }
      var index = 0
      var closing: Node?
      while index < queue.count, closing == nil, index < 100_000 {
        let node = queue[index]
        index += 1
        for neighbour in next(node) {
          if neighbour == start {
            closing = node
            break
          }
          guard parent[neighbour] == nil else { continue }
          parent[neighbour] = node
          queue.append(neighbour)
        }
      }
      guard var node = closing else { continue }
      var path = [start]
      while node != start, let previous = parent[node] {
        path.append(node)
        node = previous
      }
      path = [start] + path.dropFirst().reversed() + [start]
      guard reported.insert(Set(path)).inserted else { continue }
      found.append((path.map { (stores[$0.repository]?.label ?? "?") + $0.id.short }, issue.id))
    }
    return found
  }
}
