import type { ParamValue } from '../nodes/types';
import { combinations, type Combination, type SweepAxis } from './combinations';
import type { SweepFile, SweepRun } from './sweep-file';

/**
 * index.html of a sweep folder: one grid per pair of axes (rows: the first's values, columns: the
 * second's), repeated for each combination of the other axes; a single axis gives one row. Each
 * cell shows the run's image (a link to the full image), its total loss and its final losses.
 * Self-contained: inline CSS, no script, nothing fetched but the run images beside it.
 */
export function galleryHtml(sweep: SweepFile, planned: number, contactSheet: string | undefined): string {
  const axes = sweep.vary;
  const sections: string[] = [];
  if (axes.length === 1) sections.push(grid(sweep, undefined, 0, [], []));
  for (let i = 0; i < axes.length; i++) {
    for (let j = i + 1; j < axes.length; j++) {
      const others = axes.map((_, k) => k).filter((k) => k !== i && k !== j);
      for (const fixed of combinations(others.map((k) => axes[k]!))) sections.push(grid(sweep, i, j, others, fixed));
    }
  }
  const axisList = axes.map((a) => `<li><code>${esc(a.keys.join(', '))}</code>: ${a.values.map((v) => esc(String(v))).join(', ')}</li>`).join('');
  const sheet = contactSheet ? ` · <a href="${esc(contactSheet)}">contact sheet</a>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sweep of ${esc(sweep.graph.split('/').pop()!)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; background: #fafafa; }
h2 { font-size: 1.05em; margin-top: 2em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 6px; vertical-align: top; text-align: center; }
th { background: #eee; font-weight: 600; }
th code { font-weight: 400; }
td img { display: block; width: 180px; height: auto; image-rendering: pixelated; background: #ddd; margin: 0 auto 4px; }
.loss { font-weight: 600; font-variant-numeric: tabular-nums; }
.terms { font-size: 11px; color: #555; text-align: left; margin: 2px 0 0; padding: 0; list-style: none; font-variant-numeric: tabular-nums; }
summary { font-size: 12px; color: #555; cursor: pointer; }
.missing { color: #999; font-style: italic; width: 180px; }
</style>
</head>
<body>
<h1>Sweep of <code>${esc(sweep.graph.split('/').pop()!)}</code></h1>
<p>${sweep.runs.length} of ${planned} runs finished · <a href="sweep.json">sweep.json</a>${sheet}</p>
<ul>${axisList}</ul>
${sections.join('\n')}
</body>
</html>
`;
}

function grid(sweep: SweepFile, row: number | undefined, column: number, others: readonly number[], fixed: Combination): string {
  const axes = sweep.vary;
  const colAxis = axes[column]!;
  const rowValues: (ParamValue | undefined)[] = row === undefined ? [undefined] : [...axes[row]!.values];
  const title = [row === undefined ? `${label(colAxis)}` : `${label(axes[row]!)} × ${label(colAxis)}`, ...others.map((k, i) => `${label(axes[k]!)} = ${esc(String(fixed[i]))}`)];
  const head = `<tr><th>${row === undefined ? '' : `<code>${label(axes[row]!)}</code> ↓<br><code>${label(colAxis)}</code> →`}</th>${colAxis.values.map((v) => `<th>${esc(String(v))}</th>`).join('')}</tr>`;
  const body = rowValues.map((rv) => {
    const cells = colAxis.values.map((cv) => {
      const want = new Map<number, ParamValue>([[column, cv], ...others.map((k, i) => [k, fixed[i]!] as [number, ParamValue])]);
      if (row !== undefined) want.set(row, rv!);
      const run = sweep.runs.find((r) => [...want].every(([k, v]) => r.params[axes[k]!.keys[0]!] === v));
      return run ? cell(run) : '<td class="missing">not run</td>';
    });
    return `<tr><th>${rv === undefined ? '' : esc(String(rv))}</th>${cells.join('')}</tr>`;
  });
  return `<h2>${title.join(' · ')}</h2>\n<table>\n${head}\n${body.join('\n')}\n</table>`;
}

function cell(run: SweepRun): string {
  const terms = Object.entries(run.losses).map(([id, v]) => `<li>${esc(id)} ${fmt(v)}</li>`).join('');
  const href = esc(encodeURI(run.image));
  return `<td><a href="${href}" target="_blank"><img src="${href}" alt="${esc(run.image)}"></a><div class="loss">J ${fmt(run.loss)}</div><div>${run.seconds.toFixed(1)} s</div><details><summary>${Object.keys(run.losses).length} losses</summary><ul class="terms">${terms}</ul></details></td>`;
}

function label(axis: SweepAxis): string {
  return esc(axis.keys.join(', '));
}

function fmt(x: number): string {
  return x.toExponential(3);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
