/** The supervision dashboard's style sheet (see dashboard-page.ts). */
export const DASHBOARD_CSS = `
:root {
  --bg: #f4f6f9; --card: #fff; --ink: #1f2933; --muted: #616e7c; --line: #e1e5eb;
  --accent: #1d5fbf; --overdue: #c62828; --soon: #d98200; --ok: #2e7d32;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", system-ui, sans-serif;
  font-size: 14px; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
[hidden] { display: none !important; }
header.top { display: flex; align-items: center; justify-content: space-between; padding: 10px 24px; background: #16325c; color: #fff; }
header.top h1 { font-size: 18px; margin: 0; font-weight: 600; letter-spacing: 1px; }
#who { display: flex; gap: 12px; align-items: center; }
button.link { background: none; border: 1px solid rgba(255,255,255,.5); color: #fff; }
main { padding: 16px 24px; max-width: 1400px; margin: 0 auto; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
.card h2 { font-size: 15px; margin: 0 0 10px; font-weight: 600; }
.card-head { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: 8px; margin-bottom: 6px; }
.card-head h2 { margin: 0; }
.tools { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.login { max-width: 360px; margin: 48px auto; }
.login form { display: grid; gap: 6px; }
.login label { color: var(--muted); }
input, select, button { font: inherit; }
input, select { padding: 4px 6px; border: 1px solid #c3cad3; border-radius: 4px; background: #fff; }
#due-soon-within { width: 56px; }
button { padding: 4px 10px; border: 1px solid #c3cad3; border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { border-color: var(--accent); color: var(--accent); }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); margin-top: 8px; padding: 6px; }
button.primary:hover { color: #fff; opacity: .9; }
button[disabled] { opacity: .4; cursor: default; }
.error { color: var(--overdue); min-height: 1em; margin: 4px 0 0; }
.hint { color: var(--muted); font-size: 12px; }
.message { background: #fff4e5; border: 1px solid #f0c36d; padding: 6px 10px; border-radius: 4px; }
.scope { display: flex; align-items: center; gap: 10px; margin-bottom: 12px; flex-wrap: wrap; }
.scope-label { color: var(--muted); }
#scope-path { font-weight: 600; }
.as-of { margin-left: auto; color: var(--muted); font-size: 12px; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 16px; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; }
.tile .v { font-size: 26px; font-weight: 600; }
.tile .k { color: var(--muted); }
.tile.overdue .v { color: var(--overdue); }
.tile.soon .v { color: var(--soon); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.grid2 > .card { margin-bottom: 16px; }
.chart svg { width: 100%; height: auto; display: block; }
.chart text { font-size: 12px; fill: var(--ink); }
.chart .muted { fill: var(--muted); }
.chart .trend-last { fill: var(--overdue); font-weight: 600; }
.chart.trend svg { max-height: 240px; }
table.data { width: 100%; border-collapse: collapse; }
table.data th, table.data td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.data th { color: var(--muted); font-weight: 500; background: #f8f9fb; white-space: nowrap; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data tbody tr:hover { background: #f5f8fd; }
table.data td.empty, p.empty { color: var(--muted); text-align: center; }
td .path { color: var(--muted); font-size: 12px; }
td.days.overdue { color: var(--overdue); font-weight: 600; }
td.days.soon { color: var(--soon); font-weight: 600; }
.badge { display: inline-block; min-width: 24px; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; text-align: center; vertical-align: middle; }
.badge.overdue { background: var(--overdue); }
.badge.soon { background: var(--soon); }
.drill { border: none; background: none; color: var(--accent); padding: 0; text-decoration: underline; }
.pager { display: flex; gap: 10px; align-items: center; justify-content: flex-end; margin-top: 8px; color: var(--muted); }
@media (max-width: 900px) { .grid2, .tiles { grid-template-columns: 1fr; } }
`;
