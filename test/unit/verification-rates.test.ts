import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { bestTau, labelledPairs, ratesAt, ratesCurve, setTripletLoss } from '../../src/core/face/verification-rates';

before(() => useBackend('cpu'));

// Two people, two encodings each (2-D here: the length does not matter).
const ROWS = [[0, 0], [0, 0.5], [3, 0], [3, 1]];
const LABELS = ['ann', 'ann', 'bob', 'bob'];
function pairsOf(rows: number[][], labels: string[]) {
  const encodings = tf.tensor2d(rows);
  try {
    return labelledPairs(encodings, labels);
  } finally {
    encodings.dispose();
  }
}

test('every pair i < j with its L2 distance and whether it is one person', () => {
  const pairs = pairsOf(ROWS, LABELS);
  const expected = [[0.5, true], [3, false], [Math.sqrt(10), false], [Math.sqrt(9.25), false], [Math.sqrt(9.25), false], [1, true]] as const;
  assert.equal(pairs.length, expected.length);
  pairs.forEach((p, i) => {
    assert.ok(Math.abs(p.distance - expected[i]![0]) < 1e-5, `pair ${i}: ${p.distance}`);
    assert.equal(p.same, expected[i]![1]);
  });
});

test('rates at τ: same person when the distance is at most τ; accuracy, false accepts and false rejects by hand', () => {
  const pairs = pairsOf(ROWS, LABELS);
  assert.deepEqual(ratesAt(pairs, 0.75), { tau: 0.75, accuracy: 5 / 6, falseAccept: 0, falseReject: 1 / 2 });
  // At 3.1: three ann-bob pairs (at 3 and twice √9.25) pass as one person, the fourth (√10) not.
  assert.deepEqual(ratesAt(pairs, 3.1), { tau: 3.1, accuracy: 3 / 6, falseAccept: 3 / 4, falseReject: 0 });
  assert.deepEqual(ratesAt(pairs, 1), { tau: 1, accuracy: 1, falseAccept: 0, falseReject: 0 });
});

test('the curve: evenly spaced τ from 0 to the maximum; the best τ is the middle of the most accurate ones', () => {
  const curve = ratesCurve(pairsOf(ROWS, LABELS), 4, 9);
  assert.deepEqual(curve.map((r) => r.tau), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
  assert.deepEqual(curve.map((r) => r.accuracy), [4 / 6, 5 / 6, 1, 1, 1, 1, 5 / 6, 2 / 6, 2 / 6]);
  assert.equal(bestTau(curve).tau, 1.5);
  // The τ are rounded to 6 decimals: 0.1 x 3 is 0.3.
  assert.equal(ratesCurve(pairsOf(ROWS, LABELS), 0.6, 7)[3]!.tau, 0.3);
});

test('the set triplet loss: Σ max(‖A−P‖² − ‖A−N‖² + α, 0) over every anchor, positive and negative', () => {
  const rows = [[0, 0], [0, 2], [1, 0], [3, 0.5], [2, 2]];
  const labels = ['ann', 'ann', 'bob', 'bob', 'cy'];
  const d2 = (i: number, j: number) => (rows[i]![0]! - rows[j]![0]!) ** 2 + (rows[i]![1]! - rows[j]![1]!) ** 2;
  let loss = 0;
  let count = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let p = 0; p < rows.length; p++) {
      for (let n = 0; n < rows.length; n++) {
        if (p === a || labels[p] !== labels[a] || labels[n] === labels[a]) continue;
        loss += Math.max(d2(a, p) - d2(a, n) + 0.5, 0);
        count++;
      }
    }
  }
  assert.equal(count, 12);
  assert.ok(loss > 0);
  const result = setTripletLoss(tf.tensor2d(rows), labels, 0.5);
  assert.equal(result.count, count);
  assert.ok(Math.abs(result.loss - loss) < 1e-4, `${result.loss} vs ${loss}`);
  assert.deepEqual(setTripletLoss(tf.tensor2d([[0, 0], [1, 1]]), ['ann', 'ann'], 0.5), { loss: 0, count: 0 });
});
