import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_TITLE_HEIGHT } from '../../src/core/graph/node-geometry';
import { useLitegraph } from '../helpers/litegraph';
import { readGraph } from '../../webview/graph-bridge';
import type { LNode } from '../../webview/litegraph-types';
import type { StyleGraph } from '../../webview/style-graph';
import { clearNewNodes } from '../../webview/new-node-placement';

const litegraph = useLitegraph();
const { loaded, node } = litegraph;

/** Whether two nodes' drawn boxes (title bar above pos) touch or overlap. */
function overlap(a: LNode, b: LNode): boolean {
  const box = (n: LNode) => [n.pos[0]!, n.pos[1]! - NODE_TITLE_HEIGHT, n.pos[0]! + n.size![0]!, n.pos[1]! + n.size![1]!];
  const [ax0, ay0, ax1, ay1] = box(a);
  const [bx0, by0, bx1, by1] = box(b);
  return ax0! <= bx1! && bx0! <= ax1! && ay0! <= by1! && by0! <= ay1!;
}

function addAt(g: StyleGraph, type: string, pos: [number, number]): LNode {
  const n = litegraph.lg.LiteGraph.createNode(type)!;
  n.pos = pos;
  g.add(n);
  return n;
}

describe('clearNewNodes', () => {
  it('moves new nodes together off the nodes the last document had', () => {
    const g = loaded();
    const before = readGraph(g);
    const alpha = node(g, 'alpha');
    const a = addAt(g, 'weight', [alpha.pos[0]! + 5, alpha.pos[1]! + 5]);
    const b = addAt(g, 'weight', [alpha.pos[0]! + 5, alpha.pos[1]! + 205]);
    const [a0, b0] = [[...a.pos], [...b.pos]];
    assert.equal(clearNewNodes(g, before), true);
    const old = g.nodes.filter((n) => n !== a && n !== b);
    assert.deepEqual(old.filter((n) => overlap(n, a) || overlap(n, b)).map((n) => n.id), []);
    const moved = [a.pos[0]! - a0[0]!, a.pos[1]! - a0[1]!];
    assert.notDeepEqual(moved, [0, 0]);
    assert.deepEqual([b.pos[0]! - b0[0]!, b.pos[1]! - b0[1]!], moved, 'both by the same move');
    assert.deepEqual(readGraph(g).nodes.filter((n) => before.nodes.some((o) => o.id === n.id)).map((n) => n.ui.pos), before.nodes.map((n) => n.ui.pos), 'the old nodes stay');
  });

  it('leaves a new node in free space where it is', () => {
    const g = loaded();
    const before = readGraph(g);
    const far = addAt(g, 'weight', [20_000, 20_000]);
    assert.equal(clearNewNodes(g, before), false);
    assert.deepEqual([...far.pos], [20_000, 20_000]);
  });

  it('moves nothing without a last document, without new nodes, or when every node is new', () => {
    const g = loaded();
    const before = readGraph(g);
    assert.equal(clearNewNodes(g, before), false);
    addAt(g, 'weight', [...node(g, 'alpha').pos] as [number, number]);
    assert.equal(clearNewNodes(g, undefined), false);
    assert.equal(clearNewNodes(g, { ...before, nodes: [] }), false);
  });
});
