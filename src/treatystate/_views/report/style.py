"""The report's stylesheet, inline in the page: system fonts only (nothing fetched),
colours with a contrast of at least 4.5:1 for text, and a print stylesheet (each
section on a new page, header rows repeated, no row split across pages)."""

from __future__ import annotations

__all__ = ["STYLE"]

STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4d4d4d; --rule: #d0d0d0;
  --accent: #08306b; --band: #f3f6fa; }
* { box-sizing: border-box; }
html { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans",
  Arial, sans-serif; color: var(--ink); background: #fff; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 3rem; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1rem; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: .8rem;
  color: var(--muted); }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .2rem 0 .3rem; }
.scenario { font-size: 1.15rem; margin: 0 0 .8rem; color: var(--muted); }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem;
  margin: 2.2rem 0 .8rem; }
h3 { font-size: 1.02rem; margin: 1.2rem 0 .3rem; }
p { margin: .4rem 0; }
.standing { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem;
  margin: 0; }
.standing dt { font-weight: 600; }
.standing dd { margin: 0; }
nav ol { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; padding: 0; margin: .5rem 0 0;
  list-style: none; font-size: .9rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; font-size: .9rem;
  font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; caption-side: top; }
th, td { text-align: left; padding: .25rem .55rem; border-bottom: 1px solid var(--rule);
  vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); background: #fff; position: sticky; top: 0; }
tbody th { font-weight: 600; white-space: nowrap; }
time { white-space: nowrap; }
.none { color: var(--muted); }
.many tbody tr:nth-child(even) { background: var(--band); }
.many td, .many th { padding: .1rem .5rem; }
.status { white-space: nowrap; font-weight: 600; }
.s-party, .s-in-force, .s-done { color: #00592a; }
.s-signatory, .s-contracting, .s-signed, .s-adopted, .s-pending, .s-scheduled { color: #08306b; }
.s-withdrawing, .s-late { color: #8a3c00; }
.s-withdrawn, .s-negotiating, .s-revoked, .s-cancelled, .s-lapsed, .s-postponed { color: #4d4d4d; }
.s-terminated, .s-overdue { color: #a50f15; }
figure { margin: 0; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; }
svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
figure.sweep > svg:not(.chart) { width: 100%; max-width: 48rem; height: auto; display: block; }
.explained { border-left: 3px solid var(--rule); padding: .1rem 0 .1rem .9rem; margin: 1rem 0; }
.explained h3 { margin-top: 0; }
.explained dl { display: grid; grid-template-columns: 7.5rem 1fr; gap: .15rem .8rem; margin: 0; }
.explained dt { color: var(--muted); }
.explained dd { margin: 0; }
blockquote { margin: .2rem 0; padding: .2rem .8rem; border-left: 3px solid var(--accent);
  font-family: Georgia, "DejaVu Serif", "Liberation Serif", serif; }
ol.causes, ul.states { margin: 0; padding-left: 1.2rem; }
ol.causes.long, ul.states.long { columns: 3 17rem; column-gap: 2.5rem; font-size: .88rem; }
ol.causes.long { padding-left: 2.2rem; }
ol.steps { margin: 0; padding-left: 1.2rem; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace;
  font-size: .88em; }
.refused { border: 2px solid #a50f15; padding: .5rem .8rem; margin: .6rem 0; }
.note { color: var(--muted); font-size: .9rem; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .6rem;
  font-size: .85rem; color: var(--muted); }
@media print {
  @page { margin: 16mm 14mm; }
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  nav { display: none; }
  main > section { break-before: page; }
  main > section:first-child { break-before: auto; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, .explained, figure, blockquote { break-inside: avoid; }
  .many tbody tr:nth-child(even) { background: none; }
  a { color: inherit; text-decoration: none; }
}
""".strip() + "\n"
