import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinHeap } from '../../src/core/graph/min-heap';
import { SeededRandom } from '../helpers/seeded-random';

test('MinHeap: pops in ascending order, duplicates included; empty pops undefined', () => {
  const heap = new MinHeap();
  assert.equal(heap.pop(), undefined);
  for (const v of [5, 1, 4, 1, 3, 0]) heap.push(v);
  assert.equal(heap.size, 6);
  const out: number[] = [];
  while (heap.size) out.push(heap.pop()!);
  assert.deepEqual(out, [0, 1, 1, 3, 4, 5]);
  assert.equal(heap.pop(), undefined);
});

test('MinHeap: pushes and pops interleaved agree with a sorted list (seeded)', () => {
  const rng = new SeededRandom(42);
  const heap = new MinHeap();
  const reference: number[] = [];
  for (let step = 0; step < 2000; step++) {
    if (reference.length && rng.next() < 0.45) {
      reference.sort((a, b) => a - b);
      assert.equal(heap.pop(), reference.shift(), `step ${step}`);
    } else {
      const v = rng.int(100);
      heap.push(v);
      reference.push(v);
    }
    assert.equal(heap.size, reference.length);
  }
});
