import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arrangeGraph } from '../../src/core/graph/graph-layout';
import { overlappingPairs } from '../../src/core/graph/free-space';
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
