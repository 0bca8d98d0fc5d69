import type { ConvWeights } from '../../core/model/weights';
import { megabytes } from '../megabytes';
import type { TempNeed } from '../temp-space';

/** What the onnx backend writes into its temporary folder. */
export interface OnnxTempNeed extends TempNeed {
  /** The weights file's bytes: each layer's kernel twice (forward and flipped) and its bias. */
  readonly weightsFile: number;
}

/**
 * The most space the onnx backend needs in the system's temporary folder for VGG-19 `layers`
 * (about 320 MB): the weights file, and a pass's forward and backward optimised models, which
 * hold the kernels up to the pass's last layer once each; they are deleted at once but take
 * their space for as long as their sessions map them (measured for the seed graph, a pass to
 * conv5_1: 160 + 2 x 52 MB).
 */
export function onnxTempNeed(layers: readonly ConvWeights[]): OnnxTempNeed {
  const weightsFile = layers.reduce((sum, w) => sum + 2 * w.kernel.length + w.bias.length, 0) * Float32Array.BYTES_PER_ELEMENT;
  return {
    who: 'the onnx backend',
    bytes: 2 * weightsFile,
    detail: `${megabytes(weightsFile)} for its copy of the VGG-19 weights, up to as much again for the optimised models of the passes it runs`,
    instead: 'use --backend wasm',
    weightsFile,
  };
}
