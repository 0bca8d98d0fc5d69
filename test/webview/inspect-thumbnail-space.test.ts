import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES } from '../helpers/paths';
import { parseGraph } from '../../src/core/graph/parse';
import { THUMBNAIL_HEIGHT, showsThumbnail } from '../../src/core/graph/node-geometry';
import { GraphBridge } from '../../webview/graph-bridge';
import type { Litegraph, LNode } from '../../webview/litegraph-types';

let bridge: GraphBridge;
let lg: Litegraph;
before(async () => {
  lg = (await import('@comfyorg/litegraph')) as unknown as Litegraph;
  bridge = new GraphBridge(lg);
});

test('image.load and image.output (roles source and output) keep THUMBNAIL_HEIGHT under their widgets; other nodes do not', () => {
  assert.equal(showsThumbnail('image.load'), true);
  assert.equal(showsThumbnail('image.output'), true);
  assert.equal(showsThumbnail('vgg19.layer'), false);
  const plain = lg.LiteGraph.createNode('image.load')!;
  const base = (Object.getPrototypeOf(Object.getPrototypeOf(plain)) as { computeSize(this: LNode): Float32Array }).computeSize.call(plain);
  assert.equal(plain.size![1], base[1]! + THUMBNAIL_HEIGHT);
  const vgg = lg.LiteGraph.createNode('vgg19.layer')!;
  assert.equal(vgg.computeSize()[1], (Object.getPrototypeOf(Object.getPrototypeOf(vgg)) as { computeSize(this: LNode): Float32Array }).computeSize.call(vgg)[1]);
});

test('with the thumbnails\' room, no two nodes of any example overlap', () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.stylegraph.json'))) {
    const graph = parseGraph(readFileSync(join(EXAMPLES, file), 'utf8')).graph!;
    const g = bridge.createGraph();
    bridge.load(g, graph);
    const boxes = g.nodes.map((n) => [String(n.id), ...n.getBounding()] as [string, number, number, number, number]);
    for (const [id, x, y, w, h] of boxes) {
      for (const [other, x2, y2, w2, h2] of boxes) {
        if (other !== id) assert.ok(x >= x2 + w2 || x2 >= x + w || y >= y2 + h2 || y2 >= y + h, `${file}: ${id} overlaps ${other}`);
      }
    }
  }
});
