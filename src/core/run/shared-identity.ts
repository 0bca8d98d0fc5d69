import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs-backend-wasm's Identity kernel copies its input, and tfjs runs Identity for every tensor its
 * tape saves for the backward pass (engine.clone): each saved activation then takes twice its
 * memory. tfjs's cpu backend shares the data instead (a reference count, as wasm's own Reshape
 * does); tensors are never written in place, so sharing is safe. This makes wasm's Identity share
 * too, once per backend instance.
 */
export function shareIdentityData(): void {
  if (tf.getBackend() !== 'wasm' || tf.getKernel('Identity', 'wasm')?.kernelFunc === shareInput) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: shareInput });
}

const shareInput: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x!;
  (backend as unknown as { incRef(dataId: tf.DataId): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};
