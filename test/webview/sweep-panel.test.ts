import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useDom } from '../helpers/dom';
import { SEED_GRAPH } from '../helpers/paths';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import { loadGraph } from '../../src/core/graph/load';
import { parseGraph } from '../../src/core/graph/parse';
import type { Graph } from '../../src/core/graph/types';
import type { SweepAxis } from '../../src/core/sweep/combinations';
import type { WebviewMessage } from '../../src/core/protocol/messages';
import type { RawImage } from '../../src/core/image/raw-image';

interface Finished {
  result: { status: 'done' | 'cancelled'; image: RawImage };
  info: { loss: number | null };
}
/** The RunController and DocumentSync as the sweep panel uses them. */
interface FakeRuns {
  sweeping: boolean;
  updateButtons(): void;
  stop(): void;
  runGraph(graph: Graph): Promise<Finished | undefined>;
}
interface FakeDoc {
  editable: boolean;
  graph: Graph | undefined;
  sync(): void;
  show(text: string): void;
}
/** What these tests use of webview/sweep-panel.ts (it imports litegraph's types: see webview-module.ts). */
interface SweepPanelModule {
  createSweepPanel(parent: HTMLElement, runs: FakeRuns, doc: FakeDoc, post: (m: WebviewMessage) => void): { element: HTMLElement; run(plan: { base: Graph; axes: readonly SweepAxis[] }): Promise<void> };
}
let m: SweepPanelModule;

useDom();
before(async () => {
  m = await webviewModuleWithLitegraph<SweepPanelModule>('sweep-panel');
});

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const param = (g: Graph, id: string, name: string) => g.nodes.find((n) => n.id === id)!.params[name];
const grid: SweepAxis[] = [{ keys: ['alpha.w'], values: [1, 2] }, { keys: ['beta.w'], values: [3, 4, 5] }];

/** A panel whose runs finish at once (loss: alpha.w * 10 + beta.w), except `stopAt` (stopped) and `failAt` (no run), counted from 0. */
function panel(opts: { stopAt?: number; failAt?: number; onRun?: (i: number) => void } = {}) {
  const parent = document.createElement('div');
  const ran: [unknown, unknown][] = [];
  const posted: WebviewMessage[] = [];
  const shown: string[] = [];
  let stops = 0;
  let buttonUpdates = 0;
  const runs: FakeRuns = {
    sweeping: false,
    updateButtons: () => buttonUpdates++,
    stop: () => stops++,
    runGraph: async (g) => {
      const i = ran.length;
      ran.push([param(g, 'alpha', 'w'), param(g, 'beta', 'w')]);
      opts.onRun?.(i);
      if (i === opts.failAt) return undefined;
      return { result: { status: i === opts.stopAt ? 'cancelled' : 'done', image: { width: 1, height: 1, data: new Uint8Array([i, 0, 0, 255]) } }, info: { loss: Number(param(g, 'alpha', 'w')) * 10 + Number(param(g, 'beta', 'w')) } };
    },
  };
  const doc: FakeDoc = { editable: true, graph: seed(), sync: () => {}, show: (text) => shown.push(text) };
  const p = m.createSweepPanel(parent, runs, doc, (msg) => posted.push(msg));
  const cells = () => [...p.element.querySelectorAll<HTMLElement>('.gallery-cell')];
  return { p, parent, runs, doc, ran, posted, shown, cells, stops: () => stops, buttonUpdates: () => buttonUpdates };
}

test('runs every combination in turn and fills a grid: rows the first param, columns the second', async () => {
  const { p, parent, ran, cells, runs, buttonUpdates } = panel();
  assert.equal(parent.firstElementChild, p.element);
  await p.run({ base: seed(), axes: grid });
  assert.deepEqual(ran, [[1, 3], [1, 4], [1, 5], [2, 3], [2, 4], [2, 5]]);
  const rows = [...p.element.querySelectorAll('.gallery-grid tr')].map((tr) => [...tr.children].map((c) => c.children.length ? c.querySelector('.gallery-loss')!.textContent : c.textContent));
  assert.deepEqual(rows, [
    ['alpha.w ↓ beta.w →', '3', '4', '5'],
    ['1', 'J 1.300e+1', 'J 1.400e+1', 'J 1.500e+1'],
    ['2', 'J 2.300e+1', 'J 2.400e+1', 'J 2.500e+1'],
  ]);
  assert.ok(cells().every((c) => c.dataset.state === 'done'));
  assert.equal(cells()[4]!.querySelector('img')!.alt, 'alpha.w=2, beta.w=4');
  assert.match(cells()[4]!.querySelector('img')!.src, /^blob:/);
  assert.equal(p.element.dataset.state, 'done');
  assert.equal(p.element.querySelector('#sweep-progress')!.textContent, '6 of 6 runs finished');
  assert.equal(runs.sweeping, false);
  assert.equal(buttonUpdates(), 2);
  assert.equal(p.element.querySelector<HTMLButtonElement>('#sweep-stop')!.disabled, true);
});

