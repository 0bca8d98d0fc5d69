/**
 * Canvas edits through litegraph's own code (its clipboard, Delete, menus), in Node: nothing the
 * user does changes the graph in a way they did not ask for, and every offered action is saved.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seedText, useLitegraph } from '../helpers/litegraph';
import { parseGraph } from '../../src/core/graph/parse';
import { loadGraph } from '../../src/core/graph/load';
import { writeCanonical } from '../../src/core/graph/canonical';
import type { Graph } from '../../src/core/graph/types';
import { canonicalText, readGraph } from '../../webview/graph-bridge';
import type { LNode } from '../../webview/litegraph-types';
import { persistedMenu, searchNodeTypes } from '../../webview/node-menus';
import { paramTooltip } from '../../webview/param-widgets';
import { portTooltip } from '../../webview/port-slots';
import type { StyleGraph } from '../../webview/style-graph';
import { nodeDef } from '../../src/core/nodes/catalogue';

const litegraph = useLitegraph();
const { loaded, node } = litegraph;
const seed = (): Graph => parseGraph(seedText).graph!;

/** litegraph's canvas methods run on a stand-in holding what they read (no DOM in Node). */
function canvasFor(g: StyleGraph, selected: LNode[]): Record<string, unknown> {
  return Object.assign(Object.create(litegraph.lg.LGraphCanvas.prototype) as object, {
    graph: g, selectedItems: new Set(selected), selected_nodes: {}, state: {}, graph_mouse: [0, 0],
    emitBeforeChange() {}, emitAfterChange() {}, setDirty() {}, selectItems() {},
  });
}

function copyPaste(g: StyleGraph, ids: string[], at: [number, number]): void {
  const canvas = canvasFor(g, ids.map((id) => node(g, id)));
  (litegraph.lg.LGraphCanvas.prototype.copyToClipboard as (this: unknown) => void).call(canvas);
  (litegraph.lg.LGraphCanvas.prototype._pasteFromClipboard as (this: unknown, o: unknown) => void).call(canvas, { position: at });
}

describe('copy and paste (litegraph clipboard)', () => {
  it('keeps every param, the links inside the selection, and gives readable unique ids', () => {
    const g = loaded();
    const widget = (id: string, name: string) => node(g, id).widgets!.find((w) => w.name === name)!;
    widget('w_style_conv1_1', 'w').value = 0.2;
    widget('style_conv1_1', 'layer').value = 'conv3_1';
    widget('beta', 'w').value = 40;
    copyPaste(g, ['style_conv1_1', 'gram_style_conv1_1', 'j_style_conv1_1', 'w_style_conv1_1', 'beta'], [5000, 5000]);
    const pasted = readGraph(g).nodes.filter((n) => n.ui.pos[0] >= 5000);
    assert.deepEqual(pasted.map((n) => [n.id, n.params]), [
      ['vgg19_layer_1', { layer: 'conv3_1', pooling: 'avg' }],
      ['gram_1', nodeDefaults('gram')],
      ['loss_style_1', nodeDefaults('loss.style')],
      ['weight_1', { w: 0.2 }],
      ['weight_2', { w: 40 }],
    ]);
    const edges = readGraph(g).edges.map((e) => `${e.from} -> ${e.to}`);
    assert.ok(edges.includes('vgg19_layer_1.features -> gram_1.features'), edges.join('\n'));
    assert.ok(edges.includes('gram_1.gram -> loss_style_1.style'), edges.join('\n'));
    assert.ok(edges.includes('loss_style_1.loss -> weight_1.value'), edges.join('\n'));
    assert.equal(pasted.every((n) => n.ui.title === undefined), true, 'a pasted node shows its own id');
  });

  it('a titled, collapsed node keeps its title and stays collapsed when pasted', () => {
    const g = loaded();
    node(g, 'alpha').title = 'content weight';
    node(g, 'alpha').flags.collapsed = true;
    copyPaste(g, ['alpha'], [6000, 0]);
    const copy = readGraph(g).nodes.find((n) => n.ui.pos[0] === 6000)!;
    assert.deepEqual(copy.ui, { pos: [6000, 0], title: 'content weight', collapsed: true });
  });
});

