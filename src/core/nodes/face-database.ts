import * as tf from '@tensorflow/tfjs-core';
import { faceModelsOf } from './face-context';
import { cropFace } from '../face/face-crop';
import type { NodeDef } from './types';

export const faceDatabase: NodeDef = {
  type: 'face.database',
  title: 'Face database',
  category: 'face',
  role: 'folder',
  doc: "The known people: a folder (relative to the graph file) with one sub-folder per person (alice/1.png) or files named by person (alice_1.png). Each image's most confident face is encoded (face.detect, face.encode); the encodings are the database face.identify searches.",
  formula: "each image's face encoded and labelled",
  inputs: [],
  outputs: [{ name: 'database', type: 'database', doc: 'One encoding per image, labelled with its person' }],
  params: [
    { kind: 'string', name: 'path', default: '', note: 'a folder, one sub-folder or file-name prefix per person', doc: 'Folder of face photos, relative to the graph file' },
    { kind: 'number', name: 'minConfidence', default: 0.5, min: 0.01, max: 0.99, doc: 'The least detector score that counts as a face' },
  ],
  inferShape: () => ({ type: 'database' }),
  evaluate: (_inputs, params, ctx) => {
    if (!ctx.labelledImages) throw new Error('a folder of faces is read only in a graph without an optimizer');
    const models = faceModelsOf(ctx);
    const minConfidence = params.minConfidence as number;
    const images = ctx.labelledImages();
    const rows = images.map(({ file, tensor }) => {
      const box = models.detector.detect(tensor, minConfidence)[0];
      if (!box) throw new Error(`no face found in ${String(params.path)}/${file} with confidence ≥ ${minConfidence}`);
      return models.recognizer.encode(cropFace(tensor, box));
    });
    return { type: 'database', tensor: tf.concat(rows, 0), labels: images.map((i) => i.label) };
  },
};
