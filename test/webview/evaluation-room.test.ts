import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { RESULT_HEIGHT, RESULT_WIDTH, THUMBNAIL_HEIGHT, showsResult, showsThumbnail } from '../../src/core/graph/node-geometry';
import { GraphBridge } from '../../webview/graph-bridge';
import type { Litegraph, LNode } from '../../webview/litegraph-types';

let lg: Litegraph;
before(async () => {
  lg = (await import('@comfyorg/litegraph')) as unknown as Litegraph;
  new GraphBridge(lg);
});

/** litegraph's own size of a node, without the room the bridge adds. */
const baseSize = (node: LNode) => (Object.getPrototypeOf(Object.getPrototypeOf(node)) as { computeSize(this: LNode): Float32Array }).computeSize.call(node);

test('face.detect keeps room for its face crop; result nodes keep room (and width) for their report; other face nodes keep none', () => {
  assert.equal(showsThumbnail('face.detect'), true);
  assert.deepEqual(['face.encode', 'encoding.distance', 'face.database', 'face.verify'].map(showsThumbnail), [false, false, false, false]);
  assert.deepEqual(['face.verify', 'face.identify', 'face.evaluate'].map(showsResult), [true, true, true]);
  assert.deepEqual(['face.detect', 'encoding.distance', 'loss.content', 'image.load', 'vgg19.layer'].map(showsResult), [false, false, false, false, false]);
  const detect = lg.LiteGraph.createNode('face.detect')!;
  assert.equal(detect.size![1], baseSize(detect)[1]! + THUMBNAIL_HEIGHT);
  const verify = lg.LiteGraph.createNode('face.verify')!;
  assert.equal(verify.size![1], baseSize(verify)[1]! + RESULT_HEIGHT);
  assert.ok(verify.size![0]! >= RESULT_WIDTH);
  const encode = lg.LiteGraph.createNode('face.encode')!;
  assert.deepEqual([...encode.computeSize()], [...baseSize(encode)]);
});