function nodeDefaults(type: string): Record<string, unknown> {
  return Object.fromEntries(nodeDef(type)!.params.map((p) => [p.name, p.default]));
}

describe('delete (litegraph deleteSelected)', () => {
  it('deleting a weight leaves its loss unconnected: no input is wired to an output behind the user', () => {
    const g = loaded();
    const termsBefore = readGraph(g).edges.filter((e) => e.to === 'j_style.terms').length;
    (litegraph.lg.LGraphCanvas.prototype.deleteSelected as (this: unknown) => void).call(canvasFor(g, [node(g, 'w_style_conv1_1')]));
    const edges = readGraph(g).edges;
    assert.equal(g.getNodeById('w_style_conv1_1') ?? undefined, undefined);
    assert.deepEqual(edges.filter((e) => e.from.startsWith('j_style_conv1_1.')), []);
    assert.equal(edges.filter((e) => e.to === 'j_style.terms').length, termsBefore - 1);
  });
});

describe('titles, collapsed nodes and groups are saved', () => {
  it('round-trips through the file (version 2), and a version-1 file stays version 1', () => {
    const g0 = seed();
    const graph: Graph = {
      ...g0,
      nodes: g0.nodes.map((n) => (n.id === 'alpha' ? { ...n, ui: { ...n.ui, title: 'content weight', collapsed: true } } : n)),
      groups: [{ title: 'Style terms', color: '#3f789e', bounds: [580, 300, 1100, 1500] }],
    };
    const g = loaded(graph);
    const text = canonicalText(g);
    assert.equal(text, writeCanonical(graph));
    assert.match(text, /"version": 2,/);
    const [ax, ay] = g0.nodes.find((n) => n.id === 'alpha')!.ui.pos;
    assert.ok(text.includes(`"ui": { "pos": [${ax}, ${ay}], "title": "content weight", "collapsed": true }`));
    assert.match(text, /"groups": \[\n {4}\{ "title": "Style terms", "color": "#3f789e", "bounds": \[580, 300, 1100, 1500\] \}\n {2}\]/);
    assert.deepEqual(loadGraph(text).problems, []);
    assert.match(canonicalText(loaded()), /"version": 1,/);
  });

  it('a rename, a collapse and a new group show in the canonical text', () => {
    const g = loaded();
    let changes = 0;
    g.onStyleChange = () => changes++;
    node(g, 'beta').title = 'style weight';
    assert.equal(changes, 1, 'a rename is reported as a change');
    node(g, 'adam').collapse(true);
    assert.equal(changes, 2, 'a collapse is reported as a change');
    const group = new litegraph.lg.LGraphGroup('Content');
    group.configure({ id: -1, title: 'Content', bounding: [0, 0, 900, 300], color: '#b06634', font_size: 24, flags: {} });
    g.add(group as never);
    const read = readGraph(g);
    assert.equal(read.nodes.find((n) => n.id === 'beta')!.ui.title, 'style weight');
    assert.equal(read.nodes.find((n) => n.id === 'adam')!.ui.collapsed, true);
    assert.deepEqual(read.groups, [{ title: 'Content', color: '#b06634', bounds: [0, 0, 900, 300] }]);
  });
});

describe('menus offer only what is saved', () => {
  it("litegraph's node, canvas and group menus lose Mode, Convert to Subgraph, Pin, Colors, Shapes, Properties", () => {
    const g = loaded();
    const canvas = canvasFor(g, []);
    const nodeMenu = (litegraph.lg.LGraphCanvas.prototype.getNodeMenuOptions as (this: unknown, n: unknown) => ({ content?: string } | null)[]).call(canvas, node(g, 'alpha'));
    const contents = (o: ({ content?: string } | null)[]) => o.map((e) => e?.content ?? '—');
    assert.ok(contents(nodeMenu).includes('Mode') && contents(nodeMenu).includes('Pin'), 'litegraph offers them');
    assert.deepEqual(contents(persistedMenu(nodeMenu)), ['Title', 'Collapse', '—', 'Clone', '—', 'Remove']);
    const group = new litegraph.lg.LGraphGroup('G');
    assert.deepEqual(contents(persistedMenu(group.getMenuOptions() as never)), ['Title', 'Color', '—', 'Remove']);
    const canvasMenu = [{ content: 'Add Node' }, { content: 'Add Group' }, { content: 'Convert to Subgraph 🆕' }, { content: 'Align' }];
    assert.deepEqual(contents(persistedMenu(canvasMenu)), ['Add Node', 'Add Group', 'Align']);
  });
});

