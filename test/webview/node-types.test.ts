import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_DEFS } from '../../src/core/nodes/catalogue';
import { NODE_SLOT_HEIGHT, NODE_TITLE_HEIGHT, NODE_WIDGET_HEIGHT, roomBelowWidgets } from '../../src/core/graph/node-geometry';
import { useLitegraph } from '../helpers/litegraph';
import { readGraph } from '../../webview/graph-bridge';
import { readParams } from '../../webview/node-params';
import { paramTooltip } from '../../webview/param-widgets';
import { portTooltip } from '../../webview/port-slots';
import { registerNodeTypes } from '../../webview/node-types';
import type { StyleNode } from '../../webview/style-graph';

const litegraph = useLitegraph();
const { loaded, node } = litegraph;
const made = (type: string) => litegraph.lg.LiteGraph.createNode(type) as unknown as StyleNode;
/** litegraph's serialise and configure, which its clipboard and Clone use. */
type Serialisable = { serialize(): Record<string, unknown>; configure(o: unknown): void };
const serialised = (n: StyleNode) => (n as unknown as Serialisable).serialize();
const configure = (n: StyleNode, o: unknown) => (n as unknown as Serialisable).configure(o);

describe('registered node types', () => {
  it('use node-geometry\'s sizes, and registering again changes nothing', () => {
    const { LiteGraph } = litegraph.lg;
    assert.deepEqual([LiteGraph.NODE_TITLE_HEIGHT, LiteGraph.NODE_SLOT_HEIGHT, LiteGraph.NODE_WIDGET_HEIGHT], [NODE_TITLE_HEIGHT, NODE_SLOT_HEIGHT, NODE_WIDGET_HEIGHT]);
    const before = LiteGraph.registered_node_types.weight;
    registerNodeTypes(litegraph.lg);
    assert.equal(LiteGraph.registered_node_types.weight, before);
  });

  it('every type: its title, category, slots with their tooltips, and one widget per param with its tooltip', () => {
    for (const def of NODE_DEFS) {
      const n = made(def.type);
      assert.equal(n.title, def.title, def.type);
      assert.equal((litegraph.lg.LiteGraph.registered_node_types[def.type] as unknown as { category: string }).category, def.category);
      assert.deepEqual(n.inputs.map((s) => (s as { tooltip?: string }).tooltip), def.inputs.map(portTooltip), def.type);
      assert.deepEqual(n.outputs.map((s) => [s.name, s.type, (s as { tooltip?: string }).tooltip, (s as { nameLocked?: boolean }).nameLocked]), def.outputs.map((p) => [p.name, p.type, portTooltip(p), true]), def.type);
      assert.deepEqual((n.widgets ?? []).map((w) => [w.name, w.tooltip]), def.params.map((p) => [p.name, paramTooltip(p)]), def.type);
      assert.equal(n.bypass, false);
      assert.deepEqual(n.extraParams, {});
    }
  });

  it('keep room below the widgets for a thumbnail or a result, at least as wide as it needs', () => {
    for (const type of ['image.load', 'face.verify', 'weight']) {
      const n = made(type);
      const plain = (litegraph.lg.LGraphNode.prototype.computeSize as (this: unknown) => number[]).call(n);
      const size = n.computeSize();
      const room = roomBelowWidgets(type);
      assert.equal(size[1], plain[1]! + room.height, type);
      assert.equal(size[0], Math.max(plain[0]!, room.minWidth), type);
    }
    assert.ok(roomBelowWidgets('image.load').height > 0 && roomBelowWidgets('face.verify').minWidth > 0, 'the cases above keep room');
  });
});

describe('a node\'s changes', () => {
  it('a widget\'s value is made to fit its param, and the change reported', () => {
    const g = loaded();
    let changes = 0;
    g.onStyleChange = () => changes++;
    const iterations = node(g, 'adam').widgets!.find((w) => w.name === 'iterations')!;
    iterations.value = 12.6;
    (iterations.callback as (v: unknown) => void)(12.6);
    assert.equal(iterations.value, 13);
    assert.equal(changes, 1);
  });

  it('a rename and a collapse are reported, a title set to what it is is not, nor anything while loading', () => {
    const g = loaded();
    let changes = 0;
    g.onStyleChange = () => changes++;
    const alpha = node(g, 'alpha');
    alpha.title = 'alpha';
    assert.equal(changes, 0);
    alpha.title = 'content weight';
    alpha.collapse();
    assert.equal(changes, 2);
    g.loading = true;
    alpha.title = 'again';
    alpha.collapse();
    assert.equal(changes, 2);
  });

  it('draws the thumbnail, result and overlay through the graph, none of them when collapsed', () => {
    const g = loaded();
    const drawn: string[] = [];
    g.drawThumbnail = (n) => drawn.push(`thumbnail ${String(n.id)}`);
    g.drawResult = (n) => drawn.push(`result ${String(n.id)}`);
    g.drawOver = (n) => drawn.push(`over ${String(n.id)}`);
    for (const id of ['content', 'alpha']) {
      const n = node(g, id) as unknown as { onDrawBackground(ctx: unknown): void; onDrawForeground(ctx: unknown): void };
      n.onDrawBackground({});
      n.onDrawForeground({});
    }
    node(g, 'style').collapse(true);
    (node(g, 'style') as unknown as { onDrawBackground(ctx: unknown): void }).onDrawBackground({});
    assert.deepEqual(drawn, ['thumbnail content', 'over content', 'over alpha']);
  });
});

describe('serialised nodes (clipboard, Clone)', () => {
  it('carry params, unknown params and bypass into the copy; a title that is only the id is left out', () => {
    const g = loaded();
    const alpha = node(g, 'alpha');
    alpha.widgets![0]!.value = 3.5;
    alpha.extraParams = { note: 'x' };
    alpha.bypass = true;
    const o = serialised(alpha);
    assert.equal(o.title, undefined);
    const copy = made('weight');
    configure(copy, o);
    assert.deepEqual(readParams(copy), { note: 'x', w: 3.5 });
    assert.equal(copy.bypass, true);
    assert.equal('stylegraphParams' in copy, false, 'the carried fields do not stay on the node');
    g.add(copy);
    assert.deepEqual(readGraph(g).nodes.find((n) => n.id === copy.id)!.params, { w: 3.5, note: 'x' });
  });

  it('a node that is not bypassed makes a copy that is not, and a sum\'s copy keeps one free slot', () => {
    const g = loaded();
    const sum = node(g, 'j_style');
    const o = serialised(sum);
    const copy = made('sum');
    copy.bypass = true;
    configure(copy, o);
    assert.equal(copy.bypass, false);
    assert.equal(copy.inputs.filter((s) => s.link == null).length, 1);
    assert.equal(copy.inputs.at(-1)!.link ?? null, null);
  });
});
