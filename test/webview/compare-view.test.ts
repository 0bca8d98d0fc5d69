import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useDom } from '../helpers/dom';
import { SEED_GRAPH } from '../helpers/paths';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import type { ComparedRun } from '../../src/core/protocol/messages';
import type { RunInfo } from '../../src/core/history/run-record';
import { runDate } from '../../webview/ui-state';

/** What these tests use of webview/compare-view.ts (it imports chart.js: see webview-module.ts). */
interface CompareView {
  readonly element: HTMLElement;
  show(runs: readonly [ComparedRun, ComparedRun]): void;
}
interface ChartJs {
  Chart: { getChart(canvas: HTMLCanvasElement): { data: { datasets: { label: string; data: { x: number; y: number }[]; borderDash: number[] }[] } } | undefined };
}
let createCompareView: (parent: HTMLElement) => CompareView;

useDom();
before(async () => {
  ({ createCompareView } = await webviewModuleWithLitegraph<{ createCompareView: typeof createCompareView }>('compare-view'));
});

const seedText = readFileSync(SEED_GRAPH, 'utf8');
/** The seed with alpha.w and content.path changed (a path from a graph file: untrusted). */
const changedText = seedText.replace('"w": 10', '"w": 20').replace('"samples/chelsea.png"', '"<img src=x onerror=alert(1)>.png"');

function run(id: string, graphText: string, info: Partial<RunInfo> = {}): ComparedRun {
  return {
    id,
    imageUri: `https://file.test/${id}.png`,
    graphText,
    info: { format: 'stylegraph-run', version: 1, graph: 'g.stylegraph.json', started: '2026-03-04T05:06:07.000Z', status: 'done', backend: 'wasm', size: [64, 96], seed: 0, iterations: 3, seconds: 1.25, loss: 5, losses: {}, ...info } as RunInfo,
    losses: { loss: 'j_total', nodes: ['j_content', 'alpha', 'j_total', 'unplotted'], rows: [[1, 10, 4, 2, 9, 1], [2, 20, 3, 2, 7, 1], [3, 30, 0, 2, 5, 1]] },
  };
}

function view() {
  const parent = document.createElement('div');
  const v = createCompareView(parent);
  const { Chart } = createRequire(__filename)('chart.js') as ChartJs;
  const datasets = () => Chart.getChart(v.element.querySelector<HTMLCanvasElement>('#compare-chart-canvas')!)!.data.datasets;
  return { v, parent, datasets };
}

test('shows both runs\' images and what they ran', () => {
  const { v, parent } = view();
  assert.equal(parent.firstElementChild, v.element);
  assert.equal(v.element.hidden, true);
  v.show([run('a', seedText), run('b', seedText, { loss: null, backend: 'onnx' })]);
  assert.equal(v.element.hidden, false);
  const figures = [...v.element.querySelectorAll<HTMLElement>('figure')];
  assert.deepEqual(figures.map((f) => f.dataset.runId), ['a', 'b']);
  assert.deepEqual(figures.map((f) => f.querySelector('img')!.getAttribute('alt')), ['run A', 'run B']);
  assert.equal(figures[0]!.querySelector('img')!.getAttribute('src'), 'https://file.test/a.png');
  assert.equal(figures[0]!.querySelector('b')!.textContent, `A · ${runDate('2026-03-04T05:06:07.000Z')}`);
  assert.equal(figures[1]!.querySelector('figcaption')!.lastChild!.textContent, 'no loss · 3 it · 96x64 · onnx · 1.3 s');
});

test('the chart: each run\'s plotted terms that it logged, the total last, the second run dashed', () => {
  const { v, datasets } = view();
  v.show([run('a', seedText), run('b', seedText)]);
  assert.deepEqual(datasets().map((d) => d.label), ['A alpha', 'A j_content', 'A total', 'B alpha', 'B j_content', 'B total']);
  assert.deepEqual(datasets()[1]!.data, [{ x: 1, y: 4 }, { x: 2, y: 3 }, { x: 3, y: Number.MIN_VALUE }]);
  assert.deepEqual(datasets()[2]!.data.map((p) => p.y), [9, 7, 5]);
  assert.deepEqual(datasets().map((d) => d.borderDash.length), [0, 0, 0, 2, 2, 2]);
  const box = v.element.querySelector<HTMLElement>('#compare-chart')!;
  assert.deepEqual({ ...box.dataset }, { series: '6', runs: '2', totals: '3,3' });
});

test('a recorded graph that does not parse: every logged node is plotted, and no differences', () => {
  const { v, datasets } = view();
  v.show([run('a', '{ not json'), run('b', seedText)]);
  assert.deepEqual(datasets().slice(0, 4).map((d) => d.label), ['A j_content', 'A alpha', 'A total', 'A unplotted']);
  const diff = v.element.querySelector<HTMLElement>('#compare-diff')!;
  assert.equal(diff.dataset.differences, '0');
  assert.equal(diff.querySelector('td[colspan]')!.textContent, 'A recorded graph does not parse.');
});

test('the params that differ, by key, as text', () => {
  const { v } = view();
  v.show([run('a', seedText), run('b', changedText)]);
  const diff = v.element.querySelector<HTMLElement>('#compare-diff')!;
  assert.equal(diff.dataset.differences, '2');
  const rows = [...diff.querySelectorAll<HTMLElement>('tr[data-key]')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
  assert.deepEqual(rows, [['alpha.w', '10', '20'], ['content.path', 'samples/chelsea.png', '<img src=x onerror=alert(1)>.png']]);
  assert.equal(v.element.querySelectorAll('img').length, 2);
});

test('the same graphs: says so; Close hides the view', () => {
  const { v } = view();
  v.show([run('a', seedText), run('b', seedText)]);
  assert.equal(v.element.querySelector('#compare-diff td[colspan]')!.textContent, 'The two graphs have the same params.');
  v.element.querySelector<HTMLButtonElement>('#compare-close')!.click();
  assert.equal(v.element.hidden, true);
});
