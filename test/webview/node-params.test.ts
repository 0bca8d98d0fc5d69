import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseGraph } from '../../src/core/graph/parse';
import { seedText, useLitegraph } from '../helpers/litegraph';
import { readParams, setParam, setParams } from '../../webview/node-params';
import type { StyleNode } from '../../webview/style-graph';

const litegraph = useLitegraph();
const { loaded, node } = litegraph;
const made = (type: string) => litegraph.lg.LiteGraph.createNode(type) as unknown as StyleNode;

describe('readParams', () => {
  it('reads a loaded node\'s params as the file has them', () => {
    const g = loaded();
    const adam = parseGraph(seedText).graph!.nodes.find((n) => n.id === 'adam')!;
    assert.deepEqual(readParams(node(g, 'adam')), adam.params);
  });

  it('gives the default for a widget holding no param value, and keeps params the catalogue does not know', () => {
    const w = made('weight');
    w.widgets![0]!.value = null as never;
    w.extraParams = { note: 'kept' };
    assert.deepEqual(readParams(w), { note: 'kept', w: 1 });
  });
});

describe('setParams', () => {
  it('puts known params into the widgets and unknown ones into extraParams', () => {
    const layer = made('vgg19.layer');
    setParams(layer, { layer: 'conv2_1', colour: 'red', pooling: 'max' });
    assert.deepEqual(layer.widgets!.map((w) => [w.name, w.value]), [['layer', 'conv2_1'], ['pooling', 'max']]);
    assert.deepEqual(layer.extraParams, { colour: 'red' });
    assert.deepEqual(readParams(layer), { colour: 'red', layer: 'conv2_1', pooling: 'max' });
  });
});

describe('setParam', () => {
  it('refuses an unknown param, a value of the wrong type and one out of range, changing nothing', () => {
    const g = loaded();
    let changes = 0;
    g.onStyleChange = () => changes++;
    const alpha = node(g, 'alpha');
    assert.equal(setParam(alpha, 'weight', 3), false);
    assert.equal(setParam(alpha, 'w', '3'), false);
    assert.equal(setParam(alpha, 'w', -1), false);
    assert.equal(setParam(node(g, 'style_conv1_1'), 'layer', 'conv9_9'), false);
    assert.equal(readParams(alpha).w, 10);
    assert.equal(changes, 0);
  });

  it('sets a value through the widget\'s callback: the change is reported once', () => {
    const g = loaded();
    let changes = 0;
    g.onStyleChange = () => changes++;
    assert.equal(setParam(node(g, 'style_conv1_1'), 'layer', 'conv2_2'), true);
    assert.equal(readParams(node(g, 'style_conv1_1')).layer, 'conv2_2');
    assert.equal(changes, 1);
  });

  it('with a canvas, sets the value as litegraph does for a user\'s edit', () => {
    const g = loaded();
    let changes = 0;
    g.onStyleChange = () => changes++;
    assert.equal(setParam(node(g, 'alpha'), 'w', 25, { graph_mouse: [0, 0] }), true);
    assert.equal(readParams(node(g, 'alpha')).w, 25);
    assert.equal(changes, 1);
  });
});
