import * as tf from '@tensorflow/tfjs-core';
import type { MemoryLimit, MemoryLimits } from './memory-estimate';

/** tfjs's wasm builds declare a 4 GiB maximum memory; past it an allocation aborts the module. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;

interface GpuLimits {
  readonly maxStorageBufferBindingSize?: number;
  readonly maxBufferSize?: number;
}

/**
 * What the active backend can hold: wasm, its heap (all tensors together); WebGPU, the device's
 * largest storage buffer (each tensor is one; WebGPU does not say how much memory the GPU has).
 * `host`, when given, caps all tensors together too (the host's memory, for cpu and wasm).
 */
export function backendMemoryLimits(host?: MemoryLimit): MemoryLimits {
  const name = tf.getBackend();
  const heap: MemoryLimit | undefined = name === 'wasm' ? { bytes: WASM_HEAP_BYTES, what: "the wasm backend's heap" } : undefined;
  const total = heap && host ? (heap.bytes <= host.bytes ? heap : host) : heap ?? host;
  return { ...(total && { total }), ...(name === 'webgpu' && { tensor: gpuBufferLimit((tf.backend() as unknown as { device?: { limits?: GpuLimits } }).device?.limits) }) };
}

/** The smaller of a device's binding and buffer size limits. */
export function gpuBufferLimit(limits: GpuLimits | undefined): MemoryLimit | undefined {
  const binding = limits?.maxStorageBufferBindingSize;
  const buffer = limits?.maxBufferSize;
  if (binding === undefined && buffer === undefined) return undefined;
  return binding !== undefined && (buffer === undefined || binding <= buffer)
    ? { bytes: binding, what: "the WebGPU device's largest storage buffer binding (maxStorageBufferBindingSize)" }
    : { bytes: buffer!, what: "the WebGPU device's largest buffer (maxBufferSize)" };
}
