import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGraph } from '../../src/core/graph/parse';
import { GraphBridge } from '../../webview/graph-bridge';
import type { Litegraph } from '../../webview/litegraph-types';
import { setParam } from '../../webview/node-params';

let bridge: GraphBridge;
before(async () => {
  bridge = new GraphBridge((await import('@comfyorg/litegraph')) as unknown as Litegraph);
});

test('a Gram blend\'s inputs are labelled with the weight each takes, in edge order, and follow its weights param', () => {
  const graph = parseGraph(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'two-styles.stylegraph.json'), 'utf8')).graph!;
  const g = bridge.createGraph();
  assert.ok(bridge.load(g, graph).lossless);
  const blend = g.getNodeById('blend_conv2_1')!;
  const labels = () => blend.inputs.map((s) => (s as { label?: string }).label);
  assert.deepEqual(labels(), ['targets 1 · 0.7', 'targets 2 · 0.3', 'targets']);
  assert.ok(setParam(blend, 'weights', '0.5,0.5'));
  assert.deepEqual(labels(), ['targets 1 · 0.5', 'targets 2 · 0.5', 'targets']);
  // A sum's terms carry no weights: plain names.
  assert.ok(g.getNodeById('j_style')!.inputs.every((s) => (s as { label?: string }).label === 'terms'));
});
