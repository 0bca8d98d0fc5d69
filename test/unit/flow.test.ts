import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { farnebackFlow } from '../../src/node/optical-flow';
import { image, texture } from '../helpers/flow-images';
import type { OpticalFlow } from '../../src/core/image/optical-flow';
import { flow as flowNode } from '../../src/core/nodes/flow';
import type { EvalContext, Shape, Value } from '../../src/core/nodes/types';

let opticalFlow: OpticalFlow;
before(async () => {
  await useBackend('cpu');
  opticalFlow = await farnebackFlow();
});

test('flow as a node: two outputs, the mask on its own port; the first frame of a frame run has flow 0 and mask 0', () => {
  const frame = image(32, 40, texture);
  const inputs = { previous: [{ type: 'image', tensor: frame } as Value], frame: [{ type: 'image', tensor: frame } as Value] };
  const first = flowNode.evaluate!(inputs, {}, { nodeId: 'f', opticalFlow, frame: { index: 0, count: 3, first: true } } as unknown as EvalContext);
  assert.equal(first.type, 'flow');
  assert.equal(first.others!.mask!.type, 'mask');
  assert.equal(tf.max(first.others!.mask!.tensor).dataSync()[0], 0);
  assert.equal(tf.max(tf.abs(first.tensor)).dataSync()[0], 0);
  const later = flowNode.evaluate!(inputs, {}, { nodeId: 'f', opticalFlow, frame: { index: 1, count: 3, first: false } } as unknown as EvalContext);
  // A frame against itself: reliable but for a few border pixels where Farneback's flow wobbles by hundredths.
  assert.ok(tf.mean(later.others!.mask!.tensor).dataSync()[0]! > 0.99, 'a frame against itself is reliable');
  assert.throws(() => flowNode.evaluate!(inputs, {}, { nodeId: 'f' } as EvalContext), /no optical flow library/);
});

test('flow: 1xHxWx2 and a 1xHxWx1 mask at the frame\'s size; the first frame needs no flow library', () => {
  const frame = image(6, 10, texture);
  const value = flowNode.evaluate!({ previous: [{ type: 'image', tensor: frame }], frame: [{ type: 'image', tensor: frame }] }, {}, { nodeId: 'f', frame: { index: 0, count: 2, first: true } } as unknown as EvalContext);
  assert.deepEqual([value.tensor.shape, value.others!.mask!.tensor.shape], [[1, 6, 10, 2], [1, 6, 10, 1]]);
});

test('flow: a shift of the frame by whole pixels gives that flow back in the interior', () => {
  // The content moves 2 px left: the frame's (x, y) is the previous frame's (x + 2, y).
  const previous = image(40, 48, texture);
  const frame = image(40, 48, (x, y) => texture(x + 2, y));
  const value = flowNode.evaluate!({ previous: [{ type: 'image', tensor: previous }], frame: [{ type: 'image', tensor: frame }] }, {}, { nodeId: 'f', opticalFlow, frame: { index: 1, count: 2, first: false } } as unknown as EvalContext);
  const interior = tf.slice(value.tensor, [0, 10, 10, 0], [1, 20, 28, 2]);
  const [u, v] = [tf.slice(interior, [0, 0, 0, 0], [-1, -1, -1, 1]), tf.slice(interior, [0, 0, 0, 1], [-1, -1, -1, 1])];
  assert.ok(tf.max(tf.abs(tf.sub(u, 2))).dataSync()[0]! < 0.5, 'u is 2');
  assert.ok(tf.max(tf.abs(v)).dataSync()[0]! < 0.5, 'v is 0');
});

test('flow: its shape is the frame\'s; frames of different sizes are a shape problem naming both', () => {
  const problems: string[] = [];
  const shape = (previous: Shape, frame: Shape) => flowNode.inferShape!({ previous: [previous], frame: [frame] }, {}, { problem: (_code, message) => void problems.push(message) });
  assert.deepEqual(shape({ type: 'image', height: 120, width: 160 }, { type: 'image', height: 120, width: 160 }), { type: 'flow', height: 120, width: 160 });
  assert.deepEqual(shape({ type: 'image' }, { type: 'image', height: 120, width: 160 }), { type: 'flow', height: 120, width: 160 });
  assert.equal(shape({ type: 'image', height: 60, width: 80 }, { type: 'image', height: 120, width: 160 }), undefined);
  assert.deepEqual(problems, ['the previous frame is 60x80 but the frame is 120x160: both must be the same size']);
});
