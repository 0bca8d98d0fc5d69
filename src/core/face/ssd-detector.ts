// face-api's SSD MobileNetV1 face detector (Vincent Mühler's face-api.js, maintained as
// @vladmandic/face-api, MIT licence), written with tfjs-core ops so that it runs on stylegraph's
// own tfjs. Architecture and box decoding after face-api's src/ssdMobilenetv1/.
import * as tf from '@tensorflow/tfjs-core';
import { weightOf } from './face-weights';

const INPUT_SIZE = 512;
const BN_EPSILON = 0.0010000000474974513;
const IOU_THRESHOLD = 0.5;
const MAX_FACES = 100;
/** MobileNet layers (1-13) whose depthwise conv has stride 2. */
const STRIDE_2 = new Set([2, 4, 6, 12]);

/** A face found in an image: its box in pixels of that image, and the detector's confidence. */
export interface FaceBox {
  readonly score: number;
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

interface Pointwise {
  readonly filters: tf.Tensor4D;
  readonly offset: tf.Tensor1D;
}
interface Depthwise {
  readonly filters: tf.Tensor4D;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  readonly offset: tf.Tensor1D;
  readonly scale: tf.Tensor1D;
}
interface Conv {
  readonly filters: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
}
interface BoxPredictor {
  readonly box: Conv;
  readonly cls: Conv;
}

export class SsdDetector {
  private readonly stem: Pointwise;
  private readonly pairs: readonly { readonly depthwise: Depthwise; readonly pointwise: Pointwise }[];
  private readonly extra: readonly Pointwise[];
  private readonly predictors: readonly BoxPredictor[];
  /** The anchors, 1xNx4 (ymin, xmin, ymax, xmax). */
  private readonly anchors: tf.Tensor;

  /** From the weights of ssd_mobilenetv1_model-weights_manifest.json; `source` names the file in errors. */
  constructor(weights: ReadonlyMap<string, tf.Tensor>, source: string) {
    const w = (name: string, rank: number) => weightOf(weights, name, rank, source);
    const pointwise = (prefix: string, i: number): Pointwise => ({
      filters: w(`${prefix}/Conv2d_${i}_pointwise/weights`, 4) as tf.Tensor4D,
      offset: w(`${prefix}/Conv2d_${i}_pointwise/convolution_bn_offset`, 1) as tf.Tensor1D,
    });
    const conv = (prefix: string): Conv => ({ filters: w(`${prefix}/weights`, 4) as tf.Tensor4D, bias: w(`${prefix}/biases`, 1) as tf.Tensor1D });
    this.stem = pointwise('MobilenetV1', 0);
    this.pairs = Array.from({ length: 13 }, (_, k) => {
      const dw = `MobilenetV1/Conv2d_${k + 1}_depthwise`;
      return {
        depthwise: {
          filters: w(`${dw}/depthwise_weights`, 4) as tf.Tensor4D,
          scale: w(`${dw}/BatchNorm/gamma`, 1) as tf.Tensor1D,
          offset: w(`${dw}/BatchNorm/beta`, 1) as tf.Tensor1D,
          mean: w(`${dw}/BatchNorm/moving_mean`, 1) as tf.Tensor1D,
          variance: w(`${dw}/BatchNorm/moving_variance`, 1) as tf.Tensor1D,
        },
        pointwise: pointwise('MobilenetV1', k + 1),
      };
    });
    this.extra = Array.from({ length: 8 }, (_, i) => pointwise('Prediction', i));
    this.predictors = Array.from({ length: 6 }, (_, i) => ({
      box: conv(`Prediction/BoxPredictor_${i}/BoxEncodingPredictor`),
      cls: conv(`Prediction/BoxPredictor_${i}/ClassPredictor`),
    }));
    this.anchors = w('Output/extra_dim', 3);
  }

