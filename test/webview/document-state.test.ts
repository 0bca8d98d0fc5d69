import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, SEED_GRAPH } from '../helpers/paths';
import { SeededRandom } from '../helpers/seeded-random';
import { mutate } from '../helpers/graph-mutations';
import { GraphBridge } from '../../webview/graph-bridge';
import type { StyleGraph } from '../../webview/style-graph';
import { readDocument, type CanvasTarget } from '../../webview/document-state';

let bridge: GraphBridge;
let lgGraph: StyleGraph;
let canvas: CanvasTarget;

before(async () => {
  bridge = new GraphBridge(await import('@comfyorg/litegraph'));
  lgGraph = bridge.createGraph();
  canvas = { place: (graph) => bridge.load(lgGraph, graph), clear: () => lgGraph.clear() };
});

const seedText = readFileSync(SEED_GRAPH, 'utf8');
const graphText = (nodes: unknown[], edges: unknown[] = []) => JSON.stringify({ format: 'stylegraph', version: 1, nodes, edges });

describe('document state: what the editor shows for any text', () => {
  it('shows the seed graph, editable, with no problems and no banner', () => {
    const shown = readDocument(seedText, canvas);
    assert.deepEqual([shown.problems, shown.editable, shown.banner], [[], true, '']);
    assert.equal(lgGraph.nodes.length, 42);
  });

  it('empties the canvas and lists the problem for text that is not a graph', () => {
    readDocument(seedText, canvas);
    const shown = readDocument('{ "format": ', canvas);
    assert.equal(shown.graph, undefined);
    assert.deepEqual(shown.problems.map((p) => p.code), ['json']);
    assert.match(shown.banner, /cannot be opened as a graph/);
    assert.equal(lgGraph.nodes.length, 0);
  });

  it('turns a canvas failure (the canvas throwing) into a problem and an empty canvas', () => {
    readDocument(seedText, canvas);
    const throwing: CanvasTarget = { ...canvas, place: () => { throw new TypeError('litegraph failed'); } };
    const shown = readDocument(graphText([{ id: 'a', type: 'weight' }]), throwing);
    assert.equal(shown.editable, false);
    assert.equal(shown.problems.at(-1)!.message, 'the canvas cannot show this graph: litegraph failed');
    assert.match(shown.banner, /^The canvas cannot show this file/);
    assert.equal(lgGraph.nodes.length, 0);
  });

  it('a node type or id named "constructor" is refused by the bridge (read-only, named in the banner), not thrown', () => {
    const shown = readDocument(graphText([{ id: 'a', type: 'weight' }, { id: 'b', type: 'constructor' }, { id: 'constructor', type: 'weight' }]), canvas);
    assert.equal(shown.editable, false);
    assert.match(shown.banner, /node "b": unknown type "constructor"; node "constructor": the canvas cannot hold a node with this id/);
  });

  it('turns a failure of the checks themselves into a problem', () => {
    const shown = readDocument(seedText, canvas, () => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    assert.deepEqual(shown.problems.map((p) => p.message), ['the file could not be checked: Maximum call stack size exceeded']);
    assert.equal(shown.editable, false);
  });

  it('keeps the banner short when the canvas loses many things', () => {
    const nodes = Array.from({ length: 50 }, (_, i) => ({ id: `n${i}`, type: 'x'.repeat(10_000) }));
    const shown = readDocument(graphText(nodes), canvas);
    assert.ok(shown.banner.length < 700, `${shown.banner.length} characters`);
    assert.match(shown.banner, /; 47 more\. Fix it as text\.$/);
  });

  it('never throws and never leaves the editor blank, for 300 mutated files', () => {
    const graphsDir = join(FIXTURES, 'graphs');
    const sources = [seedText, ...readdirSync(graphsDir).sort().map((name) => readFileSync(join(graphsDir, name), 'utf8'))];
    const blank: string[] = [];
    for (let i = 0; i < 300; i++) {
      const rng = new SeededRandom(23 * 1_000_003 + i);
      const { text, steps } = mutate(sources[rng.int(sources.length)]!, rng);
      // 7,000-node chains take litegraph seconds each (its load is quadratic); graph-fuzz covers them in the loader.
      if (steps.includes('longChain')) continue;
      const shown = readDocument(text, canvas);
      const showsSomething = shown.problems.length > 0 || shown.banner !== '' || (shown.editable && lgGraph.nodes.length > 0);
      if (!showsSomething) blank.push(`case ${i} (${steps.join(', ')})`);
    }
    assert.deepEqual(blank, []);
  });
});
