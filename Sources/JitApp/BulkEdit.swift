import JitCore

extension JitApplication {
  /// The ids of the issues `filter` (a filter expression) matches, in work order.
  func matching(_ filter: String) throws -> [IssueID] {
    let filter = try IssueFilter(parsing: filter)
    var ids: [IssueID] = []
    try tracker.query(.filter(filter)) { ids.append($0.id) }
    return ids
  }

  /// `FIELD=VALUE` assignments of `issue update --set` as changes: `title`, `description`,
  /// `priority` or `context.KEY`; `unset` names context keys (`context.KEY` or `KEY`) to remove.
  public static func fieldChanges(set: [String], unset: [String]) throws -> IssueChanges {
    var changes = IssueChanges()
    for assignment in set {
      guard let equals = assignment.firstIndex(of: "=") else {
        throw JitError.invalidArgument(
          "--set '\(assignment)' is not FIELD=VALUE (fields: title, description, priority, context.KEY)",
          details: ["input": .string(assignment)])
      }
      let field = String(assignment[..<equals])
      let value = String(assignment[assignment.index(after: equals)...])
      switch field {
      case "title": changes.title = value
      case "description", "desc": changes.description = value
      case "priority":
        guard let priority = Priority(name: value) else {
          throw JitError.invalidArgument(
            "unknown priority '\(value)' (use low, normal, high or critical)",
            details: ["input": .string(value)])
        }
        changes.priority = priority
      case _ where field.hasPrefix("context.") && field.count > "context.".count:
        changes.setContext[String(field.dropFirst("context.".count))] = value
      default:
        throw JitError.invalidArgument(
          "--set cannot change '\(field)' (fields: title, description, priority, context.KEY; states follow "
            + "from claims, gates and dependencies)", details: ["input": .string(field)])
      }
    }
    changes.removeContext = unset.map {
      $0.hasPrefix("context.") ? String($0.dropFirst("context.".count)) : $0
    }
    guard !changes.changesNothing else {
      throw JitError.invalidArgument("nothing to change: give --set FIELD=VALUE or --unset context.KEY")
    }
    return changes
  }

  /// Changes every issue `filter` matches, in one write: one `issue.updated` event per issue
  /// changed, none for one already so. With `dryRun`, answers and keeps nothing.
  public func update(
    where filter: String, _ changes: IssueChanges, dryRun: Bool = false, by: String? = nil
  ) throws -> BulkEdit {
    _ = try actor(by)
    guard !changes.changesNothing else {
      throw JitError.invalidArgument(
        "nothing to change: give --set FIELD=VALUE (or --title, --desc, --priority, --context, --unset)")
    }
    return try batch(dryRun: dryRun) { joined in
      let ids = try joined.matching(filter)
      var edit = BulkEdit(dryRun: dryRun, matched: ids.count, changed: [], unchanged: [])
      for id in ids {
        let before = try joined.tracker.issue(IssueReference(id))
        let after = try joined.update(id.rawValue, changes, by: by)
        let fields = Self.differences(before, after)
        if fields.isEmpty {
          edit.unchanged.append(id)
        } else {
          edit.changed.append(.init(issue: after, fields: fields))
        }
      }
      return edit
    }
  }

  /// Archives every issue `filter` matches, in one write. With `dryRun`, answers and keeps nothing.
  public func archive(where filter: String, dryRun: Bool = false, by: String? = nil) throws -> BulkEdit {
    _ = try actor(by)
    return try batch(dryRun: dryRun) { joined in
      let ids = try joined.matching(filter)
      var edit = BulkEdit(dryRun: dryRun, matched: ids.count, changed: [], unchanged: [])
      var blocked: Set<IssueID> = []
      for id in ids {
        let before = try joined.tracker.issue(IssueReference(id))
        let archival = try joined.archive(id.rawValue, by: by)
        blocked.formUnion(archival.blockedDependents)
        if before.state == .archived {
          edit.unchanged.append(id)
        } else {
          let change = FieldChange(
            field: "state", from: before.state.rawValue, to: archival.issue.state.rawValue)
          edit.changed.append(.init(issue: archival.issue, fields: [change]))
        }
      }
      edit.blockedDependents = blocked.subtracting(ids).sorted()
      return edit
    }
  }

  static func differences(_ before: Issue, _ after: Issue) -> [FieldChange] {
    var fields: [FieldChange] = []
    if before.title != after.title {
      fields.append(.init(field: "title", from: before.title, to: after.title))
    }
    if before.description != after.description {
      fields.append(.init(field: "description", from: before.description, to: after.description))
    }
    if before.priority != after.priority {
      fields.append(.init(field: "priority", from: before.priority.rawValue, to: after.priority.rawValue))
    }
    for key in Set(before.context.keys).union(after.context.keys).sorted()
    where before.context[key] != after.context[key] {
      fields.append(.init(field: "context." + key, from: before.context[key], to: after.context[key]))
    }
    return fields
  }
}
