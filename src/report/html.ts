// The quality report as one self-contained HTML page: inline CSS, a few lines of inline
// JavaScript, inline SVG, and nothing fetched from anywhere (a Content-Security-Policy
// forbids it), so the file can be archived as a CI artifact and opened offline.
//
// Sections: a summary (files, problems, functions over the limits), two bar charts
// (cyclomatic and cognitive complexity per function, with the limit drawn as a line),
// the table of every function (click a column header to sort it; the header's
// aria-sort says how it is sorted), and the problems of each file.
//
// renderHtmlReport is pure: the same data gives the same page.

export interface ReportDiagnostic {
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
  /** 1-based. */
  line: number;
  column: number;
}

export interface ReportFunction {
  qualifiedName: string;
  /** 1-based line of the name. */
  line: number;
  cyclomatic: number;
  cognitive: number;
  lines: number;
  overLimit: boolean;
}

export interface ReportFile {
  /** Relative to the project folder, with `/`. */
  path: string;
  diagnostics: ReportDiagnostic[];
  functions: ReportFunction[];
  /** Why the file could not be read, if so. */
  error?: string;
}

export interface ReportData {
  title: string;
  /** The project folder, shown in the header. */
  root: string;
  /** ISO date-time of the report. */
  generated: string;
  limits: { cyclomatic: number; cognitive: number };
  files: ReportFile[];
}

/** At most this many functions in a chart (the most complex ones); the table has them all. */
const CHART_LIMIT = 40;

export function renderHtmlReport(data: ReportData): string {
  const functions = data.files.flatMap((f) => f.functions.map((fn) => ({ file: f.path, ...fn })));
  const count = (severity: ReportDiagnostic['severity']): number =>
    data.files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === severity).length, 0);
  const errors = count('error') + data.files.filter((f) => f.error !== undefined).length;
  const warnings = count('warning');
  const infos = count('info') + count('hint');
  const over = functions.filter((f) => f.overLimit).length;

  const summary = [
    card('files', String(data.files.length)),
    card('errors', String(errors), errors > 0 ? 'bad' : 'good'),
    card('warnings', String(warnings), warnings > 0 ? 'warn' : 'good'),
    card('notes', String(infos)),
    card('functions', String(functions.length)),
    card('over the limits', String(over), over > 0 ? 'bad' : 'good'),
  ].join('\n');

  const byCyclomatic = [...functions].sort((a, b) => b.cyclomatic - a.cyclomatic || b.cognitive - a.cognitive || a.qualifiedName.localeCompare(b.qualifiedName));
  const byCognitive = [...functions].sort((a, b) => b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic || a.qualifiedName.localeCompare(b.qualifiedName));

  const rows = functions
    .map(
      (f) => `<tr class="${f.overLimit ? 'over' : ''}">
<td data-value="${attr(f.file)}">${esc(f.file)}</td>
<td data-value="${attr(f.qualifiedName)}"><code>${esc(f.qualifiedName)}</code></td>
<td data-value="${f.line}" class="num">${f.line}</td>
<td data-value="${f.cyclomatic}" class="num${f.cyclomatic > data.limits.cyclomatic ? ' high' : ''}">${f.cyclomatic}</td>
<td data-value="${f.cognitive}" class="num${f.cognitive > data.limits.cognitive ? ' high' : ''}">${f.cognitive}</td>
<td data-value="${f.lines}" class="num">${f.lines}</td>
<td data-value="${f.overLimit ? 1 : 0}">${f.overLimit ? '<span class="badge bad">over limit</span>' : '<span class="badge good">ok</span>'}</td>
</tr>`,
    )
    .join('\n');

  const fileSections = data.files.map((f) => fileSection(f)).join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(data.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(data.title)}</h1>
<p class="meta">Project <code>${esc(data.root)}</code> &middot; generated ${esc(data.generated)} &middot; limits: cyclomatic ${data.limits.cyclomatic}, cognitive ${data.limits.cognitive}</p>
</header>
<main>
<section id="summary" class="cards">
${summary}
</section>
<section id="charts">
<h2>Complexity per function</h2>
${functions.length === 0 ? '<p class="empty">No functions.</p>' : `<div class="charts">
${barChart('Cyclomatic complexity', 'chart-cyclomatic', byCyclomatic.map((f) => ({ label: f.qualifiedName, value: f.cyclomatic })), data.limits.cyclomatic)}
${barChart('Cognitive complexity', 'chart-cognitive', byCognitive.map((f) => ({ label: f.qualifiedName, value: f.cognitive })), data.limits.cognitive)}
</div>`}
</section>
<section id="functions-section">
<h2>Functions</h2>
<p class="hint">Click a column header to sort; click again to reverse.</p>
<table id="functions" class="sortable">
<thead><tr>
${['File', 'Function', 'Line', 'Cyclomatic', 'Cognitive', 'Lines', 'Status']
  .map((h, i) => `<th scope="col" data-type="${i >= 2 && i <= 6 ? 'number' : 'text'}" aria-sort="none"><button type="button">${h}</button></th>`)
  .join('\n')}
