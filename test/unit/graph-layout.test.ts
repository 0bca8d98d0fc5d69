import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arrangeGraph } from '../../src/core/graph/graph-layout';
import { boxesOverlap, clearMove, overlappingPairs } from '../../src/core/graph/free-space';
import { nodeBox } from '../../src/core/graph/node-geometry';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { parsePortRef, type Graph } from '../../src/core/graph/types';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.stylegraph.json')).sort();
const load = (name: string): Graph => parseGraph(readFileSync(join(EXAMPLES, name), 'utf8')).graph!;

test('every example is saved arranged: 0 overlapping nodes (boxes as the canvas draws them)', () => {
  assert.ok(examples.length >= 10);
  for (const name of examples) assert.deepEqual(overlappingPairs(load(name)), [], name);
});

test('overlappingPairs finds a node moved onto another', () => {
  const g = load('seed.stylegraph.json');
  const [a, b] = g.nodes;
  const moved = { ...g, nodes: g.nodes.map((n) => (n.id === b!.id ? { ...n, ui: { ...n.ui, pos: [a!.ui.pos[0] + 30, a!.ui.pos[1] + 10] as [number, number] } } : n)) };
  assert.deepEqual(overlappingPairs(moved), [[a!.id, b!.id]]);
});

test('Arrange lays a graph out left to right with no overlaps, changing positions only, the same every time', () => {
  for (const name of examples) {
    const g = load(name);
    // Everything on one spot: the worst start.
    const piled: Graph = { ...g, nodes: g.nodes.map((n) => ({ ...n, ui: { ...n.ui, pos: [0, 0] } })) };
    assert.ok(overlappingPairs(piled).length > 0);
    const arranged = arrangeGraph(piled);
    assert.deepEqual(overlappingPairs(arranged), [], name);
    assert.equal(writeCanonical(arrangeGraph(piled)), writeCanonical(arranged), `${name}: deterministic`);
    assert.deepEqual(arranged.edges, g.edges);
    assert.deepEqual(arranged.nodes.map((n) => [n.id, n.type, n.params]), g.nodes.map((n) => [n.id, n.type, n.params]));
    const x = new Map(arranged.nodes.map((n) => [n.id, n.ui.pos[0]]));
    for (const e of g.edges) {
      const from = parsePortRef(e.from)!.node;
      const to = parsePortRef(e.to)!.node;
      assert.ok(x.get(from)! < x.get(to)!, `${name}: ${e.from} -> ${e.to} goes left to right`);
    }
    const boxes = arranged.nodes.map((n) => nodeBox(n, arranged));
    assert.equal(Math.min(...boxes.map((b) => b[0])), 0);
    assert.equal(Math.min(...boxes.map((b) => b[1])), 0);
  }
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