describe('node search and tooltips', () => {
  it('a link dragged from a gram output lists only nodes with a gram input; from a scalar input, nodes with a scalar output', () => {
    const fromGram = searchNodeTypes('', { input: 'gram' });
    assert.ok(fromGram.includes('loss.style'));
    assert.ok(!fromGram.includes('weight') && !fromGram.includes('vgg19.layer'));
    const intoScalar = searchNodeTypes('', { output: 'scalar' });
    assert.ok(intoScalar.includes('weight') && intoScalar.includes('loss.style'));
    assert.ok(!intoScalar.includes('gram'));
    assert.deepEqual(searchNodeTypes('weight', { input: 'scalar' }), ['weight']);
    assert.equal(searchNodeTypes('weight')[0], 'weight', 'the exact name first');
  });

  it('ports show their type and meaning, widgets their doc and range', () => {
    const def = nodeDef('weight')!;
    assert.equal(portTooltip(def.inputs[0]!), `value (scalar): ${def.inputs[0]!.doc}`);
    const w = def.params.find((p) => p.name === 'w')!;
    assert.match(paramTooltip(w), new RegExp(`^w: .+ \\(${w.kind === 'number' ? w.min : ''} to ${w.kind === 'number' ? w.max : ''}, default 1\\)$`));
    const made = litegraph.lg.LiteGraph.createNode('weight')!;
    assert.equal((made.inputs[0] as { tooltip?: string }).tooltip, portTooltip(def.inputs[0]!));
    assert.equal(made.widgets![0]!.tooltip, paramTooltip(w));
  });
});

describe('ids and types litegraph cannot hold', () => {
  it('refuses "__proto__", "constructor" and "toString" as ids or types with a loss, without throwing', () => {
    const g0 = seed();
    const alpha = g0.nodes.find((n) => n.id === 'alpha')!;
    const graph: Graph = {
      ...g0,
      nodes: [...g0.nodes, { ...alpha, id: '__proto__' }, { ...alpha, id: 'constructor' }, { ...alpha, id: 'x1', type: 'constructor' }, { ...alpha, id: 'x2', type: 'toString' }],
      edges: [...g0.edges, { from: 'constructor.value', to: 'j_total.terms' }],
    };
    const { lossless, losses } = litegraph.bridge.load(litegraph.bridge.createGraph(), graph);
    assert.equal(lossless, false);
    assert.deepEqual(losses, [
      'node "__proto__": the canvas cannot hold a node with this id',
      'node "constructor": the canvas cannot hold a node with this id',
      'node "x1": unknown type "constructor"',
      'node "x2": unknown type "toString"',
      'edge "constructor.value" -> "j_total.terms": no node "constructor"',
    ]);
  });

  it('loads a long chain in one execution-order pass (linear, not quadratic)', () => {
    const sizes = [1000, 4000];
    const ms: number[] = [];
    for (const n of sizes) {
      const nodes = Array.from({ length: n }, (_, i) => ({ id: `w${i}`, type: 'weight', params: { w: 1 }, ui: { pos: [i * 10, 0] as const } }));
      const edges = nodes.slice(1).map((_, i) => ({ from: `w${i}.value`, to: `w${i + 1}.value` }));
      const g = litegraph.bridge.createGraph();
      let orders = 0;
      const order = g.updateExecutionOrder.bind(g);
      g.updateExecutionOrder = () => {
        orders++;
        order();
      };
      const start = performance.now();
      assert.equal(litegraph.bridge.load(g, { format: 'stylegraph', version: 1, nodes, edges }).lossless, true);
      ms.push(performance.now() - start);
      assert.equal(orders, 1, `${n} nodes: litegraph's execution order computed once`);
    }
    console.log(`chain load: ${sizes.map((n, i) => `${n} nodes ${ms[i]!.toFixed(0)} ms`).join(', ')}`);
  });
});
