import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { compile } from '../../src/core/compile/plan';
import type { Graph } from '../../src/core/graph/types';
import { NodeRunError, type Value } from '../../src/core/nodes/types';
import { outputImages } from '../../src/core/run/output-images';
import { seedGraph, withParams } from '../helpers/seed-run';

before(() => useBackend('cpu'));

/** The seed graph with `from` wired into the result's content input, colors content. */
const withContent = (from: string): Graph => {
  const g = withParams(seedGraph({ size: [16, 16] }), 'result', { colors: 'content' });
  return { ...g, edges: [...g.edges, { from, to: 'result.content' }] };
};

test("an output node's image is the run's result, clipped to 0-255 and rounded, with its node and path; the result is left alive", async () => {
  const plan = compile(seedGraph({ size: [16, 16] })); // the tensors need not have the graph's size
  const result = tf.tensor4d([-5, 12.4, 300, 254.6, 0.5, 128], [1, 1, 2, 3]);
  const [out, ...rest] = await outputImages(plan, new Map(), result);
  assert.equal(rest.length, 0);
  assert.equal(out!.nodeId, 'result');
  assert.equal(out!.path, 'seed-result.png');
  assert.deepEqual([out!.image.width, out!.image.height], [2, 1]);
  assert.deepEqual(Array.from(out!.image.data), [0, 12, 255, 255, 255, 0, 128, 255]);
  assert.equal(result.isDisposed, false);
});

test('colors content reads the content image from the constants: the content itself as result gives it back', async () => {
  const plan = compile(withContent('content.image'));
  const pixels = [200, 30, 60, 10, 220, 90, 40, 70, 250, 128, 128, 128];
  const content = tf.tensor4d(pixels, [1, 2, 2, 3]);
  const [out] = await outputImages(plan, new Map<string, Value>([['content', { type: 'image', tensor: content }]]), content.clone());
  const rgb = Array.from(out!.image.data).filter((_, i) => i % 4 !== 3);
  rgb.forEach((v, i) => assert.ok(Math.abs(v - pixels[i]!) <= 1, `channel ${i}: ${v} vs ${pixels[i]}`));
});

test('an input other than the first that depends on the generated image cannot be read after the run: the error names it', async () => {
  const plan = compile(withContent('generated.image'));
  await assert.rejects(outputImages(plan, new Map(), tf.zeros([1, 2, 2, 3])), (e: unknown) =>
    e instanceof NodeRunError && e.message === 'node "result": input content must not depend on the generated image ("generated" does)');
});
