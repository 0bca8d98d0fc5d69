/**
 * The sweep gallery (`#gallery`, over the canvas): runs a sweep's combinations one after another
 * through the RunController (live progress, chart and preview; each run recorded; targets reused
 * by the runner's TargetCache), fills a grid as they finish (rows: the first param's values,
 * columns: the second's), opens an image full size on click, and "Apply these values" writes a
 * run's values into the graph as one edit.
 */
import { writeCanonical } from '../src/core/graph/canonical';
import { applyCombination, combinations, describeCombination, type Combination, type SweepAxis } from '../src/core/sweep/combinations';
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { DocumentSync } from './document-sync';
import { el } from './dom';
import type { RunController } from './run-controller';
import { encodePng } from './browser-images';
import type { SweepPlan } from './sweep-dialog';
import { runLoss } from './ui-state';

export function createSweepPanel(parent: HTMLElement, runs: RunController, doc: DocumentSync, post: (message: WebviewMessage) => void) {
  const progress = el('span', { id: 'sweep-progress', 'data-done': '0', 'data-runs': '0' });
  const stop = el('button', { id: 'sweep-stop', title: 'Stop the sweep (the finished runs stay)' }, 'Stop');
  const close = el('button', { id: 'gallery-close', class: 'secondary', title: 'Back to the graph' }, 'Close');
  const grid = el('table', { class: 'gallery-grid' });
  const full = el('div', { id: 'gallery-full', hidden: '', title: 'Click to close' });
  const element = el('div', { id: 'gallery', hidden: '', 'data-state': 'idle' },
    el('div', { class: 'compare-head' }, el('h3', {}, 'Sweep'), progress, el('span', { class: 'spacer' }), stop, close), grid, full);
  parent.append(element);
  let cancelled = false;
  const urls: string[] = [];

  stop.addEventListener('click', () => {
    cancelled = true;
    runs.stop();
  });
  close.addEventListener('click', () => (element.hidden = true));
  full.addEventListener('click', () => (full.hidden = true));

  /** The empty grid: a row per value of the first axis, a column per value of the second (one row for one axis). */
  function layout(axes: readonly SweepAxis[], all: readonly Combination[]): HTMLElement[] {
    const [rowAxis, colAxis] = axes.length >= 2 ? [axes[0]!, axes[1]!] : [undefined, axes[0]!];
    const perRow = all.length / (rowAxis?.values.length ?? 1);
    const cells = all.map((c, i) => el('td', { class: 'gallery-cell', 'data-index': String(i), 'data-state': 'pending', title: describeCombination(axes, c) }, el('span', { class: 'gallery-label' }, describeCombination(axes, c))));
    const head = el('tr', {}, el('th', {}, rowAxis ? `${rowAxis.keys.join(',')} ↓ ${colAxis.keys.join(',')} →` : colAxis.keys.join(',')),
      ...colAxis.values.map((v) => el('th', {}, String(v))));
    const body = (rowAxis?.values ?? ['']).map((v, r) => el('tr', {}, el('th', {}, String(v)), ...cells.slice(r * perRow, (r + 1) * perRow)));
    grid.replaceChildren(head, ...body);
    return cells;
  }

  /** Writes a run's values into the document's graph: one edit (one undo step). */
  function applyValues(axes: readonly SweepAxis[], combination: Combination): void {
    doc.sync();
    if (!doc.editable || !doc.graph) return;
    const text = writeCanonical(applyCombination(doc.graph, axes, combination));
    doc.show(text);
    post({ type: 'edit', text });
  }

  function fill(cell: HTMLElement, url: string, loss: string, axes: readonly SweepAxis[], combination: Combination): void {
    const img = el('img', { class: 'gallery-image', src: url, alt: describeCombination(axes, combination) });
    img.addEventListener('click', () => {
      full.replaceChildren(el('img', { src: url, alt: '' }), el('p', {}, `${describeCombination(axes, combination)} · ${loss}`));
      full.hidden = false;
    });
    const apply = el('button', { class: 'gallery-apply', title: 'Write these values into the graph (one edit)' }, 'Apply these values');
    apply.addEventListener('click', () => applyValues(axes, combination));
    cell.replaceChildren(img, el('span', { class: 'gallery-label' }, describeCombination(axes, combination)), el('span', { class: 'gallery-loss' }, loss), apply);
  }

  return {
    element,
    /** Runs every combination in turn; a failed or stopped run ends the sweep, the finished ones stay. */
    async run({ base, axes }: SweepPlan): Promise<void> {
      if (runs.sweeping) return;
      for (const url of urls.splice(0)) URL.revokeObjectURL(url);
      const all = combinations(axes);
      const cells = layout(axes, all);
      cancelled = false;
      element.hidden = false;
      full.hidden = true;
      element.dataset.state = 'running';
      stop.disabled = false;
      progress.dataset.runs = String(all.length);
      runs.sweeping = true;
      runs.updateButtons();
      let done = 0;
      try {
        for (const [i, combination] of all.entries()) {
          if (cancelled) break;
          progress.textContent = `run ${i + 1} / ${all.length}: ${describeCombination(axes, combination)}`;
          cells[i]!.dataset.state = 'running';
          const finished = await runs.runGraph(applyCombination(base, axes, combination));
          if (!finished || finished.result.status === 'cancelled') {
            cells[i]!.dataset.state = finished ? 'stopped' : 'failed';
            break;
          }
          const url = URL.createObjectURL(new Blob([new Uint8Array(await encodePng(finished.result.image))], { type: 'image/png' }));
          urls.push(url);
          fill(cells[i]!, url, runLoss(finished.info.loss), axes, combination);
          cells[i]!.dataset.state = 'done';
          progress.dataset.done = String(++done);
        }
      } finally {
        runs.sweeping = false;
        runs.updateButtons();
        stop.disabled = true;
        element.dataset.state = done === all.length ? 'done' : 'stopped';
        progress.textContent = `${done} of ${all.length} runs finished`;
      }
    },
  };
}
