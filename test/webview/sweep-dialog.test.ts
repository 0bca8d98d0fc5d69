import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useDom } from '../helpers/dom';
import { SEED_GRAPH } from '../helpers/paths';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import type { SweepAxis } from '../../src/core/sweep/combinations';

interface SweepPlan {
  readonly base: Graph;
  readonly axes: readonly SweepAxis[];
}
interface MenuNode {
  id: string;
  getWidgetOnPos(x: number, y: number, includeDisabled?: boolean): { name: string } | undefined;
}
type MenuOption = { content: string; callback?: () => void } | null;
interface MenuCanvas {
  graph_mouse: [number, number];
  getNodeMenuOptions(node: MenuNode): MenuOption[];
}
/** What these tests use of webview/sweep-dialog.ts (it imports litegraph's types: see webview-module.ts). */
interface SweepDialogModule {
  createSweepDialog(parent: HTMLElement, graph: () => Graph | undefined, onStart: (plan: SweepPlan) => void): { element: HTMLElement; open(nodeId: string, param: string): boolean };
  addSweepMenu(canvas: MenuCanvas, enabled: () => boolean, open: (nodeId: string, param: string) => void): void;
}
let m: SweepDialogModule;

useDom();
before(async () => {
  m = await webviewModuleWithLitegraph<SweepDialogModule>('sweep-dialog');
});

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;

function dialog(graph: Graph | undefined) {
  const parent = document.createElement('div');
  document.body.append(parent);
  const started: SweepPlan[] = [];
  const d = m.createSweepDialog(parent, () => graph, (plan) => started.push(plan));
  const $ = <E extends Element>(selector: string) => d.element.querySelector<E>(selector)!;
  const rows = () => [...d.element.querySelectorAll('.sweep-axis')].map((r) => [r.querySelector<HTMLInputElement>('.sweep-keys')!.value, r.querySelector<HTMLInputElement>('.sweep-values')!.value]);
  const type = (input: HTMLInputElement, text: string) => {
    input.value = text;
    input.dispatchEvent(new Event('input'));
  };
  return { d, parent, started, $, rows, type };
}

test('opens on a param with its suggested values and the run count', () => {
  const { d, parent, $, rows } = dialog(seed());
  assert.equal(parent.firstElementChild, d.element);
  assert.equal(d.element.hidden, true);
  assert.equal(d.open('alpha', 'w'), true);
  assert.equal(d.element.hidden, false);
  assert.deepEqual(rows(), [['alpha.w', '1,10,100']]);
  assert.equal($('.sweep-count').textContent, '3 runs');
  assert.equal($<HTMLButtonElement>('#sweep-start').disabled, false);
  assert.equal($<HTMLElement>('#sweep-start').dataset.runs, '3');
  assert.equal($<HTMLElement>('.sweep-error').hidden, true);
});

test('a term\'s layer ties both VGG-19 nodes', () => {
  const { d, rows } = dialog(seed());
  assert.equal(d.open('style_conv1_1', 'layer'), true);
  assert.deepEqual(rows()[0]![0], 'style_conv1_1.layer,generated_conv1_1.layer');
});

test('no dialog for an unknown node or a graph that does not parse', () => {
  assert.equal(dialog(seed()).d.open('nope', 'w'), false);
  const { d } = dialog(undefined);
  assert.equal(d.open('alpha', 'w'), false);
  assert.equal(d.element.hidden, true);
});

test('Run sweep hands on the checked axes and closes', () => {
  const { d, started, $, type } = dialog(seed());
  const g = seed();
  d.open('alpha', 'w');
  type($<HTMLInputElement>('.sweep-values'), ' 2, 4 ');
  assert.equal($('.sweep-count').textContent, '2 runs');
  $<HTMLButtonElement>('#sweep-start').click();
  assert.equal(d.element.hidden, true);
  assert.equal(started.length, 1);
  assert.deepEqual(started[0]!.axes, [{ keys: ['alpha.w'], values: [2, 4] }]);
  assert.deepEqual(started[0]!.base, g);
});

