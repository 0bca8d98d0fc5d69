import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { ImageAverage } from '../../src/core/run/image-average';

before(() => useBackend('cpu'));

test('the average after k steps is the bias-corrected exponential average of the start and the k images', () => {
  const decay = 0.5;
  const samples = [1, 3, 5, 11];
  const average = new ImageAverage(decay, tf.scalar(samples[0]!));
  const seen = [average.value().dataSync()[0]];
  for (const x of samples.slice(1)) {
    const image = tf.scalar(x);
    average.update(image);
    image.dispose();
    seen.push(average.value().dataSync()[0]);
  }
  // By hand, after x0..xk: Σ (1-d) d^(k-i) xi / (1 - d^(k+1)).
  const byHand = samples.map((_, k) => {
    let sum = 0;
    for (let i = 0; i <= k; i++) sum += (1 - decay) * decay ** (k - i) * samples[i]!;
    return sum / (1 - decay ** (k + 1));
  });
  assert.deepEqual(byHand.slice(0, 3), [1, (0.25 * 1 + 0.5 * 3) / 0.75, (0.125 * 1 + 0.25 * 3 + 0.5 * 5) / 0.875]);
  seen.forEach((v, k) => assert.ok(Math.abs(v! - byHand[k]!) < 1e-6, `step ${k}: ${v} vs ${byHand[k]}`));
  average.dispose();
});

test('a constant image averages to itself from the first step (no bias towards zero)', () => {
  const image = tf.fill([1, 2, 2, 3], 200);
  const average = new ImageAverage(0.99, image);
  for (let i = 0; i < 3; i++) average.update(image);
  const value = average.value();
  assert.ok(Math.max(...Array.from(value.dataSync(), (v) => Math.abs(v - 200))) < 1e-3);
  tf.dispose([image, value]);
  average.dispose();
});
