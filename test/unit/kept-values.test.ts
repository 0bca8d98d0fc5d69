import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { cropsOf, keptDisplay, showsValue } from '../../src/core/inspect/kept-values';
import { compile } from '../../src/core/compile/plan';
import { nodeDef } from '../../src/core/nodes/catalogue';
import type { Value } from '../../src/core/nodes/types';
import type { RawImage } from '../../src/core/image/raw-image';
import type { InspectSource } from '../../src/core/inspect/node-value';
import { seedGraph } from '../helpers/seed-run';

before(async () => {
  await useBackend('cpu');
});

test('an evaluation keeps the values the nodes show: face crops and scalars, not loaded images, encodings or databases', () => {
  const kept = (type: string) => showsValue(nodeDef(type)!);
  assert.deepEqual(['face.detect', 'encoding.distance', 'loss.triplet'].map(kept), [true, true, true]);
  assert.deepEqual(['image.load', 'face.encode', 'face.database', 'color.luminance'].map(kept), [false, false, false, false]);
});

test('keptDisplay: images as RGBA clipped and rounded, scalars as numbers, other values left out; every tensor disposed', async () => {
  const image: Value = { type: 'image', tensor: tf.tensor4d([-5, 100.4, 300, 0, 127.6, 255], [1, 1, 2, 3]) };
  const scalar: Value = { type: 'scalar', tensor: tf.scalar(0.75) };
  const features: Value = { type: 'features', tensor: tf.zeros([1, 1, 1, 4]) };
  const { images, scalars } = await keptDisplay(new Map<string, Value>([['crop', image], ['distance', scalar], ['layer', features]]));
  assert.deepEqual([...images.keys()], ['crop']);
  assert.deepEqual(images.get('crop'), { width: 2, height: 1, data: Uint8Array.from([0, 100, 255, 255, 0, 128, 255, 255]) });
  assert.deepEqual([...scalars], [['distance', 0.75]]);
  assert.ok([image, scalar, features].every((v) => v.tensor.isDisposed));
});

test('cropsOf: by default none for the seed (no node shows an image of its own); an image that cannot be computed says why', async () => {
  const plan = compile(seedGraph());
  const content = plan.constants.find((p) => p.node.id === 'content')!.node;
  const pixels: RawImage = { width: 32, height: 24, data: new Uint8Array(32 * 24 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256)) };
  const source: InspectSource = { plan, model: undefined as never, files: new Map([[String(content.params.path), pixels]]), generated: undefined, iteration: 0 };
  assert.deepEqual(await cropsOf(source), new Map());
  const crops = await cropsOf(source, (p) => p.def.role === 'source');
  assert.deepEqual([...crops.keys()].sort(), ['content', 'style']);
  assert.deepEqual(crops.get('content'), pixels, 'the file at the run size as it is');
  assert.equal(crops.get('style'), `node "style": the last run did not read "${String(plan.constants.find((p) => p.node.id === 'style')!.node.params.path)}"`);
});
