// The ResNet-34-like face recognition network of face-api (Vincent Mühler's face-api.js, maintained
// as @vladmandic/face-api, MIT licence): a port of dlib's face descriptor network, written here with
// tfjs-core ops so that it runs on stylegraph's own tfjs (face-api's builds bundle their own copy)
// and stays differentiable. Architecture after face-api's src/faceRecognitionNet/.
import * as tf from '@tensorflow/tfjs-core';
import { weightOf } from './face-weights';

/** Side of the square face the network reads. */
export const ENCODER_INPUT_SIZE = 150;
/** Length of a face encoding. */
export const ENCODING_LENGTH = 128;
const MEAN_RGB = [122.782, 117.001, 104.298];

interface ConvLayer {
  readonly filters: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
  readonly scale: tf.Tensor1D;
  readonly shift: tf.Tensor1D;
}
interface Residual {
  readonly conv1: ConvLayer;
  readonly conv2: ConvLayer;
  readonly down: boolean;
}

const BLOCKS: readonly (readonly [string, boolean])[] = [
  ['conv32_1', false], ['conv32_2', false], ['conv32_3', false],
  ['conv64_down', true], ['conv64_1', false], ['conv64_2', false], ['conv64_3', false],
  ['conv128_down', true], ['conv128_1', false], ['conv128_2', false],
  ['conv256_down', true], ['conv256_1', false], ['conv256_2', false], ['conv256_down_out', true],
];

export class RecognitionNet {
  private readonly stem: ConvLayer;
  private readonly blocks: readonly Residual[];
  private readonly fc: tf.Tensor2D;

  /** From the weights of face_recognition_model-weights_manifest.json; `source` names the file in errors. */
  constructor(weights: ReadonlyMap<string, tf.Tensor>, source: string) {
    const conv = (prefix: string): ConvLayer => ({
      filters: weightOf(weights, `${prefix}/conv/filters`, 4, source) as tf.Tensor4D,
      bias: weightOf(weights, `${prefix}/conv/bias`, 1, source) as tf.Tensor1D,
      scale: weightOf(weights, `${prefix}/scale/weights`, 1, source) as tf.Tensor1D,
      shift: weightOf(weights, `${prefix}/scale/biases`, 1, source) as tf.Tensor1D,
    });
    this.stem = conv('conv32_down');
    this.blocks = BLOCKS.map(([name, down]) => ({ conv1: conv(`${name}/conv1`), conv2: conv(`${name}/conv2`), down }));
    this.fc = weightOf(weights, 'fc', 2, source) as tf.Tensor2D;
  }

  /**
   * The 1x128 encoding of a face image (1xHxWx3, RGB 0-255): padded to a square (centred, black) and
   * resized to 150x150 as face-api does. Differentiable in the image.
   */
  encode(image: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const x = tf.div(tf.sub(squareInput(image, ENCODER_INPUT_SIZE), MEAN_RGB), 255) as tf.Tensor4D;
      let out = tf.maxPool(convLayer(x, this.stem, 2, true), 3, 2, 'valid');
      for (const block of this.blocks) out = residual(out, block);
      return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, this.fc);
    });
  }
}

/** An image padded to a centred square with zeros and resized to size x size (face-api's toBatchTensor). */
export function squareInput(image: tf.Tensor4D, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = image.shape;
    const diff = Math.abs(h - w);
    const after = Math.round(diff / 2);
    const before = diff - after;
    const square = h === w ? image : tf.pad(image, h > w ? [[0, 0], [0, 0], [before, after], [0, 0]] : [[0, 0], [before, after], [0, 0], [0, 0]]);
    const side = Math.max(h, w);
    return side === size ? square : tf.image.resizeBilinear(square, [size, size]);
  });
}

function convLayer(x: tf.Tensor4D, p: ConvLayer, stride: 1 | 2, relu: boolean): tf.Tensor4D {
  const out = tf.add(tf.mul(tf.add(tf.conv2d(x, p.filters, stride, stride === 2 ? 'valid' : 'same'), p.bias), p.scale), p.shift) as tf.Tensor4D;
  return relu ? tf.relu(out) : out;
}

function residual(x: tf.Tensor4D, block: Residual): tf.Tensor4D {
  let out = convLayer(convLayer(x, block.conv1, block.down ? 2 : 1, true), block.conv2, 1, false);
  if (!block.down) return tf.relu(tf.add(out, x)) as tf.Tensor4D;
  // A strided block's shortcut is the input average-pooled, its missing channels zeros; the conv
  // path ('valid', stride 2) may be a row and a column short of the pool, padded with zeros.
  let pooled = tf.avgPool(x, 2, 2, 'valid') as tf.Tensor4D;
  if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) out = tf.pad(out, [[0, 0], [0, 1], [0, 1], [0, 0]]);
  const missing = out.shape[3] - pooled.shape[3];
  if (missing > 0) pooled = tf.pad(pooled, [[0, 0], [0, 0], [0, 0], [0, missing]]);
  return tf.relu(tf.add(pooled, out)) as tf.Tensor4D;
}