test('one param: one row', async () => {
  const { p } = panel();
  await p.run({ base: seed(), axes: [grid[1]!] });
  const rows = [...p.element.querySelectorAll('.gallery-grid tr')].map((tr) => tr.children.length);
  assert.deepEqual(rows, [4, 4]);
  assert.equal(p.element.querySelector('.gallery-grid th')!.textContent, 'beta.w');
});

test('while the sweep runs, the run and cell say so', async () => {
  const seen: string[] = [];
  const t = panel({ onRun: (i) => seen.push(`${t.cells()[i]!.dataset.state} ${t.p.element.querySelector('#sweep-progress')!.textContent} ${String(t.runs.sweeping)}`) });
  await t.p.run({ base: seed(), axes: [grid[0]!] });
  assert.deepEqual(seen, ['running run 1 / 2: alpha.w=1 true', 'running run 2 / 2: alpha.w=2 true']);
});

test('a stopped run ends the sweep, a failed one too; the finished runs stay', async () => {
  const stopped = panel({ stopAt: 1 });
  await stopped.p.run({ base: seed(), axes: grid });
  assert.equal(stopped.ran.length, 2);
  assert.deepEqual(stopped.cells().map((c) => c.dataset.state), ['done', 'stopped', 'pending', 'pending', 'pending', 'pending']);
  assert.equal(stopped.p.element.dataset.state, 'stopped');
  assert.equal(stopped.p.element.querySelector('#sweep-progress')!.textContent, '1 of 6 runs finished');
  const failed = panel({ failAt: 0 });
  await failed.p.run({ base: seed(), axes: grid });
  assert.deepEqual(failed.cells().map((c) => c.dataset.state).slice(0, 2), ['failed', 'pending']);
});

test('Stop stops the run and no further one starts', async () => {
  const t = panel({ onRun: (i) => i === 1 && t.p.element.querySelector<HTMLButtonElement>('#sweep-stop')!.click() });
  await t.p.run({ base: seed(), axes: grid });
  assert.equal(t.stops(), 1);
  assert.equal(t.ran.length, 2);
  assert.equal(t.p.element.dataset.state, 'stopped');
});

test('no second sweep while one runs', async () => {
  const t = panel();
  t.runs.sweeping = true;
  await t.p.run({ base: seed(), axes: grid });
  assert.equal(t.ran.length, 0);
  assert.equal(t.p.element.hidden, true);
});

test('Apply these values writes the run\'s values into the document as one edit', async () => {
  const t = panel();
  await t.p.run({ base: seed(), axes: grid });
  t.cells()[5]!.querySelector<HTMLButtonElement>('.gallery-apply')!.click();
  assert.equal(t.posted.length, 1);
  const edit = t.posted[0] as { type: string; text: string };
  assert.equal(edit.type, 'edit');
  assert.deepEqual(t.shown, [edit.text]);
  const g = parseGraph(edit.text).graph!;
  assert.deepEqual([param(g, 'alpha', 'w'), param(g, 'beta', 'w')], [2, 5]);
  t.doc.editable = false;
  t.cells()[0]!.querySelector<HTMLButtonElement>('.gallery-apply')!.click();
  assert.equal(t.posted.length, 1);
});

test('an image opens full size with its values and loss; a click closes it, Close the gallery', async () => {
  const t = panel();
  await t.p.run({ base: seed(), axes: grid });
  const full = t.p.element.querySelector<HTMLElement>('#gallery-full')!;
  assert.equal(full.hidden, true);
  t.cells()[1]!.querySelector('img')!.click();
  assert.equal(full.hidden, false);
  assert.equal(full.querySelector('p')!.textContent, 'alpha.w=1, beta.w=4 · J 1.400e+1');
  full.click();
  assert.equal(full.hidden, true);
  t.p.element.querySelector<HTMLButtonElement>('#gallery-close')!.click();
  assert.equal(t.p.element.hidden, true);
});
