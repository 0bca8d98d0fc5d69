import type { InferenceSession, OnnxValue } from 'onnxruntime-common';

/** onnxruntime-node's synchronous session (its internal binding: the public API wraps each call in a Promise). */
export interface OnnxSession {
  run(feeds: Record<string, OnnxValue>, fetches: Record<string, null>, options: InferenceSession.RunOptions): Record<string, OnnxValue>;
  dispose(): void;
}

interface Binding {
  binding: { InferenceSession: new () => OnnxSession & { loadModel(buffer: ArrayBuffer, offset: number, length: number, options: InferenceSession.SessionOptions): void } };
  initOrt(): void;
}

let loaded: Binding | undefined;

/**
 * onnxruntime-node's native library (MLAS CPU kernels), loaded on first use; a clear error where
 * the package has no library for this platform. tfjs runs the graph's loss nodes around it, and
 * tfjs ops cannot wait for a Promise: hence the synchronous binding.
 */
function runtime(): Binding {
  if (!loaded) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('onnxruntime-node/dist/binding') as Binding;
    } catch (e) {
      throw new Error(`the onnx backend could not load onnxruntime-node's native library for ${process.platform}-${process.arch}: ${(e as Error).message.split('\n')[0]} (use --backend wasm)`);
    }
    loaded.initOrt();
  }
  return loaded;
}

/** Throws the runtime's load error now (before weights and images load), if there is one. */
export function checkOnnxRuntime(): void {
  runtime();
}

/** A CPU session for an encoded ONNX model, on `threads` threads. */
export function createSession(model: Uint8Array, threads: number): OnnxSession {
  const { binding } = runtime();
  const session = new binding.InferenceSession();
  session.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    // Without the arena, each pass's buffers go back when it ends: a lower peak (measured: 1205 against 1368 MiB at 300x400).
    enableCpuMemArena: false,
  });
  return session;
}
