import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { featuresMask } from '../../src/core/nodes/features-mask';
import { gram } from '../../src/core/nodes/gram';
import { lossStyle } from '../../src/core/nodes/loss-style';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

const close = (actual: number[], expected: number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5, `${i}: ${actual.join(' ')} vs ${expected.join(' ')}`));
const maskValue = (tensor: tf.Tensor4D): Value => ({ type: 'mask', tensor });
const featureValue = (tensor: tf.Tensor4D): Value => ({ type: 'features', tensor });
const masked = (features: tf.Tensor4D, mask: tf.Tensor4D, pooling = 'avg') =>
  featuresMask.evaluate!({ features: [featureValue(features)], mask: [maskValue(mask)] }, { pooling }, { nodeId: 'fm' } as EvalContext);

test('features.mask: the mask pooled to the features\' size (avg or max) weights every channel; the value carries Σ m²', () => {
  // A 4x4 mask pooled once to 2x2: block means 1, 0.5, 0, 0.25 (avg) or 1, 1, 0, 1 (max).
  const mask = tf.tensor4d([1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 4, 4, 1]);
  const features = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
  const avg = masked(features, mask);
  assert.equal(avg.type, 'features');
  close(Array.from(avg.tensor.dataSync()), [1, 2, 1.5, 2, 0, 0, 1.75, 2]);
  assert.equal(avg.type === 'features' && avg.mass, 1 + 0.25 + 0 + 0.0625);
  const max = masked(features, mask, 'max');
  close(Array.from(max.tensor.dataSync()), [1, 2, 3, 4, 0, 0, 7, 8]);
  assert.equal(max.type === 'features' && max.mass, 3);
});

test('features.mask: a mask of the features\' own size is not pooled; an odd size loses its last row and column', () => {
  const features = tf.tensor4d([2, 4, 6, 8], [1, 2, 2, 1]);
  const same = masked(features, tf.tensor4d([0.5, 1, 0, 0.25], [1, 2, 2, 1]));
  close(Array.from(same.tensor.dataSync()), [1, 4, 0, 2]);
  assert.equal(same.type === 'features' && same.mass, 0.25 + 1 + 0 + 0.0625);
  // 5x5 -> 2x2 (valid pooling drops row and column 4, which are 9s here).
  const odd = tf.tensor4d(Array.from({ length: 25 }, (_, i) => (i % 5 === 4 || i >= 20 ? 9 : 1)), [1, 5, 5, 1]);
  const pooled = masked(features, odd);
  close(Array.from(pooled.tensor.dataSync()), [2, 4, 6, 8]);
  assert.equal(pooled.type === 'features' && pooled.mass, 4);
});

test('features.mask: a mask that pooling cannot bring to the features\' size is a shape problem; an empty region an error', () => {
  const messages: string[] = [];
  const problem = (_code: string, message: string) => void messages.push(message);
  const shape = featuresMask.inferShape!({ features: [{ type: 'features', height: 4, width: 4, channels: 8 }], mask: [{ type: 'mask', height: 12, width: 16 }] }, { pooling: 'avg' }, { problem });
  assert.equal(shape, undefined);
  assert.deepEqual(messages, ["the mask is 12x16, which pooling does not bring to the features' 4x4: give the mask the size of the image the features come from"]);
  // 17x9 -> 8x4 -> 4x2: two poolings.
  assert.deepEqual(featuresMask.inferShape!({ features: [{ type: 'features', height: 4, width: 2, channels: 8 }], mask: [{ type: 'mask', height: 17, width: 9 }] }, { pooling: 'avg' }, { problem }), { type: 'features', height: 4, width: 2, channels: 8 });
  assert.throws(() => masked(tf.ones([1, 2, 2, 1]), tf.zeros([1, 4, 4, 1])), /the mask is empty at the features' size 2x2/);
});

test('features.mask: evaluating with a mask of the wrong size is an error naming both sizes', () => {
  assert.throws(() => masked(tf.ones([1, 2, 2, 1]), tf.ones([1, 6, 4, 1])), { message: "the mask is 6x4, which pooling does not bring to the features' 2x2: give the mask the size of the image the features come from" });
});

/** A 1x8x8x2 texture: a checkerboard of two feature vectors. */
const checker = (a: number[], b: number[]) => tf.tensor4d(Array.from({ length: 64 }, (_, i) => ((i >> 3) + i) % 2 ? b : a).flat(), [1, 8, 8, 2]);
/** A 1x16x16x1 image-sized mask whose rows < rows2 and columns < cols2 (in 2x2 cells) are 1. */
const region = (rows: number, cols: number) => tf.tensor4d(Array.from({ length: 256 }, (_, i) => (i >> 4) < rows * 2 && (i & 15) < cols * 2 ? 1 : 0), [1, 16, 16, 1]);

test('a region\'s style loss does not depend on its area: small and large regions of the same texture cost the same', () => {
  const ctx = { nodeId: 'x' } as EvalContext;
  const styleGram = gram.evaluate!({ features: [featureValue(checker([1, 0], [0, 2]))] }, { normalisation: 'none' }, ctx);
  const generated = checker([3, 1], [1, 1]);
  const loss = (mask?: tf.Tensor4D) => {
    const features = mask ? masked(generated, mask) : featureValue(generated);
    const g = gram.evaluate!({ features: [features] }, { normalisation: 'none' }, ctx);
    return lossStyle.evaluate!({ style: [styleGram], generated: [g] }, {}, ctx).tensor.dataSync()[0]!;
  };
  const whole = loss();
  const small = loss(region(2, 2));
  const large = loss(region(6, 8));
  assert.ok(whole > 0);
  for (const v of [small, large]) assert.ok(Math.abs(v - whole) < 1e-6 * whole, `whole ${whole}, small ${small}, large ${large}`);
});

test('features.mask and gram: the gradient matches central differences', () => {
  const mask = tf.tensor4d([1, 0.5, 0.25, 0, 1, 1, 0.75, 0.5, 0, 0.2, 1, 1, 0.3, 0.6, 0.9, 1], [1, 4, 4, 1]);
  const weights = tf.tensor2d([0.5, -1, -1, 2], [2, 2]);
  const f = (x: tf.Tensor) => tf.sum(tf.mul(gram.evaluate!({ features: [masked(x as tf.Tensor4D, mask)] }, { normalisation: 'positions' }, { nodeId: 'g' } as EvalContext).tensor, weights)) as tf.Scalar;
  const x = tf.tensor4d(Array.from({ length: 8 }, (_, i) => Math.sin(i * 1.3) * 3 + 1), [1, 2, 2, 2]);
  assertGradientMatches(f, x);
});
