import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symmetricEigen } from '../../src/core/model/symmetric-eigen';
import { SeededRandom } from '../helpers/seeded-random';

/** A random symmetric n x n matrix, row-major. */
function randomSymmetric(n: number, seed: number): number[] {
  const r = new SeededRandom(seed);
  const a = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = r.next() * 4 - 2;
  return a;
}

test('V diag(λ) Vᵀ gives the matrix back and V is orthonormal (random 2x2 to 7x7)', () => {
  for (const [n, seed] of [[2, 1], [3, 2], [5, 3], [7, 4]] as const) {
    const a = randomSymmetric(n, seed);
    const { values, vectors: v } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += v[i * n + k]! * values[k]! * v[j * n + k]!;
          gram += v[k * n + i]! * v[k * n + j]!;
        }
        assert.ok(Math.abs(rebuilt - a[i * n + j]!) < 1e-12, `${n}x${n} [${i}, ${j}]: ${rebuilt} vs ${a[i * n + j]}`);
        assert.ok(Math.abs(gram - (i === j ? 1 : 0)) < 1e-12, `${n}x${n} VᵀV [${i}, ${j}] = ${gram}`);
      }
    }
  }
});

test('each column of V is an eigenvector: A v = λ v', () => {
  const n = 4;
  const a = randomSymmetric(n, 9);
  const { values, vectors: v } = symmetricEigen(a, n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j]! * v[j * n + k]!;
      assert.ok(Math.abs(av - values[k]! * v[i * n + k]!) < 1e-12, `column ${k}, row ${i}`);
    }
  }
});

test('known eigenvalues: [2 1; 1 2] has 1 and 3; [2 1 0; 1 3 1; 0 1 2] has 1, 2 and 4', () => {
  const sorted = (m: number[], n: number) => symmetricEigen(m, n).values.sort((x, y) => x - y);
  sorted([2, 1, 1, 2], 2).forEach((l, i) => assert.ok(Math.abs(l - [1, 3][i]!) < 1e-12, `${l}`));
  sorted([2, 1, 0, 1, 3, 1, 0, 1, 2], 3).forEach((l, i) => assert.ok(Math.abs(l - [1, 2, 4][i]!) < 1e-12, `${l}`));
});

test('a diagonal matrix is its own decomposition; the zero matrix gives zeros', () => {
  assert.deepEqual(symmetricEigen([3, 0, 0, -1], 2), { values: [3, -1], vectors: Float64Array.from([1, 0, 0, 1]) });
  assert.deepEqual(symmetricEigen([0, 0, 0, 0], 2).values, [0, 0]);
});
