import * as tf from '@tensorflow/tfjs-core';
import { reluGrad } from './vgg-backward';

const FUSED_ATTRS: Record<string, string | number[]> = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], activation: 'relu' };

/**
 * relu(conv3x3(x, kernel) + bias), stride 1, 'same' padding, NHWC, with a gradient for x only.
 *
 * For a 3x3 stride-1 'same' convolution the input gradient is itself a 'same' convolution of the
 * output gradient with the kernel rotated by 180 degrees and its in/out channels swapped
 * (`flipKernel`). Computing it that way runs the backend's fast forward kernel (XNNPACK on wasm,
 * the tiled shaders on WebGPU) instead of Conv2DBackpropInput, which on wasm is a plain loop.
 * The forward pass is one fused conv+bias+relu kernel even while gradients are being recorded
 * (tf.fused.conv2d unfuses itself then, to differentiate filter and bias too). Weights are
 * constants here: the image is the only thing optimised, so there is no filter or bias gradient.
 */
export function conv3x3Relu(x: tf.Tensor4D, kernel: tf.Tensor4D, flipped: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    // The kernel itself: tf.fused.conv2d splits into conv, add and relu while a gradient is recorded.
    const y = tf.engine().runKernel('FusedConv2D', { x: input, filter: kernel, bias }, FUSED_ATTRS) as tf.Tensor4D;
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.conv2d(reluGrad(dy as tf.Tensor4D, saved[0] as tf.Tensor4D), flipped, 1, 'same'),
    };
  });
  return op(x) as tf.Tensor4D;
}

/** The kernel whose forward convolution is the input gradient of `kernel`'s (3x3, stride 1, same). */
export function flipKernel(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]));
}
