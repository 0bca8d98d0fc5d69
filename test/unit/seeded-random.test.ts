import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../src/core/run/seeded-random';

const draws = (n: number, ...keys: number[]) => Array.from({ length: n }, seededRandom(...keys));

test('the same keys draw the same numbers; another key, order or count draws others', () => {
  assert.deepEqual(draws(20, 7, 0, 3), draws(20, 7, 0, 3));
  const others = [draws(20, 7, 0, 4), draws(20, 7, 3, 0), draws(20, 0, 7, 3), draws(20, 7, 0), draws(20, 7, 0, 3, 0), draws(20)];
  for (const other of others) assert.notDeepEqual(other, draws(20, 7, 0, 3));
  assert.equal(new Set(others.map((d) => d[0])).size, others.length);
});

test('keys are taken as 32-bit unsigned: -1 is 2³² - 1', () => {
  assert.deepEqual(draws(5, -1), draws(5, 2 ** 32 - 1));
});

test('draws lie in [0, 1) and are spread evenly: ten bins of 20000 draws each hold 10% ± 1%', () => {
  const values = draws(20000, 42, 1);
  assert.ok(values.every((v) => v >= 0 && v < 1));
  const bins = new Array<number>(10).fill(0);
  for (const v of values) bins[Math.floor(v * 10)]! += 1;
  for (const count of bins) assert.ok(Math.abs(count / values.length - 0.1) < 0.01, `bins ${bins.join(' ')}`);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
});
