import * as tf from '@tensorflow/tfjs-core';
import { VGG19_LAYERS } from './vgg19';
import type { Preprocessing } from './weights';
import { imageGradient } from '../image/preprocess';

/** The gradient through a relu from its output y: dy where y > 0, else 0 (one temporary, freed). */
export function reluGrad(dy: tf.Tensor4D, y: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.mul(dy, tf.step(y)));
}

const POOL_ATTRS = { filterSize: 2, strides: 2, pad: 'valid' } as const;

export interface VggPassSaved {
  /** Every conv layer's output, from the first to the deepest. */
  readonly convOutputs: readonly tf.Tensor4D[];
  /** Max pooling only: each pooling's output (its gradient needs it). */
  readonly poolOutputs: readonly tf.Tensor4D[];
}

/**
 * The image gradient of one VGG pass, layer by layer from the deepest, each layer's gradient freed
 * as soon as the next one down has it (tfjs's tape would keep them all until the end), and each
 * saved output freed once its layer is done (they are this pass's own references: tfjs disposes
 * them again at the end, which is harmless). The backward pass holds the saved outputs still to
 * come and three tensors of one layer's size. `outputGrads[i]` is the gradient of the output at
 * layer index `outputLayers[i]`.
 */
export function vggBackward(outputGrads: readonly tf.Tensor4D[], outputLayers: readonly number[], saved: VggPassSaved, flipped: readonly tf.Tensor4D[], pooling: 'avg' | 'max', preprocessing: Preprocessing): tf.Tensor4D {
  const last = saved.convOutputs.length - 1;
  let grad: tf.Tensor4D | undefined;
  /** The running gradient becomes `next`; ours (not the caller's) is freed. */
  let owned = false;
  const replace = (next: tf.Tensor4D) => {
    if (owned) grad!.dispose();
    grad = next;
    owned = true;
  };
  let pool = saved.poolOutputs.length;
  for (let i = last; i >= 0; i--) {
    outputLayers.forEach((layer, k) => {
      if (layer !== i) return;
      if (grad) replace(tf.add(grad, outputGrads[k]!));
      else grad = outputGrads[k]!;
    });
    // In two steps, so the gradient above goes before the convolution's output comes.
    replace(reluGrad(grad!, saved.convOutputs[i]!));
    saved.convOutputs[i]!.dispose();
    replace(tf.conv2d(grad!, flipped[i]!, 1, 'same'));
    if (i > 0 && VGG19_LAYERS[i - 1]!.endsBlock) {
      const input = saved.convOutputs[i - 1]!;
      const output = pooling === 'max' ? saved.poolOutputs[--pool]! : undefined;
      replace(output
        ? tf.engine().runKernel('MaxPoolGrad', { dy: grad!, input, output }, { ...POOL_ATTRS }) as tf.Tensor4D
        : tf.engine().runKernel('AvgPoolGrad', { dy: grad!, input }, { ...POOL_ATTRS }) as tf.Tensor4D);
      output?.dispose();
    }
  }
  return imageGradient(grad!, preprocessing);
}
