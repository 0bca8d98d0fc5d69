import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useDom } from '../helpers/dom';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';

/** What these tests use of webview/loss-chart.ts (it imports chart.js: see webview-module.ts). */
interface LossChart {
  readonly element: HTMLElement;
  readonly clearButton: HTMLButtonElement;
  reset(): void;
  markScale(iteration: number): void;
  addPoint(iteration: number, losses: Readonly<Record<string, number>>, totalId: string, plotted: readonly string[]): void;
}
interface Series {
  label: string;
  data: { x: number; y: number }[];
  borderColor: string;
  borderDash?: number[];
  previous?: true;
}
interface ChartJs {
  Chart: { getChart(canvas: HTMLCanvasElement): { data: { datasets: Series[] } } | undefined };
}
let createLossChart: (parent: HTMLElement) => LossChart;
let seriesColour: (i: number, total: boolean) => string;

useDom();
before(async () => {
  ({ createLossChart, seriesColour } = await webviewModuleWithLitegraph<{ createLossChart: typeof createLossChart; seriesColour: typeof seriesColour }>('loss-chart'));
});

function chart() {
  const parent = document.createElement('div');
  document.body.append(parent);
  const c = createLossChart(parent);
  const { Chart } = createRequire(__filename)('chart.js') as ChartJs;
  const datasets = () => Chart.getChart(c.element.querySelector('canvas')!)!.data.datasets;
  return { c, parent, datasets };
}

const plotted = ['j_content', 'j_style', 'j_total'];

test('the chart and its Clear button go into the parent', () => {
  const { c, parent } = chart();
  assert.deepEqual([...parent.children], [c.element, c.clearButton]);
  assert.equal(c.clearButton.hidden, true);
});

test('the first point makes a series per plotted term the run reports, the total last, and each point adds to them', () => {
  const { c, datasets } = chart();
  c.addPoint(1, { j_total: 100, j_style: 60, j_content: 40, w_x: 7 }, 'j_total', plotted);
  c.addPoint(2, { j_total: 80, j_style: 0, j_content: 30 }, 'j_total', plotted);
  assert.deepEqual(datasets().map((d) => d.label), ['j_content', 'j_style', 'total']);
  assert.deepEqual(datasets()[0]!.data, [{ x: 1, y: 40 }, { x: 2, y: 30 }]);
  assert.deepEqual(datasets()[1]!.data, [{ x: 1, y: 60 }, { x: 2, y: Number.MIN_VALUE }]);
  assert.deepEqual(datasets()[2]!.data, [{ x: 1, y: 100 }, { x: 2, y: 80 }]);
  assert.deepEqual({ points: c.element.dataset.points, first: c.element.dataset.firstLoss, last: c.element.dataset.lastLoss, series: c.element.dataset.series }, { points: '2', first: '100', last: '80', series: '3' });
});

test('each series has its own colour, the total the foreground', () => {
  const { c, datasets } = chart();
  c.addPoint(1, { j_total: 100, j_style: 60, j_content: 40 }, 'j_total', plotted);
  assert.deepEqual(datasets().map((d) => d.borderColor), ['#3794ff', '#89d185', '#cccccc']);
});

test('a new run keeps the last one\'s curves, dimmed and dashed, until Clear', () => {
  const { c, datasets } = chart();
  c.addPoint(1, { j_total: 100, j_style: 60, j_content: 40 }, 'j_total', plotted);
  c.reset();
  assert.deepEqual(datasets().map((d) => d.label), ['previous j_content', 'previous j_style', 'previous total']);
  assert.deepEqual(datasets().map((d) => d.borderColor), ['rgba(55, 148, 255, 0.4)', 'rgba(137, 209, 133, 0.4)', 'rgba(204, 204, 204, 0.4)']);
  assert.ok(datasets().every((d) => d.previous && d.borderDash!.length === 2));
  assert.deepEqual({ points: c.element.dataset.points, last: c.element.dataset.lastLoss, series: c.element.dataset.series, previous: c.element.dataset.previousSeries }, { points: '0', last: '', series: '0', previous: '3' });
  assert.equal(c.clearButton.hidden, false);
  c.addPoint(1, { j_total: 90, j_style: 50, j_content: 40 }, 'j_total', plotted);
  assert.deepEqual(datasets().map((d) => d.label), ['previous j_content', 'previous j_style', 'previous total', 'j_content', 'j_style', 'total']);
  c.clearButton.click();
  assert.deepEqual(datasets().map((d) => d.label), ['j_content', 'j_style', 'total']);
  assert.equal(c.clearButton.hidden, true);
  assert.equal(c.element.dataset.previousSeries, '0');
});

test('a run that drew nothing leaves the previous curves as they were', () => {
  const { c, datasets } = chart();
  c.addPoint(1, { j_total: 100 }, 'j_total', ['j_total']);
  c.reset();
  c.reset();
  assert.deepEqual(datasets().map((d) => d.label), ['previous total']);
});

test('scale marks are listed until the next run', () => {
  const { c } = chart();
  c.markScale(101);
  c.markScale(201);
  assert.equal(c.element.dataset.scaleMarks, '101,201');
  c.reset();
  assert.equal(c.element.dataset.scaleMarks, undefined);
});

test('series colours come from the theme, then others, never one twice', () => {
  document.body.style.setProperty('--vscode-charts-green', '#00ff00');
  try {
    assert.equal(seriesColour(1, false), '#00ff00');
  } finally {
    document.body.style.removeProperty('--vscode-charts-green');
  }
  assert.equal(seriesColour(1, false), '#89d185');
  assert.equal(seriesColour(5, true), '#cccccc');
  const colours = Array.from({ length: 30 }, (_, i) => seriesColour(i, false));
  assert.equal(new Set(colours).size, 30);
});
