import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_DEFS } from '../../src/core/nodes/catalogue';
import { NODE_SLOT_HEIGHT, NODE_TITLE_HEIGHT, NODE_WIDGET_HEIGHT, nodeBox } from '../../src/core/graph/node-geometry';
import { GraphBridge } from '../../webview/graph-bridge';
import type { Litegraph } from '../../webview/litegraph-types';

let lg: Litegraph;
before(async () => {
  lg = (await import('@comfyorg/litegraph')) as unknown as Litegraph;
  new GraphBridge(lg);
});

test('litegraph draws at core\'s node-geometry sizes: the title, port and widget heights come from it', () => {
  assert.deepEqual([lg.LiteGraph.NODE_TITLE_HEIGHT, lg.LiteGraph.NODE_SLOT_HEIGHT, lg.LiteGraph.NODE_WIDGET_HEIGHT], [NODE_TITLE_HEIGHT, NODE_SLOT_HEIGHT, NODE_WIDGET_HEIGHT]);
});

test('core lays nodes out at the height the canvas draws them, thumbnails and reports included, for every node type', () => {
  for (const def of NODE_DEFS) {
    const node = lg.LiteGraph.createNode(def.type)!;
    const [x, y, , height] = nodeBox({ id: 'n', type: def.type, params: {}, ui: { pos: [100, 200] } }, { format: 'stylegraph', version: 1, nodes: [], edges: [] });
    assert.deepEqual([x, y], [100, 200 - NODE_TITLE_HEIGHT], def.type);
    assert.equal(height, NODE_TITLE_HEIGHT + node.size![1]!, def.type);
  }
});
