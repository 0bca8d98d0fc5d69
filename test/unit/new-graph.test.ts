import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_IMAGES, freeGraphName } from '../../src/extension/new-graph';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';
import { loadGraph } from '../../src/core/graph/load';
import { nodesWithRole } from '../../src/core/graph/validate';

test('the seed reads exactly the sample images New Graph copies, from samples/ beside it', () => {
  const { graph, problems } = loadGraph(readFileSync(SEED_GRAPH, 'utf8'));
  assert.deepEqual(problems, []);
  const paths = nodesWithRole(graph!.nodes, 'source').map((n) => n.params.path).sort();
  assert.deepEqual(paths, SAMPLE_IMAGES.map((name) => `samples/${name}`).sort());
  for (const name of SAMPLE_IMAGES) assert.ok(existsSync(join(EXAMPLES, 'samples', name)), name);
});

test('free names: the first one not taken', () => {
  assert.equal(freeGraphName('style', () => false), 'style.stylegraph.json');
  const taken = new Set(['style.stylegraph.json', 'style-2.stylegraph.json']);
  assert.equal(freeGraphName('style', (n) => taken.has(n)), 'style-3.stylegraph.json');
});