test('a value the param refuses is named, and Run sweep is off until it is fixed', () => {
  const { d, started, $, type } = dialog(seed());
  d.open('alpha', 'w');
  type($<HTMLInputElement>('.sweep-values'), '1,abc');
  const error = $<HTMLElement>('.sweep-error');
  assert.equal(error.hidden, false);
  assert.match(error.textContent!, /abc/);
  assert.equal($<HTMLButtonElement>('#sweep-start').disabled, true);
  assert.equal($('.sweep-count').textContent, '');
  $<HTMLButtonElement>('#sweep-start').click();
  assert.equal(started.length, 0);
  type($<HTMLInputElement>('.sweep-values'), '1,5');
  assert.equal(error.hidden, true);
  assert.equal($<HTMLButtonElement>('#sweep-start').disabled, false);
});

test('a second param makes a grid; two at most; removing both leaves nothing to sweep', () => {
  const { d, $, rows } = dialog(seed());
  d.open('alpha', 'w');
  const add = $<HTMLSelectElement>('#sweep-add-param');
  const options = [...add.options].map((o) => o.value);
  assert.equal(options[0], '');
  assert.ok(options.includes('beta.w') && options.includes('adam.method'));
  add.value = 'adam.method';
  add.dispatchEvent(new Event('change'));
  assert.deepEqual(rows(), [['alpha.w', '1,10,100'], ['adam.method', 'adam,lbfgs']]);
  assert.equal(add.value, '');
  assert.equal(add.disabled, true);
  assert.equal($('.sweep-count').textContent, '6 runs');
  for (const remove of d.element.querySelectorAll<HTMLButtonElement>('.sweep-remove')) remove.click();
  assert.deepEqual(rows(), []);
  assert.equal($<HTMLElement>('.sweep-error').textContent, 'nothing to sweep: add a param');
  assert.equal(add.disabled, false);
});

test('the same key twice is refused', () => {
  const { d, $ } = dialog(seed());
  d.open('alpha', 'w');
  const add = $<HTMLSelectElement>('#sweep-add-param');
  add.value = 'alpha.w';
  add.dispatchEvent(new Event('change'));
  assert.equal($<HTMLElement>('.sweep-error').hidden, false);
  assert.match($<HTMLElement>('.sweep-error').textContent!, /alpha\.w/);
  assert.equal($<HTMLButtonElement>('#sweep-start').disabled, true);
});

test('node ids from the graph file stay text in the param picker', () => {
  const g = seed();
  const evil = '<img src=x onerror=alert(1)>';
  const { d, $ } = dialog({ ...g, nodes: g.nodes.map((n) => (n.id === 'beta' ? { ...n, id: evil } : n)) });
  d.open('alpha', 'w');
  assert.ok([...$<HTMLSelectElement>('#sweep-add-param').options].some((o) => o.textContent === `${evil}.w`));
  assert.equal(d.element.querySelector('img'), null);
});

test('Cancel and Escape close the dialog', () => {
  const { d, $ } = dialog(seed());
  d.open('alpha', 'w');
  $<HTMLButtonElement>('#sweep-cancel').click();
  assert.equal(d.element.hidden, true);
  d.open('alpha', 'w');
  d.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
  assert.equal(d.element.hidden, true);
});

test('the node menu offers "Sweep this param…" first when the right-click was on a widget and sweeps are allowed', () => {
  const opened: [string, string][] = [];
  let enabled = true;
  const canvas: MenuCanvas = { graph_mouse: [5, 50], getNodeMenuOptions: () => [{ content: 'Title' }, { content: 'Remove' }] };
  m.addSweepMenu(canvas, () => enabled, (id, param) => opened.push([id, param]));
  const n: MenuNode = { id: 'alpha', getWidgetOnPos: (_x, y) => (y === 50 ? { name: 'w' } : undefined) };
  const options = canvas.getNodeMenuOptions(n);
  assert.deepEqual(options.map((o) => o?.content ?? null), ['Sweep this param…', null, 'Title', 'Remove']);
  options[0]!.callback!();
  assert.deepEqual(opened, [['alpha', 'w']]);
  canvas.graph_mouse = [5, 10];
  assert.deepEqual(canvas.getNodeMenuOptions(n).map((o) => o?.content), ['Title', 'Remove']);
  canvas.graph_mouse = [5, 50];
  enabled = false;
  assert.deepEqual(canvas.getNodeMenuOptions(n).map((o) => o?.content), ['Title', 'Remove']);
});
