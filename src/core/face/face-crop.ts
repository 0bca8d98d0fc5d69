import type * as tf from '@tensorflow/tfjs-core';
import { faceSquare } from './face-alignment';
import type { Face } from './face-detector';
import { ENCODER_INPUT_SIZE } from './recognition-net';
import { sampleSquare } from './square-sampler';

/**
 * The face in `image`, upright (its eyes level) and centred on its landmarks, at the encoder's input
 * (150x150). The face was found on `image` or on a constant image of its size, so the crop is
 * differentiable in `image`.
 */
export function cropFace(image: tf.Tensor4D, face: Face): tf.Tensor4D {
  return sampleSquare(image, faceSquare(face.landmarks), ENCODER_INPUT_SIZE);
}
