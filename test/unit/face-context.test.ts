import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';
import type * as tf from '@tensorflow/tfjs-core';
import type { FaceModels } from '../../src/core/face/face-models';
import { faceModelsOf } from '../../src/core/nodes/face-context';
import { faceEncode } from '../../src/core/nodes/face-encode';
import type { EvalContext, Value } from '../../src/core/nodes/types';

const image = (t: tf.Tensor4D): Value => ({ type: 'image', tensor: t });

let astronaut: tf.Tensor4D;
before(async () => {
  await useBackend('cpu');
  astronaut = rawToTensor(await readImageFile('examples/samples/astronaut.png'));
});

test('faceModelsOf gives the context\'s face models themselves', () => {
  const models = { detector: {}, recognizer: {} } as unknown as FaceModels;
  assert.equal(faceModelsOf({ nodeId: 'n', faceModels: models } as EvalContext), models);
});

test('a face node whose context has no face models says where they come from', () => {
  assert.throws(() => faceEncode.evaluate!({ image: [image(astronaut)] }, {}, { nodeId: 'n' } as EvalContext), {
    message: 'the face models are not loaded (they come with the @vladmandic/face-api package)',
  });
});
