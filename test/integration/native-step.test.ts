import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import { KERAS_PREPROCESSING } from '../../src/core/model/weights';
import type { NativeAdamParams, NativeAdamState } from '../../src/core/native/native-ops';
import { OnnxNativeLoops } from '../../src/node/onnx/native-step';
import { createOneOffSession, type OnnxSession } from '../../src/node/onnx/onnx-runtime';
import { writeWeightsFile } from '../../src/node/onnx/weights-file';
import { mulberry32, randomVggWeights } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

before(() => useBackend('cpu'));

const set = randomVggWeights(41);
const folder = tempFolder('stylegraph-native-step-');
const stored = writeWeightsFile(folder, VGG19_LAYERS.map((l) => set.layers.get(l.name)!));
const [H, W] = [3, 4];
const N = H * W * 3;
const ADAM: NativeAdamParams = { learningRate: 0.5, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Sessions as the onnx model makes them, counted. */
function sessions(): { make: (model: Uint8Array) => OnnxSession; disposed: number } {
  const made = {
    disposed: 0,
    make: (model: Uint8Array) => {
      const path = join(folder, 'step.onnx');
      writeFileSync(path, model);
      const session = createOneOffSession(path, 1);
      return { run: session.run.bind(session), dispose: () => (made.disposed++, session.dispose()) };
    },
  };
  return made;
}

test('each run is one Adam step on J = |x - t|^2 + 2 |x - t|^2, as written by hand (bias corrections included), reporting both terms before the step', () => {
  const r = mulberry32(5);
  const target = Float32Array.from({ length: N }, () => 100 * r());
  const start = Float32Array.from({ length: N }, () => 100 * r());
  const made = sessions();
  const loops = new OnnxNativeLoops(stored, KERAS_PREPROCESSING, made.make);
  const targetTensor = tf.tensor(target, [1, H, W, 3]);
  const step = loops.adamStep((ops) => {
    const distance = ops.squaredDistance(ops.generatedImage(), ops.constant(targetTensor));
    const twice = ops.scale(distance, 2);
    return { loss: ops.add([distance, twice]), reported: [distance, twice] };
  }, ADAM, [H, W]);
  targetTensor.dispose();
  const state: NativeAdamState = { pixels: start.slice(), m: new Float32Array(N), v: new Float32Array(N), steps: 0 };

  // By hand, in float64: g = 6 (x - t).
  const x = Array.from(start, Number);
  const m = new Array<number>(N).fill(0);
  const v = new Array<number>(N).fill(0);
  for (let t = 1; t <= 3; t++) {
    const distance = x.reduce((s, xi, i) => s + (xi - target[i]!) ** 2, 0);
    const reported = step.run(state);
    assert.equal(state.steps, t);
    assert.equal(reported.length, 2);
    assert.ok(Math.abs(reported[0]! - distance) <= 1e-5 * distance, `step ${t}: reported ${reported[0]} vs ${distance}`);
    assert.ok(Math.abs(reported[1]! - 2 * distance) <= 1e-5 * distance, `step ${t}: reported ${reported[1]} vs ${2 * distance}`);
    for (let i = 0; i < N; i++) {
      const g = 6 * (x[i]! - target[i]!);
      m[i] = ADAM.beta1 * m[i]! + (1 - ADAM.beta1) * g;
      v[i] = ADAM.beta2 * v[i]! + (1 - ADAM.beta2) * g * g;
      x[i] = x[i]! - ADAM.learningRate * (m[i]! / (1 - ADAM.beta1 ** t)) / (Math.sqrt(v[i]! / (1 - ADAM.beta2 ** t)) + ADAM.epsilon);
    }
    for (let i = 0; i < N; i++) {
      assert.ok(Math.abs(state.pixels[i]! - x[i]!) < 1e-3, `step ${t}: pixel ${i} ${state.pixels[i]} vs ${x[i]}`);
      assert.ok(Math.abs(state.m[i]! - m[i]!) < 1e-3 * Math.max(1, Math.abs(m[i]!)), `step ${t}: m ${i}`);
      assert.ok(Math.abs(state.v[i]! - v[i]!) < 1e-3 * Math.max(1, v[i]!), `step ${t}: v ${i}`);
    }
  }
  assert.equal(made.disposed, 0);
  step.dispose();
  assert.equal(made.disposed, 1, 'dispose frees the step\'s session');
});
