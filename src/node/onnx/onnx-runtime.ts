import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InferenceSession, OnnxValue } from 'onnxruntime-common';

/**
 * onnxruntime-node's synchronous session (its internal binding: the public API wraps each call in a
 * Promise). package.json pins the exact version, since the binding's path and shape are not public.
 */
export interface OnnxSession {
  /** fetches: a buffer to write an output into, or null for one the runtime allocates. */
  run(feeds: Record<string, OnnxValue>, fetches: Record<string, OnnxValue | null>, options: InferenceSession.RunOptions): Record<string, OnnxValue>;
  dispose(): void;
}

interface BindingSession extends OnnxSession {
  loadModel(buffer: ArrayBuffer, offset: number, length: number, options: InferenceSession.SessionOptions): void;
  loadModel(path: string, options: InferenceSession.SessionOptions): void;
}

interface Binding {
  binding: { InferenceSession: new () => BindingSession };
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

function sessionOptions(threads: number, level: InferenceSession.SessionOptions['graphOptimizationLevel']): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: level,
    executionMode: 'sequential',
    logSeverityLevel: 3,
    // Without the arena, each pass's buffers go back when it ends: a lower peak (measured: 1205 against 1368 MiB at 300x400).
    enableCpuMemArena: false,
  };
}

/**
 * A CPU session for an encoded ONNX model, on `threads` threads, with every optimisation
 * (convolutions in MLAS's blocked NCHWc layout: about 15% faster here than im2col + GEMM). A
 * session optimised in place keeps about three copies of the weights; the optimised model
 * written out and loaded again keeps one (measured: 83 against 236 MiB for 72 MiB of weights), so
 * one throwaway session writes it to a temporary folder, removed at once.
 */
export function createSession(model: Uint8Array, threads: number): OnnxSession {
  const { binding } = runtime();
  const folder = mkdtempSync(join(tmpdir(), 'stylegraph-onnx-'));
  try {
    const optimised = join(folder, 'model.onnx');
    const optimiser = new binding.InferenceSession();
    optimiser.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, { ...sessionOptions(threads, 'all'), optimizedModelFilePath: optimised });
    optimiser.dispose();
    const session = new binding.InferenceSession();
    session.loadModel(optimised, sessionOptions(threads, 'basic'));
    return session;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
