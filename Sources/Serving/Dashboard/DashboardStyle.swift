/// The dashboard's style sheet.
///
/// Kept in the binary (see ``Dashboard``): edit it here.
enum DashboardStyle {
    static let css = #"""
        :root { color-scheme: dark; --bg: #0f141a; --panel: #17202a; --line: #2a3744; --text: #d8e1ea; --muted: #8698aa;
          --up: #26a69a; --down: #ef5350; --accent: #4f9cf9; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--text); font-size: 14px; }
        header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
        header h1 { font-size: 1.2rem; margin: 0; letter-spacing: .05em; }
        #user { margin-left: auto; color: var(--muted); }
        .status { padding: .15rem .5rem; border-radius: 1rem; background: var(--line); font-size: .8rem; }
        .status[data-state="live"] { background: #1b5e20; }
        .status[data-state="reconnecting"], .status[data-state="connecting"] { background: #8d6e00; }
        .status[data-state="error"] { background: #8e1c1c; }
        main { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; padding: 1rem; }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; }
        .panel.wide { grid-column: 1 / -1; display: flex; flex-wrap: wrap; align-items: center; gap: .8rem; }
        .panel h2 { font-size: 1rem; margin: 0 0 .6rem; color: var(--muted); font-weight: 600; }
        .panel.wide h2 { margin: 0; }
        #login { max-width: 360px; margin: 4rem auto; }
        #login-form label { display: block; margin-bottom: .6rem; }
        input, select, button { background: var(--bg); color: var(--text); border: 1px solid var(--line); border-radius: 4px; padding: .35rem .5rem; font: inherit; }
        #login-form input { width: 100%; margin-top: .2rem; }
        button { cursor: pointer; background: var(--accent); border-color: var(--accent); color: #fff; }
        .error { color: var(--down); min-height: 1em; }
        .note { color: var(--muted); margin: .4rem 0 0; font-size: .85rem; }
        table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { padding: .3rem .4rem; text-align: right; border-bottom: 1px solid var(--line); white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        th { color: var(--muted); font-weight: 500; }
        td.up { color: var(--up); } td.down { color: var(--down); }
        tr.flash td { background: rgba(79, 156, 249, .12); }
        canvas { width: 100%; height: 320px; display: block; background: var(--bg); border-radius: 4px; }
        .chips { list-style: none; display: flex; flex-wrap: wrap; gap: .4rem; margin: 0; padding: 0; }
        .chips li { background: var(--line); border-radius: 1rem; padding: .15rem .3rem .15rem .6rem; }
        .chips button { background: none; border: none; color: var(--muted); padding: 0 .3rem; }
        .anomalies { list-style: none; margin: 0; padding: 0; max-height: 340px; overflow-y: auto; }
        .anomalies li { padding: .35rem 0; border-bottom: 1px solid var(--line); }
        .anomalies .meta { color: var(--muted); font-size: .8rem; }
        .muted { color: var(--muted); }
        """#
}
