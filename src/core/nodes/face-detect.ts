import type * as tf from '@tensorflow/tfjs-core';
import { faceModelsOf } from './face-context';
import { cropFace } from '../face/face-crop';
import { detectOnce } from '../face/detection-cache';
import { ENCODER_INPUT_SIZE } from '../face/recognition-net';
import type { NodeDef } from './types';

export const faceDetect: NodeDef = {
  type: 'face.detect',
  title: 'Detect face',
  category: 'face',
  doc: "Finds faces (face-api's SSD MobileNetV1 detector) and their 68 landmarks (face-api's landmark net), and crops one upright: turned so that the eyes are level, a square around the landmarks at the encoder's 150x150 input. With `at` connected, the face is found on that image and `image` is cropped there: a constant crop keeps it differentiable (identity-preserving style transfer).",
  formula: "the face upright (turned so that its eyes, from face-api's 68 landmarks, are level), a square around the landmarks at the encoder's 150x150; with `at`, the face found on that image (a constant: the crop stays differentiable)",
  inputs: [
    { name: 'image', type: 'image', doc: 'The image to crop' },
    { name: 'at', type: 'image', optional: true, doc: 'Where to look for the face instead (usually the content image): it must be the size of image' },
  ],
  outputs: [{ name: 'face', type: 'image', doc: '150x150 face crop, eyes level' }],
  params: [
    { kind: 'number', name: 'minConfidence', default: 0.5, min: 0.01, max: 0.99, doc: 'The least detector score that counts as a face' },
    { kind: 'number', name: 'face', default: 1, min: 1, max: 100, integer: true, note: '1: the most confident', doc: 'Which face: 1 the most confident, 2 the next…' },
  ],
  inferShape: () => ({ type: 'image', height: ENCODER_INPUT_SIZE, width: ENCODER_INPUT_SIZE }),
  evaluate: (inputs, params, ctx) => {
    const image = inputs.image![0]!.tensor as tf.Tensor4D;
    const at = (inputs.at?.[0]?.tensor as tf.Tensor4D | undefined) ?? image;
    if (at.shape[1] !== image.shape[1] || at.shape[2] !== image.shape[2]) {
      throw new Error(`input at is ${at.shape[1]}x${at.shape[2]} but image is ${image.shape[1]}x${image.shape[2]}: the face found on at crops image, so both must be the same size`);
    }
    const minConfidence = params.minConfidence as number;
    const which = params.face as number;
    const faces = detectOnce(faceModelsOf(ctx).detector, at, minConfidence);
    const face = faces[which - 1];
    if (!face) {
      const where = inputs.at?.length ? 'input at' : 'the image';
      throw new Error(faces.length ? `found ${faces.length} face${faces.length > 1 ? 's' : ''} in ${where} with confidence ≥ ${minConfidence}, but face asks for number ${which}` : `no face found in ${where} with confidence ≥ ${minConfidence} (lower minConfidence, or use a photo with a frontal face)`);
    }
    return { type: 'image', tensor: cropFace(image, face) };
  },
};
