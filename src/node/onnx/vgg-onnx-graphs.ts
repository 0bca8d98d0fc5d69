import { VGG19_LAYERS } from '../../core/model/vgg19';
import type { Pooling } from '../../core/model/vgg-network';
import { OnnxGraph, type ExternalValues } from './onnx-graph';
import { WEIGHTS_FILE, type StoredArray, type StoredLayer } from './weights-file';

/** What one pass computes: the layers whose activations it returns (network indices), and the pooling. */
export interface PassShape {
  readonly wanted: readonly number[];
  readonly pooling: Pooling;
}

/** Names of the values that pass between tfjs and onnxruntime. */
export const IMAGE = 'image';
export const IMAGE_GRAD = 'image_grad';
export const features = (layer: number) => `features_${layer}`;
export const featuresGrad = (layer: number) => `features_grad_${layer}`;
/** Where layer's ReLU let the gradient through (its output > 0), kept from the forward pass for the backward one. */
export const reluMask = (layer: number) => `relu_mask_${layer}`;
/** Max pooling after layer: which input each output took, for the backward pass. */
export const poolIndices = (layer: number) => `pool_indices_${layer}`;

const CONV = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] };
const POOL = { kernel_shape: [2, 2], strides: [2, 2] };
export const NHWC_TO_NCHW = [0, 3, 1, 2];
export const NCHW_TO_NHWC = [0, 2, 3, 1];

/** The deepest layer a pass needs. */
export function lastLayer(shape: PassShape): number {
  return Math.max(...shape.wanted);
}

/** Names a pass's values take: its features (NCHW), and what a recorded pass keeps for the backward one. */
export interface PassNames {
  readonly features?: (layer: number) => string;
  readonly mask?: (layer: number) => string;
  readonly indices?: (layer: number) => string;
}

/** What a forward pass emitted: its wanted features (NCHW), and, when recorded, each ReLU's mask and each max pooling's indices. */
export interface EmittedPass {
  readonly features: ReadonlyMap<number, string>;
  readonly masks: readonly string[];
  readonly indices: ReadonlyMap<number, string>;
}

/**
 * VGG-19 from `input` (the network input, NCHW) to the pass's deepest layer, into `g`. With
 * `record`, it also computes what the backward pass needs: each ReLU's mask and, for max pooling,
 * each pooling's indices.
 */
export function emitForward(g: OnnxGraph, layers: readonly StoredLayer[], input: string, shape: PassShape, record: boolean, names: PassNames = {}): EmittedPass {
  const last = lastLayer(shape);
  const zero = record ? g.constant(`zero_${input}`, [], new Float32Array([0])) : '';
  const features = new Map<number, string>();
  const masks: string[] = [];
  const indices = new Map<number, string>();
  let x = input;
  for (const layer of VGG19_LAYERS.slice(0, last + 1)) {
    const i = layer.index;
    const w = layers[i]!;
    const kernel = g.external(`kernel_${i}`, [w.outChannels, w.inChannels, 3, 3], inWeightsFile(w.kernel));
    const bias = g.external(`bias_${i}`, [w.outChannels], inWeightsFile(w.bias));
    x = g.op('Relu', [g.op('Conv', [x, kernel, bias], CONV)], {}, shape.wanted.includes(i) ? names.features?.(i) : undefined);
    if (shape.wanted.includes(i)) features.set(i, x);
    if (record) masks.push(g.op('Greater', [x, zero], {}, names.mask?.(i)));
    if (!layer.endsBlock || i === last) continue;
    if (shape.pooling === 'avg') {
      x = g.op('AveragePool', [x], POOL);
    } else if (record) {
      const [pooled, taken] = g.node('MaxPool', [x], POOL, 2, undefined, [undefined, names.indices?.(i)]);
      x = pooled!;
      indices.set(i, taken!);
    } else {
      x = g.op('MaxPool', [x], POOL);
    }
  }
  return { features, masks, indices };
}

/** ONNX's element type number for float32 (Cast's `to`). */
const FLOAT_TYPE = 1;

/**
 * The network input's gradient (NCHW) of a recorded pass from its features' gradients (NCHW, by
 * layer), into `g`: layer by layer from the deepest, each ReLU's mask, the convolution with the
 * kernel rotated 180 degrees and its channels swapped (the input gradient of a 3x3 stride-1 'same'
 * convolution, as in src/core/model/conv3x3.ts), and each pooling's gradient.
 */
