import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { drawnOn, useDom } from '../helpers/dom';
import { SEED_GRAPH } from '../helpers/paths';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { createPreviews } from '../../webview/previews';

useDom();

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;

test('show draws the image at its size and records the iteration', () => {
  const p = createPreviews();
  assert.equal(p.preview.dataset.iteration, '0');
  const data = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => i * 10);
  p.show({ width: 3, height: 2, data }, 40);
  assert.equal(p.preview.width, 3);
  assert.equal(p.preview.height, 2);
  assert.equal(p.preview.dataset.iteration, '40');
  assert.deepEqual([...drawnOn(p.preview).data], [...data]);
});

test('one captioned canvas per previewed image.output node, none for preview: false', () => {
  const p = createPreviews();
  const g = seed();
  const result = g.nodes.find((n) => n.id === 'result')!;
  const second = { ...result, id: 'second<b>', params: { ...result.params, preview: true } };
  const hidden = { ...result, id: 'hidden', params: { ...result.params, preview: false } };
  const map = p.outputCanvases({ ...g, nodes: [...g.nodes, second, hidden] });
  assert.deepEqual([...map.keys()], ['result', 'second<b>']);
  const figures = [...p.outputs.querySelectorAll('figure')];
  assert.deepEqual(figures.map((f) => f.querySelector('figcaption')!.textContent), ['result', 'second<b>']);
  assert.equal(p.outputs.querySelector('b'), null);
  assert.equal(map.get('second<b>')!.dataset.nodeId, 'second<b>');
  assert.equal(figures[1]!.querySelector('canvas'), map.get('second<b>'));
});

test('outputCanvases replaces the canvases of the last graph', () => {
  const p = createPreviews();
  const g = seed();
  p.outputCanvases(g);
  const map = p.outputCanvases({ ...g, nodes: g.nodes.filter((n) => n.type !== 'image.output') });
  assert.equal(map.size, 0);
  assert.equal(p.outputs.childElementCount, 0);
});
