import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_GRAPH, FIXTURES } from '../helpers/paths';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { NODE_DEFS, nodeDef } from '../../src/core/nodes/catalogue';
import { VGG19_LAYER_NAMES } from '../../src/core/model/vgg19';
import type { Graph } from '../../src/core/graph/types';
import { GraphBridge, canonicalText, readGraph } from '../../webview/graph-bridge';
import type { Litegraph } from '../../webview/litegraph-types';
import { setParam } from '../../webview/node-params';
import { normaliseParam, widgetSpec } from '../../webview/param-widgets';
import { freshNodeId, type StyleGraph } from '../../webview/style-graph';

let bridge: GraphBridge;
let lg: Litegraph;

before(async () => {
  lg = await import('@comfyorg/litegraph');
  bridge = new GraphBridge(lg);
});

const seedText = readFileSync(SEED_GRAPH, 'utf8');
const seed = (): Graph => parseGraph(seedText).graph!;

function loaded(graph: Graph): { g: StyleGraph; lossless: boolean; losses: readonly string[] } {
  const g = bridge.createGraph();
  const { lossless, losses } = bridge.load(g, graph);
  return { g, lossless, losses };
}

function node(g: StyleGraph, id: string) {
  const n = g.getNodeById(id);
  assert.ok(n, `node ${id}`);
  return n;
}