  /**
   * The faces in an image (1xHxWx3, RGB 0-255) scoring above `minConfidence`, most confident first,
   * overlapping boxes suppressed. Reads the scores back (synchronously): not differentiable.
   */
  detect(image: tf.Tensor4D, minConfidence: number): FaceBox[] {
    const [, h, w] = image.shape;
    const side = Math.max(h, w);
    const { boxes, scores } = tf.tidy(() => {
      // Padded at the bottom or right to a square, as face-api does, so boxes scale by the longer side.
      const square = tf.pad(image, [[0, 0], [0, side - h], [0, side - w], [0, 0]]);
      const x = tf.sub(tf.div(tf.image.resizeBilinear(square, [INPUT_SIZE, INPUT_SIZE]), 127.5), 1) as tf.Tensor4D;
      return this.forward(x);
    });
    try {
      const kept = tf.tidy(() => tf.image.nonMaxSuppression(boxes, scores, MAX_FACES, IOU_THRESHOLD, minConfidence));
      const indices = Array.from(kept.dataSync());
      kept.dispose();
      const boxData = boxes.dataSync();
      const scoreData = scores.dataSync();
      return indices.map((i) => {
        const [top, left, bottom, right] = [0, 1, 2, 3].map((k) => Math.min(1, Math.max(0, boxData[4 * i + k]!)) * side) as [number, number, number, number];
        return { score: scoreData[i]!, top, left, height: Math.min(bottom, h) - top, width: Math.min(right, w) - left };
      }).filter((b) => b.height > 0 && b.width > 0);
    } finally {
      boxes.dispose();
      scores.dispose();
    }
  }

  /** Decoded boxes (Nx4, relative ymin, xmin, ymax, xmax) and face scores (N) of a 512x512 input in -1..1. */
  private forward(x: tf.Tensor4D): { boxes: tf.Tensor2D; scores: tf.Tensor1D } {
    let out = pointwiseLayer(x, this.stem, 2);
    let conv11 = out;
    this.pairs.forEach(({ depthwise, pointwise }, k) => {
      const stride = STRIDE_2.has(k + 1) ? 2 : 1;
      const dw = tf.batchNorm(tf.depthwiseConv2d(out, depthwise.filters, stride, 'same'), depthwise.mean, depthwise.variance, depthwise.offset, depthwise.scale, BN_EPSILON);
      out = pointwiseLayer(tf.clipByValue(dw, 0, 6), pointwise, 1);
      if (k + 1 === 11) conv11 = out;
    });
    const e = this.extra;
    const c0 = pointwiseLayer(out, e[0]!, 1);
    const c1 = pointwiseLayer(c0, e[1]!, 2);
    const c3 = pointwiseLayer(pointwiseLayer(c1, e[2]!, 1), e[3]!, 2);
    const c5 = pointwiseLayer(pointwiseLayer(c3, e[4]!, 1), e[5]!, 2);
    const c7 = pointwiseLayer(pointwiseLayer(c5, e[6]!, 1), e[7]!, 2);
    const heads = [conv11, out, c1, c3, c5, c7].map((features, i) => {
      const p = this.predictors[i]!;
      return {
        box: tf.reshape(tf.add(tf.conv2d(features, p.box.filters, 1, 'same'), p.box.bias), [-1, 4]),
        cls: tf.reshape(tf.add(tf.conv2d(features, p.cls.filters, 1, 'same'), p.cls.bias), [-1, 3]),
      };
    });
    const encoded = tf.concat(heads.map((hd) => hd.box), 0) as tf.Tensor2D;
    const classes = tf.concat(heads.map((hd) => hd.cls), 0) as tf.Tensor2D;
    const scores = tf.reshape(tf.sigmoid(tf.slice(classes, [0, 1], [-1, 1])), [-1]) as tf.Tensor1D;
    return { boxes: decodeBoxes(tf.reshape(this.anchors, [-1, 4]) as tf.Tensor2D, encoded), scores };
  }
}

function pointwiseLayer(x: tf.Tensor4D, p: Pointwise, stride: 1 | 2): tf.Tensor4D {
  return tf.clipByValue(tf.add(tf.conv2d(x, p.filters, stride, 'same'), p.offset), 0, 6) as tf.Tensor4D;
}

/** SSD box decoding (scale factors 10, 10, 5, 5) of encodings relative to anchors, both Nx4. */
function decodeBoxes(anchors: tf.Tensor2D, encoded: tf.Tensor2D): tf.Tensor2D {
  const [a0, a1, a2, a3] = tf.unstack(anchors, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  const [e0, e1, e2, e3] = tf.unstack(encoded, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  const sizeY = tf.sub(a2, a0);
  const sizeX = tf.sub(a3, a1);
  const centreY = tf.add(tf.mul(tf.div(e0, 10), sizeY), tf.add(a0, tf.div(sizeY, 2)));
  const centreX = tf.add(tf.mul(tf.div(e1, 10), sizeX), tf.add(a1, tf.div(sizeX, 2)));
  const halfY = tf.div(tf.mul(tf.exp(tf.div(e2, 5)), sizeY), 2);
  const halfX = tf.div(tf.mul(tf.exp(tf.div(e3, 5)), sizeX), 2);
  return tf.stack([tf.sub(centreY, halfY), tf.sub(centreX, halfX), tf.add(centreY, halfY), tf.add(centreX, halfX)], 1) as tf.Tensor2D;
}
