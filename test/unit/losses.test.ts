import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { gram } from '../../src/core/nodes/gram';
import { lossContent } from '../../src/core/nodes/loss-content';
import { lossStyle } from '../../src/core/nodes/loss-style';
import { weight } from '../../src/core/nodes/weight';
import { sum } from '../../src/core/nodes/sum';
import type { EvalContext, InputShapes, NodeDef, Params, Shape, Value } from '../../src/core/nodes/types';


const ctx = { nodeId: 'n' } as EvalContext;
const features = (values: number[], shape: [number, number, number, number]): Value => ({ type: 'features', tensor: tf.tensor4d(values, shape) });
const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
const scalarOf = (v: Value) => v.tensor.dataSync()[0]!;

// A 1x2x2x2 activation: positions (0,0) (0,1) (1,0) (1,1), channels [c0, c1].
let A: Value;
before(async () => {
  await useBackend('cpu');
  A = features([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
});

test('gram: G = A Aᵀ over channels, unnormalised as in the course', () => {
  const g = run(gram, { features: [A] }, { normalisation: 'none' });
  assert.equal(g.type, 'gram');
  // c0 = [1, 3, 5, 7], c1 = [2, 4, 6, 8]: c0.c0 = 84, c0.c1 = 100, c1.c1 = 120
  assert.deepEqual(Array.from(g.tensor.dataSync()), [84, 100, 100, 120]);
  assert.equal(g.type === 'gram' && g.positions, 4);
});

test('gram: normalisation by positions and by positions x channels', () => {
  assert.deepEqual(Array.from(run(gram, { features: [A] }, { normalisation: 'positions' }).tensor.dataSync()), [21, 25, 25, 30]);
  assert.deepEqual(Array.from(run(gram, { features: [A] }, { normalisation: 'all' }).tensor.dataSync()), [10.5, 12.5, 12.5, 15]);
});

test('content loss: sum((aC - aG)²) / (4 nH nW nC)', () => {
  const G = features([1, 2, 3, 4, 5, 6, 7, 10], [1, 2, 2, 2]);
  // one difference of 2: 4 / (4 * 2 * 2 * 2) = 0.125
  assert.equal(scalarOf(run(lossContent, { content: [A], generated: [G] })), 0.125);
  const H = features([0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]);
  assert.ok(Math.abs(scalarOf(run(lossContent, { content: [A], generated: [H] })) - 204 / 32) < 1e-6);
});

/** A node's inferShape with a context that collects its problems. */
function inferred(def: NodeDef, inputs: InputShapes): { shape: Shape | undefined; problems: string[] } {
  const problems: string[] = [];
  const shape = def.inferShape!(inputs, {}, { problem: (_code, message) => void problems.push(message) });
  return { shape, problems };
}

test('content loss: features of different shapes are refused by its shape hook; unknown sizes are not', () => {
  const f = (height: number | undefined, width: number | undefined, channels: number): Shape => ({ type: 'features', height, width, channels });
  assert.deepEqual(inferred(lossContent, { content: [f(2, 2, 2)], generated: [f(2, 2, 2)] }), { shape: { type: 'scalar' }, problems: [] });
  assert.deepEqual(inferred(lossContent, { content: [f(2, 2, 2)], generated: [f(2, 2, 1)] }).problems, [
    'the content features are 2x2x2 but the generated features are 2x2x1: use the same layer and the same image size on both',
  ]);
  assert.equal(inferred(lossContent, { content: [f(2, 3, 2)], generated: [f(2, 2, 2)] }).problems.length, 1);
  assert.deepEqual(inferred(lossContent, { content: [f(undefined, 3, 2)], generated: [f(2, undefined, 2)] }).problems, []);
});

test('style loss: sum((GS - GG)²) / (4 nC² (nH nW)²) with nH nW of the generated Gram', () => {
  const gs: Value = { type: 'gram', tensor: tf.tensor2d([84, 100, 100, 120], [2, 2]), positions: 4 };
  const gg: Value = { type: 'gram', tensor: tf.tensor2d([80, 100, 100, 123], [2, 2]), positions: 4 };
  // (16 + 9) / (4 * 4 * 16) = 25 / 256
  assert.equal(scalarOf(run(lossStyle, { style: [gs], generated: [gg] })), 25 / 256);
  // The course's layer cost computed from the activations end to end.
  const gA = run(gram, { features: [A] }, { normalisation: 'none' });
  const B = features([1, 2, 3, 4, 5, 6, 7, 9], [1, 2, 2, 2]);
  const gB = run(gram, { features: [B] }, { normalisation: 'none' });
  // G_B - G_A: c0.c1 += 7, c1.c1 += 17 -> (49 + 49 + 289) / 256
  assert.ok(Math.abs(scalarOf(run(lossStyle, { style: [gA], generated: [gB] })) - 387 / 256) < 1e-6);
});

test('style loss: Grams of different layers are refused by its shape hook', () => {
  assert.deepEqual(inferred(lossStyle, { style: [{ type: 'gram', channels: 2 }], generated: [{ type: 'gram', channels: 2 }] }).problems, []);
  assert.deepEqual(inferred(lossStyle, { style: [{ type: 'gram', channels: 2 }], generated: [{ type: 'gram', channels: 3 }] }).problems, [
    'the style Gram is 2x2 but the generated Gram is 3x3: take both from the same layer',
  ]);
});

test('weight and sum: J = alpha Jc + beta Js', () => {
  const jc: Value = { type: 'scalar', tensor: tf.scalar(3) };
  const js: Value = { type: 'scalar', tensor: tf.scalar(0.5) };
  const a = run(weight, { value: [jc] }, { w: 10 });
  const b = run(weight, { value: [js] }, { w: 40 });
  assert.equal(scalarOf(run(sum, { terms: [a, b] })), 50);
  assert.equal(scalarOf(run(sum, { terms: [a] })), 30);
});