</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>
<section id="files">
<h2>Problems by file</h2>
${fileSections}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function card(label: string, value: string, tone = ''): string {
  return `<div class="card ${tone}"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
}

function fileSection(f: ReportFile): string {
  const id = `file-${f.path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  if (f.error !== undefined) return `<details open class="file" id="${attr(id)}"><summary><code>${esc(f.path)}</code> <span class="badge bad">unreadable</span></summary><p>${esc(f.error)}</p></details>`;
  const errors = f.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = f.diagnostics.filter((d) => d.severity === 'warning').length;
  const badges = [
    errors > 0 ? `<span class="badge bad">${errors} error${errors === 1 ? '' : 's'}</span>` : '',
    warnings > 0 ? `<span class="badge warn">${warnings} warning${warnings === 1 ? '' : 's'}</span>` : '',
    f.diagnostics.length === 0 ? '<span class="badge good">no problems</span>' : '',
  ].join(' ');
  const body =
    f.diagnostics.length === 0
      ? ''
      : `<table class="problems"><thead><tr><th scope="col">Line</th><th scope="col">Severity</th><th scope="col">Code</th><th scope="col">Message</th></tr></thead><tbody>
${f.diagnostics
  .map((d) => `<tr class="${d.severity}"><td class="num">${d.line}:${d.column}</td><td><span class="sev ${d.severity}">${d.severity}</span></td><td><code>${esc(d.code)}</code></td><td>${esc(d.message)}</td></tr>`)
  .join('\n')}
</tbody></table>`;
  return `<details ${errors + warnings > 0 ? 'open ' : ''}class="file" id="${attr(id)}"><summary><code>${esc(f.path)}</code> ${badges}</summary>${body}</details>`;
}

/** Horizontal bars, one per function (the highest first), and a dashed line at the limit. */
function barChart(title: string, id: string, all: { label: string; value: number }[], limit: number): string {
  const items = all.slice(0, CHART_LIMIT);
  const labelWidth = 220;
  const barArea = 420;
  const rowHeight = 20;
  const top = 28;
  const max = Math.max(limit, ...items.map((i) => i.value), 1);
  const scale = (v: number): number => (v / max) * barArea;
  const height = top + items.length * rowHeight + 10;
  const width = labelWidth + barArea + 50;
  const bars = items
    .map((item, i) => {
      const y = top + i * rowHeight;
      const over = item.value > limit;
      const label = item.label.length > 32 ? `${item.label.slice(0, 31)}…` : item.label;
      return `<g class="bar${over ? ' over' : ''}"><title>${esc(item.label)}: ${item.value}</title>
<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${esc(label)}</text>
<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, scale(item.value)).toFixed(1)}" height="${rowHeight - 6}" rx="2"></rect>
<text x="${(labelWidth + scale(item.value) + 4).toFixed(1)}" y="${y + 14}" class="value">${item.value}</text></g>`;
    })
    .join('\n');
  const lx = (labelWidth + scale(limit)).toFixed(1);
  const more = all.length > items.length ? `<p class="hint">The ${items.length} highest of ${all.length} functions.</p>` : '';
  return `<figure class="chart">
<figcaption>${esc(title)} (limit ${limit})</figcaption>
<svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${attr(`${title} per function, limit ${limit}`)}">
${bars}
<line class="limit" x1="${lx}" y1="${top - 8}" x2="${lx}" y2="${height - 4}"></line>
<text class="limit-label" x="${lx}" y="${top - 12}" text-anchor="middle">limit ${limit}</text>
</svg>
${more}
</figure>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function attr(text: string): string {
  return esc(text);
}

const CSS = `
:root { --bad: #c62828; --warn: #b26a00; --good: #2e7d32; --muted: #5f6368; --line: #dadce0; --bar: #1a73e8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; background: #f8f9fa; }
header { padding: 20px 32px 8px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
main { padding: 8px 32px 40px; max-width: 1200px; }
.meta, .hint, .empty { color: var(--muted); margin: 4px 0; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card .value { font-size: 24px; font-weight: 600; }
.card .label { color: var(--muted); }
.card.bad .value { color: var(--bad); } .card.warn .value { color: var(--warn); } .card.good .value { color: var(--good); }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font: 11px system-ui, sans-serif; fill: #202124; }
svg .bar rect { fill: var(--bar); }
svg .bar.over rect { fill: var(--bad); }
svg .value { fill: var(--muted); }
svg line.limit { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg .limit-label { fill: var(--bad); font-weight: 600; }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); width: 100%; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f1f3f4; white-space: nowrap; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--bar); }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.high { color: var(--bad); font-weight: 600; }
tr.over { background: #fdecea; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; }
.badge.bad { color: var(--bad); } .badge.warn { color: var(--warn); } .badge.good { color: var(--good); }
.sev.error { color: var(--bad); font-weight: 600; } .sev.warning { color: var(--warn); } .sev.info, .sev.hint { color: var(--muted); }
details.file { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; padding: 6px 12px; }
details.file summary { cursor: pointer; padding: 4px 0; }
details.file table { margin: 6px 0; }
`;

// Sorting: numbers by value, text by locale; ties keep their previous order (stable sort).
const SCRIPT = `
(function () {
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.querySelectorAll('thead th');
    headers.forEach(function (th, column) {
      th.querySelector('button').addEventListener('click', function () {
        var descending = th.getAttribute('aria-sort') === 'ascending';
        headers.forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        var numeric = th.getAttribute('data-type') === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).map(function (row, index) { return { row: row, index: index }; });
        rows.sort(function (a, b) {
          var x = a.row.cells[column].getAttribute('data-value');
          var y = b.row.cells[column].getAttribute('data-value');
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          if (descending) order = -order;
          return order !== 0 ? order : a.index - b.index;
        });
        rows.forEach(function (entry) { body.appendChild(entry.row); });
      });
    });
  });
})();
`;
