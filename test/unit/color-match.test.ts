import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { colorMatch } from '../../src/core/nodes/color-match';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

const MODES = ['pca', 'cholesky', 'sym'] as const;
const image = (pixels: number[][]) => tf.tensor4d(pixels.flat(), [1, 1, pixels.length, 3]);
const match = (x: tf.Tensor, reference: tf.Tensor, mode: string) =>
  colorMatch.evaluate!({ image: [{ type: 'image', tensor: x } as Value], reference: [{ type: 'image', tensor: reference } as Value] }, { mode }, { nodeId: 'm' } as EvalContext).tensor;

/** Mean (3) and covariance (3 x 3, over N) of an image's pixels, in float64. */
function statsOf(t: tf.Tensor): { mean: number[]; covariance: number[][] } {
  const v = Array.from(t.dataSync());
  const n = v.length / 3;
  const mean = [0, 1, 2].map((c) => v.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / n);
  const covariance = [0, 1, 2].map((a) => [0, 1, 2].map((b) => {
    let s = 0;
    for (let p = 0; p < n; p++) s += (v[p * 3 + a]! - mean[a]!) * (v[p * 3 + b]! - mean[b]!);
    return s / n;
  }));
  return { mean, covariance };
}
const near = (actual: number[], expected: number[], tolerance: number, what: string) =>
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tolerance, `${what}: ${actual.map((x) => x.toFixed(4)).join(' ')} vs ${expected.join(' ')}`));

// Independent channels: R 10 ± 1, G 20 ± 2, B 30 ± 3 (orthogonal sign patterns): mean (10, 20, 30), Σ = diag(1, 4, 9).
const source = () => image([[11, 22, 33], [9, 22, 27], [11, 18, 27], [9, 18, 33]]);
// R 100 ± 2, G 50 ± 4, B 0 ± 1: mean (100, 50, 0), Σ = diag(4, 16, 1).
const target = () => image([[102, 54, 1], [98, 54, -1], [102, 46, -1], [98, 46, 1]]);

test('color.match, independent channels: every mode scales each channel by σr/σx (2, 2, 1/3) about the new mean', () => {
  // Pixel (11, 22, 33) -> (100 + 2 * 1, 50 + 2 * 2, 0 + 3 / 3) = (102, 54, 1); and so on.
  const expected = [102, 54, 1, 98, 54, -1, 102, 46, -1, 98, 46, 1];
  for (const mode of MODES) near(Array.from(match(source(), target(), mode).dataSync()), expected, 2e-3, mode);
});

test('color.match, correlated colours: the result has the reference\'s mean and covariance in every mode; the modes differ', () => {
  const x = image([[10, 12, 9], [40, 35, 20], [25, 30, 28], [70, 60, 41], [55, 41, 50], [15, 28, 12]]);
  const reference = image([[200, 40, 10], [120, 90, 60], [160, 60, 20], [90, 130, 100], [230, 20, 5], [100, 100, 90], [150, 75, 45]]);
  const want = statsOf(reference);
  const results = MODES.map((mode) => {
    const out = match(x, reference, mode);
    const got = statsOf(out);
    near(got.mean, want.mean, 1e-2, `${mode} mean`);
    near(got.covariance.flat(), want.covariance.flat(), 2e-3 * Math.max(...want.covariance.flat()), `${mode} covariance`);
    return Array.from(out.dataSync());
  });
  const differ = (a: number[], b: number[]) => a.some((v, i) => Math.abs(v - b[i]!) > 0.5);
  assert.ok(differ(results[0]!, results[1]!) && differ(results[0]!, results[2]!) && differ(results[1]!, results[2]!), 'three different maps');
});

test('color.match: the gradient matches central differences in the image and the reference, each mode', () => {
  const weights = tf.tensor4d(Array.from({ length: 15 }, (_, i) => Math.cos(i * 0.7)), [1, 1, 5, 3]);
  const x = image([[10, 12, 9], [40, 35, 20], [25, 30, 28], [70, 60, 41], [55, 41, 50]]);
  const reference = image([[200, 40, 10], [120, 90, 60], [160, 60, 20], [90, 130, 100], [230, 20, 5]]);
  for (const mode of MODES) {
    assertGradientMatches((t) => tf.sum(tf.mul(match(t, reference, mode), weights)) as tf.Scalar, x, { step: 0.05, tolerance: 2e-2 });
    assertGradientMatches((t) => tf.sum(tf.mul(match(x, t, mode), weights)) as tf.Scalar, reference, { step: 0.05, tolerance: 2e-2 });
  }
});
