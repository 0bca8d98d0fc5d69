import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boxesOverlap, clearMove, NODE_GAP, overlappingPairs } from '../../src/core/graph/free-space';
import { parseGraph } from '../../src/core/graph/parse';
import type { Graph } from '../../src/core/graph/types';
import type { Box } from '../../src/core/graph/node-geometry';
import { SEED_GRAPH } from '../helpers/paths';

const load = (): Graph => parseGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;

test('overlappingPairs finds a node moved onto another', () => {
  const g = load();
  const [a, b] = g.nodes;
  const moved = { ...g, nodes: g.nodes.map((n) => (n.id === b!.id ? { ...n, ui: { ...n.ui, pos: [a!.ui.pos[0] + 30, a!.ui.pos[1] + 10] as [number, number] } } : n)) };
  assert.deepEqual(overlappingPairs(moved), [[a!.id, b!.id]]);
});

test('clearMove: a box on top of others moves the least distance to a clear spot; a clear one stays', () => {
  const fixed = [[0, 0, 100, 100], [0, 120, 100, 100]] as const;
  assert.deepEqual(clearMove([[300, 0, 100, 100]], fixed), [0, 0]);
  const [dx, dy] = clearMove([[10, 10, 100, 50]], fixed);
  const moved = [10 + dx, 10 + dy, 100, 50] as const;
  assert.ok(fixed.every((f) => !boxesOverlap(moved, f, 20)), `${dx},${dy}`);
  assert.ok(Math.hypot(dx, dy) <= 130, `${dx},${dy} is the nearest`);
  // A selection moves together.
  const [gx, gy] = clearMove([[0, 0, 50, 50], [60, 0, 50, 50]], fixed);
  assert.ok([[gx, gy, 50, 50], [60 + gx, gy, 50, 50]].every((m) => fixed.every((f) => !boxesOverlap(m as never, f, 20))));
});

test('boxesOverlap: touching edges do not overlap; within the gap they do', () => {
  const a: Box = [0, 0, 10, 10];
  assert.equal(boxesOverlap(a, [10, 0, 10, 10]), false);
  assert.equal(boxesOverlap(a, [0, 10, 10, 10]), false);
  assert.equal(boxesOverlap(a, [9, 9, 10, 10]), true);
  assert.equal(boxesOverlap(a, [2, 2, 1, 1]), true, 'one inside the other');
  assert.equal(boxesOverlap(a, [29, 0, 10, 10], 20), true);
  assert.equal(boxesOverlap(a, [30, 0, 10, 10], 20), false);
  assert.equal(boxesOverlap([30, 0, 10, 10], a, 20), false, 'symmetric');
});

test('clearMove: straight down first, by steps of 10, NODE_GAP clear; nothing to move stays', () => {
  const fixed: Box[] = [[0, 0, 100, 100]];
  // Down is tried first: y from 50 to 100 + NODE_GAP = 120 is 70.
  assert.deepEqual(clearMove([[0, 50, 100, 50]], fixed), [0, 70]);
  assert.equal(NODE_GAP, 20);
  assert.deepEqual(clearMove([[0, 50, 100, 50]], fixed, 0), [0, 50]);
  assert.deepEqual(clearMove([], fixed), [0, 0]);
  assert.deepEqual(clearMove([[0, 0, 10, 10]], []), [0, 0]);
  // Down and right both clear 20 away: down.
  assert.deepEqual(clearMove([[0, 0, 10, 10]], [[-5, -5, 20, 20]], 0), [0, 20]);
  // A wall below: right is next.
  assert.deepEqual(clearMove([[0, 0, 10, 10]], [[-5, -5, 20, 20], [-1000, 15, 2000, 1000]], 0), [20, 0]);
});
