/// The dashboard's one stylesheet, served at `/assets/style.css` from the binary.
enum Stylesheet {
  static let text = """
    :root { --bg: #f6f7f9; --fg: #1d2330; --muted: #5b6472; --line: #d8dce3; --card: #fff;
      --backlog: #8a94a6; --ready: #2f80ed; --in_progress: #f2994a; --gated: #9b51e0; --done: #27ae60;
      --archived: #bdbdbd; --missing: #eb5757; --bad: #c0392b; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg);
      color: var(--fg); }
    header { display: flex; align-items: center; gap: 18px; padding: 10px 20px; background: #1d2330; color: #fff; }
    header .brand { font-weight: 700; font-size: 16px; letter-spacing: .5px; }
    header nav a { color: #c9d1e0; text-decoration: none; margin-right: 14px; }
    header nav a.here { color: #fff; border-bottom: 2px solid #f2c94c; }
    header .live { margin-left: auto; font-size: 12px; color: #9fb3c8; }
    header .live.on::before { content: "\\25CF  "; color: #27ae60; }
    header .live.off::before { content: "\\25CF  "; color: #eb5757; }
    main { padding: 16px 20px 40px; }
    h1 { font-size: 20px; margin: 4px 0 12px; }
    h2 { font-size: 16px; margin: 18px 0 8px; }
    a { color: #1f5fbf; }
    .muted { color: var(--muted); }
    .summary { margin: 0 0 12px; color: var(--muted); }
    .board { display: grid; grid-template-columns: repeat(5, minmax(200px, 1fr)); gap: 12px; align-items: start; }
    .column { background: #eceff3; border-radius: 8px; padding: 8px; min-height: 80px; }
    .column h2 { margin: 2px 4px 8px; font-size: 13px; text-transform: uppercase; letter-spacing: .6px; }
    .column h2 .count { float: right; color: var(--muted); }
    .card { display: block; background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--line);
      border-radius: 6px; padding: 6px 8px; margin-bottom: 6px; color: inherit; text-decoration: none; }
    .card:hover { border-color: #9aa5b5; }
    .card .title { display: block; font-weight: 600; overflow-wrap: anywhere; }
    .card .meta { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; font-size: 12px; color: var(--muted); }
    .card.state-backlog { border-left-color: var(--backlog); } .card.state-ready { border-left-color: var(--ready); }
    .card.state-in_progress { border-left-color: var(--in_progress); } .card.state-gated { border-left-color: var(--gated); }
    .card.state-done { border-left-color: var(--done); }
    .chip { display: inline-block; border-radius: 10px; padding: 0 7px; font-size: 11px; border: 1px solid var(--line);
      background: #f3f4f6; color: var(--fg); }
    .chip.passed { background: #e3f6ea; border-color: #9fd8b3; } .chip.failed { background: #fde8e8; border-color: #f1a7a7; }
    .chip.pending { background: #fff6e0; border-color: #f0d28a; }
    .badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 11px; font-weight: 700; }
    .badge.blocked { background: var(--bad); color: #fff; } .badge.held { background: #6d4c41; color: #fff; }
    .prio { font-weight: 700; } .prio.critical { color: #c0392b; } .prio.high { color: #d35400; }
    .prio.normal { color: var(--muted); } .prio.low { color: #95a5a6; }
    .state { display: inline-block; border-radius: 4px; padding: 0 6px; color: #fff; font-size: 12px; }
    .state.state-backlog { background: var(--backlog); } .state.state-ready { background: var(--ready); }
    .state.state-in_progress { background: var(--in_progress); } .state.state-gated { background: var(--gated); }
    .state.state-done { background: var(--done); } .state.state-archived { background: var(--archived); }
    .state.state-missing { background: var(--missing); }
    table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
    th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { background: #eef1f5; font-size: 12px; text-transform: uppercase; letter-spacing: .4px; }
    .fields td:first-child, .evidence td:first-child { width: 160px; color: var(--muted); }
    .description { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
    pre { background: #11151c; color: #d7dde8; padding: 8px; border-radius: 6px; overflow-x: auto; font-size: 12px;
      white-space: pre-wrap; max-height: 320px; }
    .outlook { background: #fff8e6; border: 1px solid #f0d28a; border-radius: 6px; padding: 10px 14px; }
    .outlook.done { background: #e3f6ea; border-color: #9fd8b3; }
    .gate { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-bottom: 8px; }
    .pager { margin: 8px 0; } .pager a { margin-right: 12px; }
    .more { display: block; text-align: center; font-size: 12px; padding: 4px; }
    .graph { background: #fff; border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 80vh; }
    .graph svg text { font: 11px system-ui, sans-serif; }
    .graph .node-backlog { fill: var(--backlog); } .graph .node-ready { fill: var(--ready); }
    .graph .node-in_progress { fill: var(--in_progress); } .graph .node-gated { fill: var(--gated); }
    .graph .node-done { fill: var(--done); } .graph .node-archived { fill: var(--archived); }
    .graph .edge { stroke: #9aa5b5; fill: none; } .graph .center { stroke: #1d2330; stroke-width: 3; }
    .legend span { margin-right: 10px; }
    form.filters { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; margin-bottom: 12px; }
    form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
    .bars td.bar div { background: #2f80ed; height: 10px; border-radius: 2px; }
    .firing { color: var(--bad); font-weight: 700; }
    .kpis { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
    .kpi { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
    .kpi b { display: block; font-size: 20px; }
    """

  /// The tab's icon: a board of three columns.
  static let favicon = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d2330"/>\
    <rect x="2" y="3" width="3" height="10" fill="#2f80ed"/><rect x="6.5" y="3" width="3" height="7" fill="#f2994a"/>\
    <rect x="11" y="3" width="3" height="4" fill="#27ae60"/></svg>
    """
}
