import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import type { Plan } from '../../src/core/compile/plan';
import type { NativeAdamParams, NativeAdamState, NativeLoops } from '../../src/core/native/native-ops';
import { NativeAdam } from '../../src/core/run/native-adam';

before(() => useBackend('cpu'));

const PARAMS = { method: 'adam', learningRate: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/**
 * Native loops whose step moves every pixel by -1, adds 1 to the first moment and 2 to the second,
 * and reports 10 x the steps taken; what each call saw is recorded.
 */
function fakeLoops() {
  const made: { adam: NativeAdamParams; size: readonly number[]; disposed: boolean }[] = [];
  const seen: { pixels: number[]; m: number[]; v: number[]; steps: number }[] = [];
  const loops: NativeLoops = {
    adamStep: (_define, adam, size) => {
      const record = { adam, size, disposed: false };
      made.push(record);
      return {
        run: (state: NativeAdamState) => {
          seen.push({ pixels: Array.from(state.pixels), m: Array.from(state.m), v: Array.from(state.v), steps: state.steps });
          state.pixels = state.pixels.map((p) => p - 1);
          state.m = state.m.map((x) => x + 1);
          state.v = state.v.map((x) => x + 2);
          state.steps += 1;
          return Float32Array.of(10 * state.steps);
        },
        dispose: () => { record.disposed = true; },
      };
    },
  };
  return { loops, made, seen };
}

const plan = {} as Plan;

test("a scale's step gets the optimizer's Adam params and the size; the state starts at zero moments and carries over", async () => {
  const { loops, made, seen } = fakeLoops();
  const adam = new NativeAdam(loops, PARAMS);
  const image = tf.variable(tf.tensor4d([5, 6, 7, 8, 9, 10], [1, 1, 2, 3]));
  adam.beginScale(plan, new Map(), [1, 2]);
  assert.deepEqual(made.map((m) => [m.adam, m.size]), [[{ learningRate: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, [1, 2]]]);
  const first = await adam.step(undefined, image);
  const second = await adam.step(undefined, image);
  assert.deepEqual([first.dataSync()[0], second.dataSync()[0]], [10, 20]);
  assert.deepEqual(seen[0], { pixels: [5, 6, 7, 8, 9, 10], m: [0, 0, 0, 0, 0, 0], v: [0, 0, 0, 0, 0, 0], steps: 0 });
  assert.deepEqual(seen[1], { pixels: [4, 5, 6, 7, 8, 9], m: [1, 1, 1, 1, 1, 1], v: [2, 2, 2, 2, 2, 2], steps: 1 });
  assert.deepEqual(Array.from(image.dataSync()), [3, 4, 5, 6, 7, 8], 'the tfjs image follows the native pixels');
  assert.equal(adam.evaluations, 2);
  tf.dispose([first, second, image]);
  adam.dispose();
  assert.equal(made[0]!.disposed, true);
});

test('between scales the moments are resized to the new image and the step count goes on; the old step is freed', async () => {
  const { loops, made, seen } = fakeLoops();
  const adam = new NativeAdam(loops, PARAMS);
  await adam.rescale([4, 4]); // before any step: nothing to carry
  const small = tf.variable(tf.zeros([1, 2, 2, 3]) as tf.Tensor4D);
  adam.beginScale(plan, new Map(), [2, 2]);
  (await adam.step(undefined, small)).dispose();
  await adam.rescale([3, 5]);
  const large = tf.variable(tf.zeros([1, 3, 5, 3]) as tf.Tensor4D);
  adam.beginScale(plan, new Map(), [3, 5]);
  assert.equal(made[0]!.disposed, true);
  (await adam.step(undefined, large)).dispose();
  const last = seen.at(-1)!;
  assert.equal(last.steps, 1);
  assert.equal(last.pixels.length, 3 * 5 * 3);
  // Constant moments resize to the same constants.
  assert.ok(last.m.length === 45 && last.m.every((x) => Math.abs(x - 1) < 1e-6), `m ${last.m.join(' ')}`);
  assert.ok(last.v.every((x) => Math.abs(x - 2) < 1e-6), `v ${last.v.join(' ')}`);
  tf.dispose([small, large]);
  adam.dispose();
});
