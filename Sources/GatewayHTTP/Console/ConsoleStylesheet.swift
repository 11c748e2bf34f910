/// The console's one stylesheet, served from `/console/static/console.css` (the CSP allows
/// `style-src 'self'` only: no inline style anywhere).
enum ConsoleStylesheet {
    static let css = #"""
        :root { --red: #b3261e; --amber: #9a6700; --green: #1a7f37; --ink: #1f2328; --line: #d0d7de; --soft: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .6rem 1.2rem; background: #24292f; color: #fff; }
        header.top a { color: #fff; text-decoration: none; margin-right: .9rem; }
        header.top a:hover { text-decoration: underline; }
        .brand { font-weight: 600; margin-right: 1rem; }
        nav { flex: 1; }
        form.sign-out { display: flex; align-items: center; gap: .6rem; }
        .who { font-size: .85rem; opacity: .8; }
        main { padding: 1rem 1.2rem 3rem; max-width: 78rem; }
        h1 { font-size: 1.5rem; margin: .4rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.4rem 0 .6rem; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
        th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { background: var(--soft); font-weight: 600; }
        .mono, code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; word-break: break-all; }
        pre.note { background: var(--soft); padding: .8rem; border: 1px solid var(--line); white-space: pre-wrap; }
        .panel { display: flex; flex-wrap: wrap; align-items: end; gap: .6rem; padding: .8rem; background: var(--soft);
          border: 1px solid var(--line); max-width: 46rem; }
        .panel label { width: 100%; font-weight: 600; }
        .panel input[type=text], .panel input[type=password] { flex: 1; min-width: 18rem; padding: .4rem; font: inherit; }
        form.inline { display: inline-block; margin: .4rem .6rem .4rem 0; }
        button { font: inherit; padding: .35rem .9rem; border: 1px solid #8c959f; border-radius: 4px; background: #fff; cursor: pointer; }
        button.danger { background: var(--red); border-color: var(--red); color: #fff; }
        .days { font-weight: 600; }
        .red, .days.red { color: var(--red); }
        .amber, .days.amber { color: var(--amber); }
        .green, .days.green { color: var(--green); }
        .notice { padding: .5rem .8rem; background: #ddf4ff; border: 1px solid #54aeff; }
        .error { padding: .5rem .8rem; background: #ffebe9; border: 1px solid #ff8182; }
        .hint { color: #57606a; }
        .typed { font-family: ui-monospace, monospace; background: #fff8c5; padding: 0 .25rem; }
        .filters a { margin-right: .8rem; }
        .filters a.selected { font-weight: 700; text-decoration: none; }
        .filters a.action { float: right; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .8rem; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; }
        .card h2 { margin-top: 0; font-size: 1rem; }
        .card p { margin: .2rem 0; }
        dl.facts { display: grid; grid-template-columns: 14rem 1fr; gap: .3rem 1rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        svg.chart { max-width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
        svg.chart .axis { stroke: #8c959f; stroke-width: 1; }
        svg.chart .bar { fill: #0969da; }
        svg.chart text { text-anchor: middle; font-size: 11px; fill: var(--ink); }
        svg.chart text.week { fill: #57606a; }
        """#
}
