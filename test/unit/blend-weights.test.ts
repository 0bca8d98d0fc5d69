import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blendWeights, checkedBlendWeights, validateBlend } from '../../src/core/nodes/blend-weights';
import { gramBlend } from '../../src/core/nodes/gram-blend';
import { statsBlend } from '../../src/core/nodes/stats-blend';

const close = (actual: number[], expected: number[]) => {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-12, `${actual.join(' ')} vs ${expected.join(' ')}`));
};

test('blend weights: one per targets edge, numbers of at least 0 not all 0; problems name the param', () => {
  const check = (weights: string, edges: number) => gramBlend.validate!({ weights }, { connected: () => edges }).map((p) => [p.code, p.param, p.message]);
  assert.deepEqual(check('0.2, 0.8', 2), []);
  assert.deepEqual(check('1,2,3', 2), [['param-range', 'weights', '"1,2,3" gives 3 weights for 2 targets edges']]);
  assert.deepEqual(check('1,,2', 3), [['param-range', 'weights', '"1,,2" must be numbers of at least 0, separated by commas']]);
  assert.deepEqual(check('1,-1', 2), [['param-range', 'weights', '"1,-1" must be numbers of at least 0, separated by commas']]);
  assert.deepEqual(check('0, 0', 2), [['param-range', 'weights', '"0, 0": the weights add up to 0']]);
  assert.deepEqual(statsBlend.validate!({ weights: '1' }, { connected: () => 2 }).map((p) => p.message), ['"1" gives 1 weight for 2 targets edges']);
});

test('blendWeights: scaled to sum to 1, spaces and zeros allowed', () => {
  const result = blendWeights({ weights: ' 1, 3 ,0, 4' }, 4);
  assert.ok('weights' in result);
  close(result.weights, [0.125, 0.375, 0, 0.5]);
  close(checkedBlendWeights({ weights: '2.5' }, 1), [1]);
  close(checkedBlendWeights({ weights: '1e-3,3e-3' }, 2), [0.25, 0.75]);
});

test('blendWeights: words, infinities and one weight for one edge are told apart', () => {
  const message = (weights: string, edges: number) => {
    const result = blendWeights({ weights }, edges);
    return 'problem' in result ? result.problem.message : undefined;
  };
  assert.equal(message('a,b', 2), '"a,b" must be numbers of at least 0, separated by commas');
  assert.equal(message('Infinity,1', 2), '"Infinity,1" must be numbers of at least 0, separated by commas');
  assert.equal(message('', 1), '"" must be numbers of at least 0, separated by commas');
  assert.equal(message('1', 2), '"1" gives 1 weight for 2 targets edges');
  assert.equal(message('1,1', 1), '"1,1" gives 2 weights for 1 targets edge');
});

test('blendWeights: a long param is cut to 40 characters in the message', () => {
  const long = Array.from({ length: 30 }, () => '1').join(',');
  const result = blendWeights({ weights: long }, 2);
  assert.ok('problem' in result);
  assert.equal(result.problem.message, `"${long.slice(0, 40)}…" gives 30 weights for 2 targets edges`);
});

test('validateBlend counts the edges on targets; checkedBlendWeights throws the problem', () => {
  const asked: string[] = [];
  const problems = validateBlend({ weights: '1,1' }, { connected: (port) => (asked.push(port), 3) });
  assert.deepEqual(asked, ['targets']);
  assert.deepEqual(problems, [{ code: 'param-range', param: 'weights', message: '"1,1" gives 2 weights for 3 targets edges' }]);
  assert.throws(() => checkedBlendWeights({ weights: '0,0' }, 2), { message: 'param weights: "0,0": the weights add up to 0' });
});
