import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useDom } from '../helpers/dom';
import { SEED_GRAPH } from '../helpers/paths';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { createRunSizeControl } from '../../webview/run-size-control';

useDom();

/** The seed graph made coarse to fine from 128 px. */
function coarseToFine(): Graph {
  const g = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
  return { ...g, nodes: g.nodes.map((n) => (n.type === 'optimizer' ? { ...n, params: { ...n.params, minSize: 128 } } : n)) };
}

function control() {
  const c = createRunSizeControl();
  const [select, custom, note] = c.elements;
  const change = () => select.dispatchEvent(new Event('change'));
  const key = (k: string) => custom.dispatchEvent(new KeyboardEvent('keydown', { key: k }));
  return { c, select, custom, note, change, key };
}

test('offers the graph size, the square sizes and custom, the graph size in effect', () => {
  const { c, select, custom, note } = control();
  assert.deepEqual([...select.options].map((o) => o.value), ['', '64x64', '96x96', '128x128', '256x256', '512x512', 'custom']);
  assert.equal(select.options[0]!.textContent, 'graph size');
  assert.equal(c.value(), '');
  assert.equal(custom.hidden, true);
  assert.equal(note.hidden, true);
});

test('choosing a size makes it the one in effect', () => {
  const { c, select, change } = control();
  select.value = '256x256';
  change();
  assert.equal(c.value(), '256x256');
});

test('custom opens the field and keeps the size in effect until Enter accepts one, which is added to the choices', () => {
  const { c, select, custom, change, key } = control();
  select.value = '96x96';
  change();
  select.value = 'custom';
  change();
  assert.equal(custom.hidden, false);
  assert.equal(select.value, '96x96');
  assert.equal(c.value(), '96x96');
  custom.value = ' 300 x 400 ';
  key('Enter');
  assert.equal(custom.hidden, true);
  assert.equal(c.value(), '300x400');
  assert.equal(select.value, '300x400');
  assert.deepEqual([...select.options].map((o) => o.value).slice(-2), ['300x400', 'custom']);
});

test('a refused custom size says why, marks the field and leaves the size in effect', () => {
  const { c, custom, note, key } = control();
  c.choose('64x64');
  custom.hidden = false;
  custom.value = '10x<b>';
  key('Enter');
  assert.equal(c.value(), '64x64');
  assert.equal(custom.getAttribute('aria-invalid'), 'true');
  assert.equal(note.hidden, false);
  assert.equal(note.dataset.kind, 'error');
  assert.match(note.textContent!, /^run size "10x<b>" is refused: enter HxW with each side from \d+ to \d+/);
  assert.equal(note.childElementCount, 0);
  key('Escape');
  assert.equal(custom.hidden, true);
  assert.equal(custom.hasAttribute('aria-invalid'), false);
  assert.equal(note.hidden, true);
});

test('choose adds a size once', () => {
  const { c, select } = control();
  c.choose('200x300');
  c.choose('64x64');
  c.choose('200x300');
  assert.equal([...select.options].filter((o) => o.value === '200x300').length, 1);
  assert.equal(c.value(), '200x300');
});

test('the note says when a coarse-to-fine graph runs one scale at the size in effect', () => {
  const { c, note } = control();
  c.setGraph(coarseToFine());
  assert.equal(note.hidden, true);
  c.choose('128x128');
  assert.equal(note.hidden, false);
  assert.equal(note.dataset.kind, 'info');
  assert.equal(note.textContent, 'one scale: 128x128 is at or below the optimizer\'s minSize 128, so this run is not coarse to fine');
  assert.equal(note.title, note.textContent);
  c.choose('512x512');
  assert.equal(note.hidden, true);
  c.choose('64x64');
  c.setGraph(undefined);
  assert.equal(note.hidden, true);
});
