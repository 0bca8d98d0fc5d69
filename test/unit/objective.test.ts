import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { readImageFile } from '../../src/node/image-file';
import { compile } from '../../src/core/compile/plan';
import type { Value } from '../../src/core/nodes/types';
import { VggModel } from '../../src/core/model/vgg-model';
import { evaluate, newScope, readSourceImages, type NodeSources } from '../../src/core/run/node-context';
import { objectiveOf } from '../../src/core/run/objective';
import { randomVggWeights } from '../helpers/weight-files';
import { randomTensor } from '../helpers/tensor-compare';
import { EXAMPLES } from '../helpers/paths';
import { seedGraph, withParams } from '../helpers/seed-run';

// The style term off in the second plan: J near 3e7 leaves float32 too few digits for a central difference.
const plan = compile(seedGraph({ size: [16, 16] }));
const contentOnly = compile(withParams(seedGraph({ size: [16, 16] }), 'beta', { w: 0 }));
let model: VggModel;
let sources: NodeSources;
const constants = new Map<string, Value>();

before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(3));
  const images = await readSourceImages(plan.constants, (path) => readImageFile(resolve(EXAMPLES, path)));
  sources = { runSeed: 0, images, generatedImage: () => { throw new Error('constants do not read it'); }, model, faceModels: undefined, forward: plan.forward };
  const scope = newScope(sources);
  for (const p of plan.constants) constants.set(p.node.id, evaluate(p, constants, scope, 0));
});
after(() => model.dispose());

test("the seed's J at the variable, its reported scalars (J among them) and a gradient that matches a central difference (content term)", () => {
  const image = tf.variable(tf.add(tf.mul(randomTensor([1, 16, 16, 3], 4), 100), 128) as tf.Tensor4D);
  let asked = 0;
  const objective = objectiveOf(plan, constants, image, sources, () => { asked++; return 0; });
  const before = tf.memory().numTensors;
  const { loss, grad, reported } = objective();
  assert.equal(asked, 1, 'the iteration is asked once an evaluation');
  assert.deepEqual(grad.shape, [1, 16, 16, 3]);
  assert.equal(reported.shape[0], plan.reported.length);
  const j = loss.dataSync()[0]!;
  assert.ok(j > 0);
  assert.equal(reported.dataSync()[plan.reported.indexOf(plan.loss.id)], j);
  // (J(x + h d) - J(x - h d)) / 2h = <∇J, d> along a random direction d.
  tf.dispose([loss, grad, reported]);
  assert.equal(tf.memory().numTensors, before, 'nothing of the evaluation is left');
  // (J(x + h d) - J(x - h d)) / 2h = <∇J, d> along a random direction d; h small, for the relus' kinks.
  const content = objectiveOf(contentOnly, constants, image, sources, () => 0);
  const direction = randomTensor([1, 16, 16, 3], 5);
  const e = content();
  const along = tf.sum(tf.mul(e.grad, direction)).dataSync()[0]!;
  tf.dispose([e.loss, e.grad, e.reported]);
  const x = image.clone();
  const at = (h: number) => {
    image.assign(tf.add(x, tf.mul(direction, h)) as tf.Tensor4D);
    const moved = content();
    const value = moved.loss.dataSync()[0]!;
    tf.dispose([moved.loss, moved.grad, moved.reported]);
    return value;
  };
  const numeric = (at(0.02) - at(-0.02)) / 0.04;
  assert.ok(Math.abs(numeric - along) < 3e-2 * Math.abs(along), `central difference ${numeric}, gradient ${along}`);
  tf.dispose([x, direction, image]);
});
