import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { compile, type Plan, type PlannedNode } from '../../src/core/compile/plan';
import { NodeRunError, type Value } from '../../src/core/nodes/types';
import type { RawImage } from '../../src/core/image/raw-image';
import type { VggNetwork } from '../../src/core/model/vgg-network';
import { asNodeRun, evaluate, inputsOf, makeContext, newScope, readSourceImages, runSeedOf, type NodeSources } from '../../src/core/run/node-context';
import { seededRandom } from '../../src/core/run/seeded-random';
import { seedGraph, withParams } from '../helpers/seed-run';

before(() => useBackend('cpu'));

const plan: Plan = compile(withParams(seedGraph(), 'generated', { seed: 7 }));
const planned = (id: string): PlannedNode => [...plan.constants, ...plan.loop, ...plan.outputs].find((p) => p.node.id === id)!;
const sources = (extra: Partial<NodeSources> = {}): NodeSources => ({
  runSeed: runSeedOf(plan.generated),
  images: new Map(),
  generatedImage: () => { throw new Error('no generated image here'); },
  model: undefined,
  faceModels: undefined,
  forward: plan.forward,
  ...extra,
});
const pixel = (r: number, g: number, b: number): RawImage => ({ width: 1, height: 1, data: Uint8Array.from([r, g, b, 255]) });

test("the run seed is the generated image's seed param, 0 without one; a node's random source is drawn from it, the iteration and its seed", () => {
  assert.equal(runSeedOf(undefined), 0);
  assert.equal(runSeedOf(plan.generated), 7);
  const ctx = makeContext(planned('generated'), newScope(sources()), 3);
  assert.equal(ctx.nodeId, 'generated');
  assert.equal(ctx.iteration, 3);
  const draw = ctx.random(5);
  const expected = seededRandom(7, 3, 5);
  assert.deepEqual([draw(), draw(), draw()], [expected(), expected(), expected()]);
});

test("a source node's loaded image is its file's pixels; without a file read, the error names its path", () => {
  const content = planned('content');
  assert.throws(() => makeContext(content, newScope(sources()), 0).loadedImage(), { message: 'no file was read for it (param path "samples/chelsea.png")' });
  const ctx = makeContext(content, newScope(sources({ images: new Map([['content', pixel(10, 20, 30)]]) })), 0);
  assert.deepEqual(Array.from(ctx.loadedImage().dataSync()), [10, 20, 30]);
  assert.equal(ctx.previousImage(), undefined, 'not a previous-frame node');
  assert.equal(ctx.labelledImages, undefined, 'no folders in this scope');
});

test('features nodes of one pass share one forward pass per scope, counted; without a model they say so', () => {
  const calls: string[][] = [];
  const model = {
    forward: (_image: tf.Tensor4D, layers: ReadonlySet<string>, pooling: string) => {
      calls.push([pooling, ...layers]);
      return new Map([...layers].map((l, i) => [l, tf.fill([1, 1, 1, 1], i) as tf.Tensor4D]));
    },
  } as unknown as VggNetwork;
  const passes: Record<string, number> = {};
  const scope = newScope(sources({ model, passes }));
  assert.equal(scope.activations.size, 0);
  const image = { type: 'image', tensor: tf.zeros([1, 4, 4, 3]) } as Value;
  const conv1 = makeContext(planned('generated_conv1_1'), scope, 0).vggFeatures(image, 'conv1_1', 'avg');
  const conv5 = makeContext(planned('generated_conv5_1'), scope, 0).vggFeatures(image, 'conv5_1', 'avg');
  assert.equal(calls.length, 1);
  assert.deepEqual(new Set(calls[0]!.slice(1)), plan.forward.layers.get(plan.forward.key.get('generated_conv1_1')!));
  assert.notEqual(conv1, conv5);
  assert.deepEqual(passes, { [plan.forward.key.get('generated_conv1_1')!]: 1 });
  // A new scope (the next iteration) runs the pass again.
  makeContext(planned('generated_conv1_1'), newScope(sources({ model, passes })), 1).vggFeatures(image, 'conv1_1', 'avg');
  assert.equal(calls.length, 2);
  assert.throws(() => makeContext(planned('style_conv1_1'), newScope(sources()), 0).vggFeatures(image, 'conv1_1', 'avg'), { message: 'this graph needs the VGG-19 weights' });
});

test("evaluate: a node's value from its inputs by port; its failures name it", () => {
  const gram = planned('gram_generated_conv1_1');
  const features = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 3, 2]);
  const values = new Map<string, Value>([['generated_conv1_1', { type: 'features', tensor: features } as Value]]);
  assert.deepEqual(Object.keys(inputsOf(gram, values)), ['features']);
  assert.equal(inputsOf(gram, values).features![0]!.tensor, features);
  // AᵀA of the 3x2 positions x channels: [1 3 5; 2 4 6] [1 2; 3 4; 5 6].
  assert.deepEqual(Array.from(evaluate(gram, values, newScope(sources()), 0).tensor.dataSync()), [35, 44, 44, 56]);
  const wrong = new Map<string, Value>([['generated_conv1_1', { type: 'features', tensor: tf.zeros([2, 2]) as unknown as tf.Tensor4D } as Value]]);
  assert.throws(() => evaluate(gram, wrong, newScope(sources()), 0), (e: unknown) => e instanceof NodeRunError && e.nodeId === 'gram_generated_conv1_1' && e.message.startsWith('node "gram_generated_conv1_1": '));
  const noValue = { ...gram, def: { ...gram.def, evaluate: undefined } };
  assert.throws(() => evaluate(noValue, values, newScope(sources()), 0), { message: 'node "gram_generated_conv1_1": it has no value of its own to show' });
});

test('asNodeRun: an error becomes a NodeRunError naming the node; a NodeRunError passes unchanged', () => {
  const p = planned('alpha');
  assert.equal(asNodeRun(p, () => 42), 42);
  assert.throws(() => asNodeRun(p, () => { throw new Error('boom'); }), (e: unknown) => e instanceof NodeRunError && e.message === 'node "alpha": boom');
  const own = new NodeRunError('other', 'its own');
  assert.throws(() => asNodeRun(p, () => { throw own; }), (e: unknown) => e === own);
});

test("readSourceImages reads each source node's file; an empty path or a failed read names the node and the path", async () => {
  const sourcesOf = plan.constants;
  const read: string[] = [];
  const images = await readSourceImages(sourcesOf, async (path) => { read.push(path); return pixel(1, 2, 3); });
  assert.deepEqual([...images.keys()].sort(), ['content', 'style']);
  assert.deepEqual(read.sort(), ['samples/chelsea.png', 'samples/hubble_deep_field.jpg']);
  await assert.rejects(readSourceImages(sourcesOf, () => Promise.reject(new Error('ENOENT'))), (e: unknown) => e instanceof NodeRunError && /^node "(content|style)": cannot read image "samples\/[\w.]+": ENOENT$/.test(e.message));
  const empty = compile(withParams(seedGraph(), 'style', { path: '' })).constants;
  await assert.rejects(readSourceImages(empty, async () => pixel(0, 0, 0)), { message: 'node "style": no image file given (param path is empty)' });
});
