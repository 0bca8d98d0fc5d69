// face-api's 68-point face landmark network (Vincent Mühler's face-api.js, maintained as
// @vladmandic/face-api, MIT licence): four dense blocks of depthwise-separable convolutions and a
// fully connected layer, written with tfjs-core ops so that it runs on stylegraph's own tfjs.
// Architecture after face-api's src/faceLandmarkNet/ and src/faceFeatureExtractor/.
import * as tf from '@tensorflow/tfjs-core';
import { weightOf } from './face-weights';
import { squareInput } from './recognition-net';

/** Side of the square face the network reads. */
const INPUT_SIZE = 112;
const LANDMARKS = 68;
const MEAN_RGB = [122.782, 117.001, 104.298];

/** A point in pixels of an image: x across, y down. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

interface Conv {
  readonly filters: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
}
interface SeparableConv {
  readonly depthwise: tf.Tensor4D;
  readonly pointwise: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
}
interface DenseBlock {
  readonly conv0: Conv | SeparableConv;
  readonly rest: readonly [SeparableConv, SeparableConv, SeparableConv];
}

export class LandmarkNet {
  private readonly blocks: readonly DenseBlock[];
  private readonly fcWeights: tf.Tensor2D;
  private readonly fcBias: tf.Tensor1D;

  /** From the weights of face_landmark_68_model-weights_manifest.json; `source` names the file in errors. */
  constructor(weights: ReadonlyMap<string, tf.Tensor>, source: string) {
    const w = (name: string, rank: number) => weightOf(weights, name, rank, source);
    const separable = (prefix: string): SeparableConv => ({
      depthwise: w(`${prefix}/depthwise_filter`, 4) as tf.Tensor4D,
      pointwise: w(`${prefix}/pointwise_filter`, 4) as tf.Tensor4D,
      bias: w(`${prefix}/bias`, 1) as tf.Tensor1D,
    });
    this.blocks = [0, 1, 2, 3].map((b) => ({
      // The first block starts with a plain convolution of the RGB input.
      conv0: b === 0 ? { filters: w('dense0/conv0/filters', 4) as tf.Tensor4D, bias: w('dense0/conv0/bias', 1) as tf.Tensor1D } : separable(`dense${b}/conv0`),
      rest: [separable(`dense${b}/conv1`), separable(`dense${b}/conv2`), separable(`dense${b}/conv3`)],
    }));
    this.fcWeights = w('fc/weights', 2) as tf.Tensor2D;
    this.fcBias = w('fc/bias', 1) as tf.Tensor1D;
  }

  /**
   * The 68 landmarks (face-api's order: jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, mouth 48-67)
   * of the face in `face` (1xHxWx3, RGB 0-255, usually a detector's box), in pixels of `face`.
   * Reads the result back (synchronously): not differentiable.
   */
  landmarks(face: tf.Tensor4D): Point[] {
    const [, h, w] = face.shape;
    const side = Math.max(h, w);
    const relative = tf.tidy(() => {
      const x = tf.div(tf.sub(squareInput(face, INPUT_SIZE), MEAN_RGB), 255) as tf.Tensor4D;
      let out = x;
      this.blocks.forEach((block, b) => { out = denseBlock(out, block, b === 0); });
      const features = tf.avgPool(out, 7, 2, 'valid');
      return tf.add(tf.matMul(tf.reshape(features, [1, -1]), this.fcWeights), this.fcBias);
    });
    const values = relative.dataSync();
    relative.dispose();
    // Relative to the centred square squareInput made: undo its padding (the smaller one goes first).
    const padX = (side - w) - Math.round((side - w) / 2);
    const padY = (side - h) - Math.round((side - h) / 2);
    return Array.from({ length: LANDMARKS }, (_, i) => ({ x: values[2 * i]! * side - padX, y: values[2 * i + 1]! * side - padY }));
  }
}

function separableConv(x: tf.Tensor4D, p: SeparableConv, stride: 1 | 2): tf.Tensor4D {
  return tf.add(tf.separableConv2d(x, p.depthwise, p.pointwise, stride, 'same'), p.bias);
}

/** Each convolution reads the sum of the block's previous outputs (face-api's denseBlock4); halves the size. */
function denseBlock(x: tf.Tensor4D, block: DenseBlock, first: boolean): tf.Tensor4D {
  const conv0 = block.conv0;
  let sum = tf.relu(first ? tf.add(tf.conv2d(x, (conv0 as Conv).filters, 2, 'same'), conv0.bias) : separableConv(x, conv0 as SeparableConv, 2)) as tf.Tensor4D;
  let input = sum;
  for (const conv of block.rest) {
    sum = tf.add(sum, separableConv(input, conv, 1));
    input = tf.relu(sum) as tf.Tensor4D;
  }
  return input;
}
