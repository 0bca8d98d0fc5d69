import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { freeGraphName, seedForWorkspace } from '../../src/extension/new-graph';
import { SEED_GRAPH } from '../helpers/paths';
import { loadGraph } from '../../src/core/graph/load';
import { lineEdit } from '../../src/core/graph/text-diff';

test('the new graph is the seed with its image paths pointing at the copied samples', () => {
  const seed = readFileSync(SEED_GRAPH, 'utf8');
  const text = seedForWorkspace(seed, 'samples');
  const { graph, problems } = loadGraph(text);
  assert.deepEqual(problems, []);
  const paths = graph!.nodes.filter((n) => n.type === 'image.load').map((n) => n.params.path).sort();
  assert.deepEqual(paths, ['samples/chelsea.png', 'samples/hubble_deep_field.jpg']);
  // Only those two lines differ.
  const diff = text.split('\n').filter((line, i) => line !== seed.split('\n')[i]);
  assert.equal(diff.length, 2);
  assert.ok(lineEdit(seed, text));
});

test('free names: the first one not taken', () => {
  assert.equal(freeGraphName('style', () => false), 'style.stylegraph.json');
  const taken = new Set(['style.stylegraph.json', 'style-2.stylegraph.json']);
  assert.equal(freeGraphName('style', (n) => taken.has(n)), 'style-3.stylegraph.json');
});
