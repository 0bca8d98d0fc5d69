import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useDom } from '../helpers/dom';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';
import { loadGraph } from '../../src/core/graph/load';
import { createFrameCountControl } from '../../webview/frame-count-control';

useDom();

const graph = (path: string) => loadGraph(readFileSync(path, 'utf8')).graph!;

test('offers the frame counts, 8 chosen at first', () => {
  const c = createFrameCountControl();
  const select = c.element.querySelector('select')!;
  assert.deepEqual([...select.options].map((o) => o.value), ['1', '4', '8', '16', 'all']);
  assert.equal(select.value, '8');
  assert.equal(c.value(), 8);
});

test('the choice is the value; all is undefined', () => {
  const c = createFrameCountControl();
  const select = c.element.querySelector('select')!;
  select.value = '16';
  assert.equal(c.value(), 16);
  select.value = 'all';
  assert.equal(c.value(), undefined);
});

test('shown only while the graph has a frames source', () => {
  const c = createFrameCountControl();
  assert.equal(c.element.hidden, true);
  c.setGraph(graph(join(EXAMPLES, 'video.stylegraph.json')));
  assert.equal(c.element.hidden, false);
  c.setGraph(graph(SEED_GRAPH));
  assert.equal(c.element.hidden, true);
  c.setGraph(graph(join(EXAMPLES, 'video.stylegraph.json')));
  c.setGraph(undefined);
  assert.equal(c.element.hidden, true);
});
