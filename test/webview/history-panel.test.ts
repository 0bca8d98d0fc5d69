import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import type { RunListItem, WebviewMessage } from '../../src/core/protocol/messages';
import type { RunInfo } from '../../src/core/history/run-record';
import { runDate } from '../../webview/ui-state';
import { createHistoryPanel } from '../../webview/history-panel';

useDom();

function run(id: string, info: Partial<RunInfo> = {}): RunListItem {
  return {
    id,
    imageUri: `https://file.test/${id}.png`,
    info: { format: 'stylegraph-run', version: 1, graph: 'g.stylegraph.json', started: '2026-03-04T05:06:07.000Z', status: 'done', backend: 'wasm', size: [64, 96], seed: 0, iterations: 50, seconds: 12.34, loss: 12345.678, losses: {}, ...info } as RunInfo,
  };
}

function panel() {
  const posted: WebviewMessage[] = [];
  const sizes: (readonly [number, number])[] = [];
  const p = createHistoryPanel((m) => posted.push(m), (s) => sizes.push(s));
  p.element.scrollIntoView = () => {};
  const rows = () => [...p.element.querySelectorAll<HTMLLIElement>('li.run')];
  const tick = (id: string, on = true) => {
    const box = p.element.querySelector<HTMLInputElement>(`li[data-run-id="${id}"] .run-pick`)!;
    box.checked = on;
    box.dispatchEvent(new Event('change'));
  };
  const ticked = () => rows().filter((r) => r.querySelector<HTMLInputElement>('.run-pick')!.checked).map((r) => r.dataset.runId);
  return { p, posted, sizes, rows, tick, ticked };
}

test('no runs: the hint shows', () => {
  const { p, rows } = panel();
  p.show([]);
  assert.equal(rows().length, 0);
  assert.equal(p.element.querySelector<HTMLElement>('.hint')!.hidden, false);
  assert.equal(p.element.querySelector<HTMLElement>('#history')!.dataset.runs, '0');
});

test('a row per run in the order given, with its image, date, loss and size', () => {
  const { p, rows } = panel();
  p.show([run('b', { loss: null, status: 'cancelled' }), run('a')]);
  assert.deepEqual(rows().map((r) => r.dataset.runId), ['b', 'a']);
  assert.equal(p.element.querySelector<HTMLElement>('.hint')!.hidden, true);
  assert.equal(p.element.querySelector<HTMLElement>('#history')!.dataset.runs, '2');
  const [b, a] = rows();
  assert.equal(a!.querySelector('img')!.getAttribute('src'), 'https://file.test/a.png');
  assert.equal(a!.querySelector('.run-date')!.textContent, runDate('2026-03-04T05:06:07.000Z'));
  assert.equal(a!.querySelector('.run-loss')!.textContent, 'J 1.235e+4');
  assert.equal(b!.querySelector('.run-loss')!.textContent, 'no loss');
  assert.equal(a!.querySelector('.run-size-apply')!.textContent, '64x96');
  assert.equal(a!.title, 'done · 50 iterations · 96x64 · wasm · 12.3 s');
  assert.match(b!.title, /^stopped · /);
});

test('untrusted run ids and backends stay text', () => {
  const { p, rows } = panel();
  p.show([run('"><img src=x>', { backend: '<script>x</script>' })]);
  assert.equal(rows()[0]!.dataset.runId, '"><img src=x>');
  assert.equal(p.element.querySelectorAll('img').length, 1);
  assert.equal(p.element.querySelector('script'), null);
  assert.match(rows()[0]!.title, /<script>x<\/script>/);
});

test('ticking two runs asks to compare them in tick order; a third tick drops the first', () => {
  const { p, posted, tick, ticked } = panel();
  p.show([run('c'), run('b'), run('a')]);
  tick('a');
  assert.deepEqual(posted, []);
  tick('c');
  assert.deepEqual(posted, [{ type: 'compareRuns', ids: ['a', 'c'] }]);
  tick('b');
  assert.deepEqual(posted.at(-1), { type: 'compareRuns', ids: ['c', 'b'] });
  assert.deepEqual(ticked(), ['c', 'b']);
  tick('c', false);
  assert.deepEqual(ticked(), ['b']);
  assert.equal(posted.length, 2);
});

test('ticks survive a new list for the runs still in it', () => {
  const { p, tick, ticked, posted } = panel();
  p.show([run('b'), run('a')]);
  tick('a');
  p.show([run('c'), run('b'), run('a')]);
  assert.deepEqual(ticked(), ['a']);
  p.show([run('c'), run('b')]);
  assert.deepEqual(ticked(), []);
  tick('b');
  assert.deepEqual(posted, []);
});

test('Restore posts the run; the size button hands its size on', () => {
  const { p, posted, sizes } = panel();
  p.show([run('r1', { size: [300, 400] })]);
  p.element.querySelector<HTMLButtonElement>('.run-restore')!.click();
  assert.deepEqual(posted, [{ type: 'restoreRun', id: 'r1' }]);
  p.element.querySelector<HTMLButtonElement>('.run-size-apply')!.click();
  assert.deepEqual(sizes, [[300, 400]]);
});

test('compareLatest ticks the two newest, the older first, and needs two runs', () => {
  const { p, posted, ticked } = panel();
  p.show([run('only')]);
  assert.equal(p.compareLatest(), false);
  assert.deepEqual(posted, []);
  p.show([run('new'), run('mid'), run('old')]);
  assert.equal(p.compareLatest(), true);
  assert.deepEqual(posted, [{ type: 'compareRuns', ids: ['mid', 'new'] }]);
  assert.deepEqual(ticked(), ['new', 'mid']);
});
