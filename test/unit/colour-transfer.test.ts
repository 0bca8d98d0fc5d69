import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { matchColours, type ColourMatchMode } from '../../src/core/image/colour-transfer';
import { SeededRandom } from '../helpers/seeded-random';

before(async () => {
  await useBackend('cpu');
});

type M3 = number[][];

/** Pixels with correlated channels, so every covariance is full. */
function image(seed: number, mix: M3, offset: number[]): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  const data: number[] = [];
  for (let i = 0; i < 6 * 7; i++) {
    const z = [rng.next(), rng.next(), rng.next()];
    for (let c = 0; c < 3; c++) data.push(offset[c]! + mix[c]!.reduce((s, m, k) => s + m * z[k]!, 0));
  }
  return tf.tensor4d(data, [1, 6, 7, 3]);
}

/** Pixels as rows of [r, g, b]. */
const rows = (t: tf.Tensor): number[][] => {
  const d = Array.from(t.dataSync());
  return Array.from({ length: d.length / 3 }, (_, i) => d.slice(3 * i, 3 * i + 3));
};
const meanOf = (p: number[][]) => [0, 1, 2].map((c) => p.reduce((s, x) => s + x[c]!, 0) / p.length);
const covOf = (p: number[][]): M3 => {
  const m = meanOf(p);
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => p.reduce((s, x) => s + (x[i]! - m[i]!) * (x[j]! - m[j]!), 0) / p.length));
};
function inverse3(a: M3): M3 {
  const [[a0, a1, a2], [b0, b1, b2], [c0, c1, c2]] = a as [[number, number, number], [number, number, number], [number, number, number]];
  const det = a0 * (b1 * c2 - b2 * c1) - a1 * (b0 * c2 - b2 * c0) + a2 * (b0 * c1 - b1 * c0);
  return [
    [(b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det, (a1 * b2 - a2 * b1) / det],
    [(b2 * c0 - b0 * c2) / det, (a0 * c2 - a2 * c0) / det, (a2 * b0 - a0 * b2) / det],
    [(b0 * c1 - b1 * c0) / det, (a1 * c0 - a0 * c1) / det, (a0 * b1 - a1 * b0) / det],
  ];
}
const mul = (a: M3, b: M3): M3 => a.map((row) => [0, 1, 2].map((j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const transpose = (a: M3): M3 => [0, 1, 2].map((i) => [0, 1, 2].map((j) => a[j]![i]!));
/** The affine map's matrix A (y - μy = A (x - μx)), by least squares over the pixels: Aᵀ = Σx⁻¹ Cov(x, y). */
function mapMatrix(x: number[][], y: number[][]): M3 {
  const mx = meanOf(x);
  const my = meanOf(y);
  const cross = [0, 1, 2].map((i) => [0, 1, 2].map((j) => x.reduce((s, p, k) => s + (p[i]! - mx[i]!) * (y[k]![j]! - my[j]!), 0) / x.length));
  return transpose(mul(inverse3(covOf(x)), cross));
}
const near = (a: number, b: number, scale: number, what: string) => assert.ok(Math.abs(a - b) <= 2e-3 * scale, `${what}: ${a} vs ${b}`);

const source = () => image(1, [[60, 10, 0], [20, 40, 5], [0, 15, 30]], [100, 90, 80]);
const reference = () => image(2, [[20, 0, 30], [5, 70, 0], [10, 10, 50]], [200, 60, 120]);
const MODES: ColourMatchMode[] = ['pca', 'cholesky', 'sym'];

test('matchColours: every mode gives the reference\'s mean and covariance', () => {
  const want = rows(reference());
  const [wantMean, wantCov] = [meanOf(want), covOf(want)];
  const scale = Math.max(...wantCov.flat().map(Math.abs));
  for (const mode of MODES) {
    const got = rows(matchColours(source(), reference(), mode));
    meanOf(got).forEach((m, c) => near(m, wantMean[c]!, 255, `${mode} mean ${c}`));
    covOf(got).forEach((row, i) => row.forEach((v, j) => near(v, wantCov[i]![j]!, scale, `${mode} covariance ${i}${j}`)));
  }
});

test('matchColours: cholesky\'s map is lower triangular, sym\'s symmetric, pca\'s neither; the shape is kept', () => {
  const x = rows(source());
  const maps = Object.fromEntries(MODES.map((mode) => {
    const out = matchColours(source(), reference(), mode);
    assert.deepEqual(out.shape, [1, 6, 7, 3]);
    return [mode, mapMatrix(x, rows(out))];
  })) as Record<ColourMatchMode, M3>;
  const size = Math.max(...maps.cholesky.flat().map(Math.abs));
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) near(maps.cholesky[i]![j]!, 0, size, `cholesky A${i}${j}`);
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) near(maps.sym[i]![j]!, maps.sym[j]![i]!, size, `sym A${i}${j}`);
  assert.ok(Math.abs(maps.pca[0]![1]! - maps.pca[1]![0]!) > 0.01 * size, 'pca is not the symmetric map');
});

test('matchColours: an image matched to itself is unchanged in every mode', () => {
  const x = source();
  for (const mode of MODES) {
    const out = matchColours(x, x, mode).dataSync();
    x.dataSync().forEach((v, i) => assert.ok(Math.abs(out[i]! - v) < 0.05, `${mode} ${i}: ${out[i]} vs ${v}`));
  }
});
