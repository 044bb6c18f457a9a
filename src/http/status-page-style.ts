// The status page's stylesheet, inlined in the page so it needs no other file and no CDN.
export const PAGE_STYLE = String.raw`
:root { --ink: #1d2733; --muted: #5b6878; --line: #d8dee6; --card: #fff; --bg: #f3f5f8; --ok: #1f8a4c; --warn: #b7791f; --bad: #c53030; --accent: #2b6cb0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; padding: 12px 20px; background: var(--ink); color: #fff; }
header h1 { margin: 0; font-size: 18px; }
header .muted { color: #b8c2cf; }
main { padding: 14px 20px; display: grid; gap: 14px; }
h2 { margin: 0 0 8px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.phase { padding: 2px 10px; border-radius: 12px; background: var(--muted); font-weight: 600; }
.phase[data-value="in sync"] { background: var(--ok); }
.phase[data-value="initial copy"], .phase[data-value="catching up"] { background: var(--accent); }
.phase[data-value="paused"], .phase[data-value="starting"] { background: var(--warn); }
.phase[data-value="blocked"], .phase[data-value="stopped"] { background: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 14px; }
.card, section.wide { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
.big { font-size: 22px; font-weight: 600; }
dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; }
dt { color: var(--muted); }
dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 14px; }
svg { width: 100%; height: 170px; display: block; }
svg .axis { stroke: var(--line); }
svg .label { fill: var(--muted); font-size: 11px; }
svg .series-0 { fill: none; stroke: var(--accent); stroke-width: 1.6; }
svg .series-1 { fill: none; stroke: var(--warn); stroke-width: 1.4; stroke-dasharray: 4 3; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { width: 160px; height: 10px; background: var(--line); border-radius: 5px; overflow: hidden; display: inline-block; vertical-align: middle; }
.bar > div { height: 100%; background: var(--ok); }
.state { font-weight: 600; }
.state[data-value="in sync"] { color: var(--ok); }
.state[data-value="paused"], .state[data-value="waiting"] { color: var(--warn); }
.state[data-value="blocked"], .state[data-value="not supported"], .state[data-value="failed"] { color: var(--bad); }
ul { margin: 0; padding-left: 18px; }
.empty { color: var(--muted); }
.error { color: var(--bad); }
.line { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
#token-form { background: #fff8e6; border: 1px solid var(--warn); border-radius: 6px; padding: 12px 14px; margin: 14px 20px 0; }
#token-form input { width: 320px; margin: 0 8px; }
#notice:empty { display: none; }
#notice { color: #ffd9a0; }
`;
