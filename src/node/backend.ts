import * as tf from '@tensorflow/tfjs-core';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { startThreadedWasm } from './wasm-threads';
import { checkOnnxRuntime } from './onnx/onnx-runtime';
import { isSoftwareAdapter } from '../core/backend/software-adapter';
import { packageFile } from './package-path';

/** tfjs's backends, and onnx: VGG-19 on onnxruntime's native CPU kernels, the graph's other nodes on tfjs's wasm. */
export const NODE_BACKENDS = ['cpu', 'wasm', 'webgpu', 'onnx'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];
/** What the CLI's --backend takes: a backend, or auto (onnx where its native library loads here, else wasm). */
export const CLI_BACKENDS = ['auto', ...NODE_BACKENDS] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

/** The backend `choice` means here; auto says on `log` which it chose (and why not onnx, when it is not). */
export function resolveBackend(choice: CliBackend, log: (line: string) => void): NodeBackend {
  if (choice !== 'auto') return choice;
  try {
    checkOnnxRuntime();
    log('backend auto: onnx (onnxruntime-node loads here)');
    return 'onnx';
  } catch (e) {
    log(`backend auto: ${(e as Error).message}; using wasm`);
    return 'wasm';
  }
}

export interface BackendOptions {
  /** webgpu only: refuse a software adapter (lavapipe, SwiftShader, a fallback adapter), as the editor's engine does; the bench and tests may use one. */
  readonly hardwareGpu?: boolean;
  /**
   * wasm only: XNNPACK threads (the threaded SIMD build, see wasm-threads.ts). Default: the
   * STYLEGRAPH_WASM_THREADS environment variable, else one per CPU; 1 is tfjs's own build.
   */
  readonly threads?: number;
}

/**
 * Threads for the computation: STYLEGRAPH_THREADS, else one per CPU this process may run on
 * (availableParallelism follows an affinity mask such as taskset's). onnxruntime and tfjs take
 * turns (their calls are synchronous and never overlap), so each gets them all.
 */
export function computeThreads(): number {
  const fromEnv = Number(process.env.STYLEGRAPH_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(1, availableParallelism());
}

/** Threads the wasm backend gets by default: STYLEGRAPH_WASM_THREADS, else computeThreads() (at most 8). */
export function defaultWasmThreads(): number {
  const fromEnv = Number(process.env.STYLEGRAPH_WASM_THREADS);
  return Math.min(8, Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : computeThreads());
}

/** Loads and selects a tfjs backend in Node; a clear error when it cannot start here. */
export async function useBackend(name: NodeBackend, options: BackendOptions = {}): Promise<void> {
  if (name === 'onnx') {
    checkOnnxRuntime();
    return useBackend('wasm', options);
  }
  tf.enableProdMode();
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(packageFile('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    const threads = options.threads ?? defaultWasmThreads();
    // Once the backend has started, its build and thread count stay as they are.
    if (threads > 1 && !tf.findBackend('wasm')) {
      await startThreadedWasm(threads);
      return;
    }
  }
  if (name === 'webgpu') await installWebGpu(options.hardwareGpu === true);
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
  await tf.ready();
}

/** Gives Node a navigator.gpu from the `webgpu` package (Dawn), then registers tfjs's WebGPU backend. */
async function installWebGpu(hardwareOnly: boolean): Promise<void> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error('no WebGPU adapter: Dawn found no Vulkan device (on a machine without a GPU, install a Vulkan driver such as mesa-vulkan-drivers from bookworm-backports)');
  }
  if (hardwareOnly) {
    const info = (adapter as unknown as { info?: Record<string, string | boolean | undefined> }).info ?? {};
    const facts = { isFallbackAdapter: (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (info.isFallbackAdapter as boolean | undefined), names: ['vendor', 'architecture', 'device', 'description'].map((k) => info[k] as string | undefined) };
    if (isSoftwareAdapter(facts)) throw new Error(`the webgpu backend found only a software adapter (${facts.names.filter(Boolean).join(' ') || 'a fallback adapter'}), which is slower than wasm here: use auto (onnx or wasm)`);
  }
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  // The backend registers itself only if navigator.gpu exists when it loads.
  await import('@tensorflow/tfjs-backend-webgpu');
}
