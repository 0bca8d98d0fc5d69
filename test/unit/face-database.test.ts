import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { faceDatabase } from '../../src/core/nodes/face-database';
import type { FaceModels } from '../../src/core/face/face-models';
import type { Face } from '../../src/core/face/face-detector';
import type { LabelledFile } from '../../src/core/face/labelled-files';
import { evaluateIn, plannedNodeOf, rawImage, scopeOf } from '../helpers/node-scope';

before(async () => {
  await useBackend('cpu');
});

/** 68 landmarks of an upright face in the middle of an 8x8 image: eyes level at y 3.5, the rest around them. */
const landmarks = Array.from({ length: 68 }, (_, i) => (i >= 36 && i < 42 ? { x: 3, y: 3.5 } : i >= 42 && i < 48 ? { x: 5, y: 3.5 } : { x: 3 + (i % 3), y: 3 + (i % 2) * 2 }));
/** The confidences the detector was asked for. */
let asked: number[] = [];
/**
 * Stand-ins for face-api's networks: the detector finds one face in an image whose first pixel is
 * not black; the encoder gives [the crop's mean red, the crop's width].
 */
const models = {
  detector: {
    detect: (image: tf.Tensor4D, minConfidence: number): Face[] => {
      asked.push(minConfidence);
      return image.dataSync()[0] === 0 ? [] : [{ score: 0.9, top: 2, left: 2, height: 4, width: 4, landmarks }];
    },
  },
  recognizer: {
    encode: (crop: tf.Tensor4D) => tf.tidy(() => tf.concat([tf.reshape(tf.mean(tf.slice(crop, [0, 0, 0, 0], [-1, -1, -1, 1])), [1, 1]), tf.fill([1, 1], crop.shape[2])], 1)),
  },
} as unknown as FaceModels;

const grey = (level: number) => rawImage(8, 8, () => [level, 0, 0]);
const folder = (...files: [string, string, number][]): LabelledFile[] => files.map(([label, file, level]) => ({ label, file, image: grey(level) }));
const database = (files: readonly LabelledFile[], params = {}) =>
  evaluateIn(plannedNodeOf(faceDatabase, 'known', { path: 'faces', ...params }), {}, scopeOf({ faceModels: models, folders: new Map([['known', files]]) }));

test('face.database: one encoding of each image\'s 150x150 face crop, in folder order, labelled with its person', () => {
  asked = [];
  const value = database(folder(['alice', 'alice/1.png', 10], ['bob', 'bob_1.png', 200], ['alice', 'alice/2.png', 30]), { minConfidence: 0.7 });
  assert.equal(value.type, 'database');
  assert.deepEqual(value.type === 'database' && value.labels, ['alice', 'bob', 'alice']);
  assert.deepEqual(value.tensor.shape, [3, 2]);
  const rows = Array.from(value.tensor.dataSync());
  [10, 200, 30].forEach((level, i) => assert.ok(Math.abs(rows[2 * i]! - level) < 1e-3, `row ${i}: ${rows.join(' ')}`));
  assert.deepEqual([rows[1], rows[3], rows[5]], [150, 150, 150]);
  assert.deepEqual(asked, [0.7, 0.7, 0.7]);
});

test('face.database: an image without a face is an error naming the file and the confidence', () => {
  assert.throws(() => database(folder(['alice', 'alice/1.png', 10], ['bob', 'bob/blank.png', 0])), { message: 'node "known": no face found in faces/bob/blank.png with confidence ≥ 0.5' });
});

test('face.database: it reads its folder only in an evaluation, and needs the face models', () => {
  const p = plannedNodeOf(faceDatabase, 'known', { path: 'faces' });
  assert.throws(() => evaluateIn(p, {}, scopeOf({ faceModels: models })), { message: 'node "known": a folder of faces is read only in a graph without an optimizer' });
  assert.throws(() => evaluateIn(p, {}, scopeOf({ folders: new Map([['known', folder(['a', 'a.png', 9])]]) })), { message: 'node "known": the face models are not loaded (they come with the @vladmandic/face-api package)' });
});

test('face.database: its shape is a database', () => {
  assert.deepEqual(faceDatabase.inferShape!({}, { path: 'faces', minConfidence: 0.5 }, { problem: () => assert.fail('no problem expected') }), { type: 'database' });
});