export function emitBackward(g: OnnxGraph, layers: readonly StoredLayer[], shape: PassShape, pass: Omit<EmittedPass, 'features'>, featureGrads: ReadonlyMap<number, string>): string {
  const last = lastLayer(shape);
  let grad: string | undefined;
  for (let i = last; i >= 0; i--) {
    const w = layers[i]!;
    const own = featureGrads.get(i);
    if (own) grad = grad ? g.op('Add', [grad, own]) : own;
    if (!grad) continue;
    // The mask as 0/1 floats times the gradient: onnxruntime's Where with a scalar 0 takes a slow
    // broadcasting path (measured 170-260 ms against 8 ms for this at 64 x 300 x 400).
    grad = g.op('Mul', [grad, g.op('Cast', [pass.masks[i]!], { to: FLOAT_TYPE })]);
    grad = g.op('Conv', [grad, g.external(`flipped_${i}`, [w.inChannels, w.outChannels, 3, 3], inWeightsFile(w.flipped))], CONV);
    if (i > 0 && VGG19_LAYERS[i - 1]!.endsBlock) grad = poolGradient(g, grad, pass.masks[i - 1]!, pass.indices.get(i - 1));
  }
  return grad!;
}

/**
 * VGG-19 from the network input (NHWC, preprocessed) to the pass's deepest layer, with the wanted
 * activations as outputs (NHWC, as tfjs holds them). With `record`, it also outputs what the
 * backward pass needs: each ReLU's mask and, for max pooling, each pooling's indices.
 */
export function forwardGraph(layers: readonly StoredLayer[], shape: PassShape, record: boolean): Uint8Array {
  const g = new OnnxGraph();
  g.phase = 'vgg forward';
  const input = g.op('Transpose', [g.input(IMAGE, [1, 'H', 'W', 3])], { perm: NHWC_TO_NCHW });
  const pass = emitForward(g, layers, input, shape, record, { mask: reluMask, indices: poolIndices });
  for (const [i, x] of pass.features) g.output(g.op('Transpose', [x], { perm: NCHW_TO_NHWC }, features(i)));
  if (record) {
    for (const mask of pass.masks) g.output(mask, 'bool');
    for (const taken of pass.indices.values()) g.output(taken, 'int64');
  }
  return g.encode();
}

/**
 * The image gradient of a recorded pass (forwardGraph with `record`) from its activations'
 * gradients (NHWC), its masks and indices being inputs. Output: the network input's gradient, NHWC.
 */
export function backwardGraph(layers: readonly StoredLayer[], shape: PassShape): Uint8Array {
  const g = new OnnxGraph();
  g.phase = 'vgg backward';
  const last = lastLayer(shape);
  const masks = VGG19_LAYERS.slice(0, last + 1).map((l) => g.input(reluMask(l.index), [1, layers[l.index]!.outChannels, `H${l.block}`, `W${l.block}`], 'bool'));
  const indices = new Map(VGG19_LAYERS.filter((l) => shape.pooling === 'max' && l.endsBlock && l.index < last).map((l) => [l.index, g.input(poolIndices(l.index), [1, layers[l.index]!.outChannels, `H${l.block + 1}`, `W${l.block + 1}`], 'int64')]));
  const grads = new Map(shape.wanted.map((i) => {
    const block = VGG19_LAYERS[i]!.block;
    return [i, g.op('Transpose', [g.input(featuresGrad(i), [1, `H${block}`, `W${block}`, layers[i]!.outChannels])], { perm: NHWC_TO_NCHW })];
  }));
  g.output(g.op('Transpose', [emitBackward(g, layers, shape, { masks, indices }, grads)], { perm: NCHW_TO_NHWC }, IMAGE_GRAD));
  return g.encode();
}

/**
 * The gradient through a 2x2 stride-2 pooling to an input shaped like `inputLike`: max pooling
 * sends each value to the input its output took; average pooling spreads a quarter to each of the
 * four, and rows or columns that 'valid' pooling dropped (odd sizes) get none.
 */
function poolGradient(g: OnnxGraph, grad: string, inputLike: string, indices: string | undefined): string {
  const inputShape = g.op('Shape', [inputLike]);
  if (indices) return g.op('MaxUnpool', [grad, indices, inputShape], POOL);
  const scales = g.constant(`scales_${grad}`, [4], new Float32Array([1, 1, 2, 2]));
  const spread = g.op('Mul', [g.op('Resize', [grad, '', scales], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }), g.constant(`quarter_${grad}`, [], new Float32Array([0.25]))]);
  const spatial = (t: string) => g.op('Slice', [g.op('Shape', [t]), g.constant(`from_${t}`, [1], new BigInt64Array([2n])), g.constant(`to_${t}`, [1], new BigInt64Array([4n]))]);
  const missing = g.op('Sub', [spatial(inputLike), spatial(spread)]);
  const pads = g.op('Concat', [g.constant(`none_${grad}`, [6], new BigInt64Array(6)), missing], { axis: 0 });
  return g.op('Pad', [spread, pads]);
}

function inWeightsFile(stored: StoredArray): ExternalValues {
  return { location: WEIGHTS_FILE, ...stored };
}
