import { VggModel } from '../core/model/vgg-model';
import type { VggNetwork } from '../core/model/vgg-network';
import type { VggWeightSet } from '../core/model/weights';
import { computeThreads, type NodeBackend } from './backend';
import { OnnxVggModel } from './onnx/onnx-vgg-model';

/**
 * The VGG-19 a backend runs: onnxruntime's for onnx (computeThreads(); whole iterations native
 * where the graph allows, unless STYLEGRAPH_NATIVE_LOOP=0), else tfjs's on the current tfjs backend.
 */
export function vggNetworkFor(backend: NodeBackend, weights: VggWeightSet): VggNetwork {
  return backend === 'onnx' ? new OnnxVggModel(weights, computeThreads(), { nativeLoop: process.env.STYLEGRAPH_NATIVE_LOOP !== '0' }) : new VggModel(weights);
}
