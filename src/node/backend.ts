import * as tf from '@tensorflow/tfjs-core';
import { dirname, join } from 'node:path';

export const NODE_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/** Loads and selects a tfjs backend in Node; a clear error when it cannot start here. */
export async function useBackend(name: NodeBackend): Promise<void> {
  tf.enableProdMode();
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  }
  if (name === 'webgpu') await installWebGpu();
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
  await tf.ready();
}

/** Gives Node a navigator.gpu from the `webgpu` package (Dawn), then registers tfjs's WebGPU backend. */
async function installWebGpu(): Promise<void> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error('no WebGPU adapter: Dawn found no Vulkan device (on a machine without a GPU, install a Vulkan driver such as mesa-vulkan-drivers from bookworm-backports)');
  }
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  // The backend registers itself only if navigator.gpu exists when it loads.
  await import('@tensorflow/tfjs-backend-webgpu');
}
