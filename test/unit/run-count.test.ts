import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParamValue } from '../../src/core/nodes/types';
import { combinationAt, combinations, eachCombination, eachCombinationOn, type SweepAxis } from '../../src/core/sweep/combinations';
import { checkRunCount, describeRunCount, runCount } from '../../src/core/sweep/run-count';

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const axis = (keys: string, values: readonly ParamValue[]): SweepAxis => ({ keys: keys.split(','), values });

test('runCount and checkRunCount: the product of the value counts, without making a combination; over the limit names the count and the flag', () => {
  const million = [axis('alpha.w', numbers(100)), axis('beta.w', numbers(100)), axis('adam.learningRate', numbers(100))];
  assert.equal(runCount(million), 1_000_000);
  assert.equal(describeRunCount(million), '1000000 runs (100 x 100 x 100)');
  assert.equal(describeRunCount([axis('alpha.w', [1, 2, 3])]), '3 runs');
  assert.equal(describeRunCount([axis('alpha.w', [1])]), '1 run');
  assert.throws(() => checkRunCount(million, 1000), /^Error: 1000000 runs \(100 x 100 x 100\) is over --max-runs 1000; raise it with --max-runs 1000000$/);
  assert.doesNotThrow(() => checkRunCount(million, 1_000_000));
  // 100^6: more than any --max-runs allows.
  const huge = Array.from({ length: 6 }, (_, i) => axis(`n${i}.w`, numbers(100)));
  assert.throws(() => checkRunCount(huge, 1000), /^Error: 1000000000000 runs \(100 x 100 x 100 x 100 x 100 x 100\) is over --max-runs 1000; that is over 1000000000, the most --max-runs allows; use fewer values$/);
});

test('combinationAt and eachCombination: the product in run order, one at a time (a trillion combinations are not made up front)', () => {
  const axes = [axis('alpha.w', [1, 10]), axis('beta.w', [10, 40, 100]), axis('content_conv4_2.layer,generated_conv4_2.layer', ['conv3_2', 'conv4_2'])];
  const all = combinations(axes);
  assert.deepEqual(all.slice(0, 3), [[1, 10, 'conv3_2'], [1, 10, 'conv4_2'], [1, 40, 'conv3_2']]);
  assert.deepEqual(all.map((_, i) => combinationAt(axes, i)), all);
  assert.deepEqual([...eachCombination(axes)], all);
  assert.deepEqual([...eachCombinationOn(axes, [1])].map((c) => [c.values, c.combination]), [[[10], [1, 10, 'conv3_2']], [[40], [1, 40, 'conv3_2']], [[100], [1, 100, 'conv3_2']]]);
  const trillion = Array.from({ length: 6 }, (_, i) => axis(`n${i}.w`, numbers(100)));
  const first = eachCombination(trillion);
  assert.deepEqual([first.next().value, first.next().value], [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 2]]);
  assert.deepEqual(combinationAt(trillion, runCount(trillion) - 1), [100, 100, 100, 100, 100, 100]);
});
