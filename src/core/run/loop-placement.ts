import type { RunStart } from './executor';

/**
 * Where a run's iterations compute, in words for the CLI's stderr and the editor's backend label:
 * with the onnx backend the whole iteration runs on onnxruntime, unless a loop node has no native
 * form (those are named) or the optimizer is not Adam.
 */
export function loopPlacement(backend: string, start: RunStart): string {
  if (start.nativeLoop) return 'the whole iteration on onnxruntime';
  if (backend !== 'onnx') return `every node on tfjs ${backend}`;
  const why = start.tfjsNodes.length ? `; no native form: ${start.tfjsNodes.join(', ')}` : '';
  return `VGG-19 on onnxruntime, the other nodes on tfjs wasm${why}`;
}