describe('graph bridge: Graph -> litegraph -> Graph', () => {
  it('gives the seed file back byte for byte', () => {
    const { g, lossless, losses } = loaded(seed());
    assert.deepEqual(losses, []);
    assert.equal(lossless, true);
    assert.equal(canonicalText(g), seedText);
    assert.equal(g.nodes.length, seed().nodes.length);
  });

  it('registers every catalogue node type with its ports and one widget per param', () => {
    for (const def of NODE_DEFS) {
      const n = lg.LiteGraph.createNode(def.type);
      assert.ok(n, def.type);
      assert.deepEqual(n.inputs.map((s) => [s.name, s.type]), def.inputs.map((p) => [p.name, p.type]));
      assert.deepEqual(n.outputs.map((s) => [s.name, s.type]), def.outputs.map((p) => [p.name, p.type]));
      assert.deepEqual((n.widgets ?? []).map((w) => [w.name, w.value]), def.params.map((p) => [p.name, p.default]));
      assert.equal((lg.LiteGraph.registered_node_types[def.type] as unknown as { category: string }).category, def.category);
    }
  });

  it('keeps params the catalogue does not know, so a round trip loses nothing', () => {
    const g0 = seed();
    const graph: Graph = { ...g0, nodes: g0.nodes.map((n) => (n.id === 'alpha' ? { ...n, params: { ...n.params, note: 'x' } } : n)) };
    const { g, lossless } = loaded(graph);
    assert.equal(lossless, true);
    assert.equal(canonicalText(g), writeCanonical(graph));
  });

  it('reports what it cannot show: unknown types, unknown ports, refused edges, duplicate ids', () => {
    const g0 = seed();
    const graph: Graph = {
      ...g0,
      nodes: [...g0.nodes, { id: 'mystery', type: 'no.such', params: {}, ui: { pos: [0, 0] } }, { ...g0.nodes[0]! }],
      edges: [...g0.edges, { from: 'content.image', to: 'alpha.value' }, { from: 'content.nope', to: 'adam.loss' }],
    };
    const { lossless, losses } = loaded(graph);
    assert.equal(lossless, false);
    assert.ok(losses.some((l) => l.includes('unknown type "no.such"')), losses.join('\n'));
    assert.ok(losses.some((l) => l.includes('duplicate id')), losses.join('\n'));
    assert.ok(losses.some((l) => l.includes('"content.image" -> "alpha.value": refused')), losses.join('\n'));
    assert.ok(losses.some((l) => l.includes('no output port "nope"')), losses.join('\n'));
  });

  it('moving a node changes one line of the file', () => {
    const { g } = loaded(seed());
    node(g, 'alpha').pos = [1251.4, 77.6];
    const before = seedText.split('\n');
    const after = canonicalText(g).split('\n');
    assert.equal(after.length, before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    assert.deepEqual(changed, ['      "ui": { "pos": [1251, 78] }']);
  });
});

describe('graph bridge: typed ports', () => {
  it('refuses a connection between different port types and accepts a matching one', () => {
    const { g } = loaded(seed());
    const before = canonicalText(g);
    assert.match(bridge.connectEdge(g, { from: 'content.image', to: 'j_style_conv1_1.style' }) ?? '', /refused \(image -> gram\)/);
    assert.equal(canonicalText(g), before);
    const gram = node(g, 'j_style_conv1_1').inputs.find((s) => s.name === 'style')!;
    const linkBefore = gram.link;
    assert.equal(bridge.connectEdge(g, { from: 'gram_style_conv1_1.gram', to: 'j_style_conv1_1.style' }), undefined);
    assert.notEqual(gram.link, null);
    assert.equal(typeof linkBefore, 'number');
  });

  it('reports a change after a user connection, not while loading', () => {
    const g = bridge.createGraph();
    let changes = 0;
    g.onStyleChange = () => changes++;
    bridge.load(g, seed());
    assert.equal(changes, 0);
    const w = lg.LiteGraph.createNode('weight')!;
    g.add(w);
    assert.equal(changes, 1);
    assert.equal(w.id, 'weight_1');
    assert.equal(bridge.connectEdge(g, { from: 'alpha.value', to: 'weight_1.value' }), undefined);
    assert.ok(changes >= 2);
  });
});

describe('graph bridge: sum terms as dynamic slots', () => {
  it('maps every edge into a multiple port to its own slot, with one free slot at the end', () => {
    const { g } = loaded(seed());
    const sums = g.nodes.filter((n) => n.type === 'sum');
    assert.ok(sums.length > 0);
    for (const sum of sums) {
      const edgesIn = seed().edges.filter((e) => e.to === `${String(sum.id)}.terms`).length;
      assert.equal(sum.inputs.length, edgesIn + 1, `${String(sum.id)}: one slot per edge and one free`);
      assert.equal(sum.inputs[sum.inputs.length - 1]!.link, null);
      assert.ok(sum.inputs.every((s) => s.name === 'terms' && s.type === 'scalar'));
    }
  });

  it('adds a slot on connect and removes the freed one on disconnect', () => {
    const { g } = loaded(seed());
    const sum = g.nodes.find((n) => n.type === 'sum')!;
    const id = String(sum.id);
    const slots = sum.inputs.length;
    const extra = lg.LiteGraph.createNode('weight')!;
    g.add(extra);
    assert.equal(bridge.connectEdge(g, { from: 'alpha.value', to: `${extra.id}.value` }), undefined);
    assert.equal(bridge.connectEdge(g, { from: `${extra.id}.value`, to: `${id}.terms` }), undefined);
    assert.equal(sum.inputs.length, slots + 1);
    assert.equal(sum.inputs[sum.inputs.length - 1]!.link, null);
    const terms = readGraph(g).edges.filter((e) => e.to === `${id}.terms`).map((e) => e.from);
    assert.ok(terms.includes(`${extra.id}.value`));
    // Disconnect the first term: its slot goes, the others keep their links.
    const firstFrom = g.links.get(sum.inputs[0]!.link!)!.origin_id;
    sum.disconnectInput(0);
    assert.equal(sum.inputs.length, slots);
    assert.equal(sum.inputs.filter((s) => s.link == null).length, 1);
    const after = readGraph(g).edges.filter((e) => e.to === `${id}.terms`).map((e) => e.from);
    assert.equal(after.length, terms.length - 1);
    assert.ok(!after.some((f) => f.startsWith(`${String(firstFrom)}.`)));
  });
});

describe('graph bridge: widgets', () => {
  it('number widgets carry the catalogue range; enums are combos with the options (VGG layers)', () => {
    for (const def of NODE_DEFS) {
      for (const spec of def.params) {
        const w = widgetSpec(spec);
        if (spec.kind === 'number') {
          assert.equal(w.type, 'number');
          assert.equal(w.options.min, spec.min);
          assert.equal(w.options.max, spec.max);
          // The step follows the value (number-input.ts); for whole numbers it is a whole number, at least 1.
          if (spec.integer) assert.ok(Number.isInteger(w.options.step2) && w.options.step2! >= 1, `${def.type}.${spec.name}`);
        } else if (spec.kind === 'enum') {
          assert.equal(w.type, 'combo');
          assert.deepEqual(w.options.values, spec.options);
        } else {
          assert.equal(w.type, spec.kind === 'boolean' ? 'toggle' : 'text');
        }
      }
    }
    const layer = nodeDef('vgg19.layer')!.params.find((p) => p.name === 'layer')!;
    assert.deepEqual(widgetSpec(layer).options.values, VGG19_LAYER_NAMES);
    const n = lg.LiteGraph.createNode('vgg19.layer')!;
    const combo = n.widgets!.find((w) => w.name === 'layer')!;
    assert.equal(combo.type, 'combo');
    assert.deepEqual(combo.options.values, VGG19_LAYER_NAMES);
  });

  it('normalises widget values to the param: clamp, whole numbers, known options', () => {
    const iterations = nodeDef('optimizer')!.params.find((p) => p.name === 'iterations')!;
    assert.equal(normaliseParam(iterations, 12.6), 13);
    assert.equal(normaliseParam(iterations, -5), 1);
    assert.equal(normaliseParam(iterations, 'abc'), 200);
    const layer = nodeDef('vgg19.layer')!.params.find((p) => p.name === 'layer')!;
    assert.equal(normaliseParam(layer, 'conv9_9'), 'conv4_2');
    assert.equal(normaliseParam(layer, 'conv1_1'), 'conv1_1');
  });

  it('setParam changes one param through the widget and refuses out-of-range values', () => {
    const { g } = loaded(seed());
    let changes = 0;
    g.onStyleChange = () => changes++;
    const adam = node(g, 'adam');
    assert.equal(setParam(adam, 'iterations', 0), false);
    assert.equal(setParam(adam, 'iterations', 2.5), false);
    assert.equal(setParam(adam, 'nope', 1), false);
    assert.equal(changes, 0);
    assert.equal(setParam(adam, 'iterations', 50), true);
    assert.equal(changes, 1);
    const before = seedText.split('\n');
    const after = canonicalText(g).split('\n');
    assert.deepEqual(after.filter((l, i) => l !== before[i]), ['        "iterations": 50,']);
  });

  it('fresh ids follow the type name and skip taken ones', () => {
    assert.equal(freshNodeId('loss.style', new Set()), 'loss_style_1');
    assert.equal(freshNodeId('loss.style', new Set(['loss_style_1'])), 'loss_style_2');
    assert.equal(freshNodeId('9x', new Set()), '_9x_1');
  });
});

describe('graph bridge: files with problems', () => {
  it('loads a file that parses but does not validate, as far as it can', () => {
    const text = readFileSync(join(FIXTURES, 'graphs', 'many-problems.stylegraph.json'), 'utf8');
    const parsed = parseGraph(text);
    assert.ok(parsed.graph);
    const { g, lossless } = loaded(parsed.graph);
    assert.equal(typeof lossless, 'boolean');
    assert.ok(g.nodes.length > 0);
  });
});
