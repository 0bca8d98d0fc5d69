import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createTempFolder } from './temp-folders';
import { tempSpaceError } from './temp-space';

/**
 * Starts tfjs's threaded SIMD wasm build in Node (XNNPACK on a pthreadpool of `threads`).
 *
 * tfjs disables it in Node (WASM_HAS_MULTITHREAD_SUPPORT is false there, tfjs issue 3830), but the
 * Emscripten build inside supports Node's worker_threads. Three things stand in the way, each
 * worked around here for the duration of setBackend only:
 * - the worker script and the main script reach the workers as Blob URLs, which worker_threads
 *   cannot load: Blobs made during init are written to a temporary folder, and their "URLs" are
 *   file paths (the worker's own createObjectURL is taught to pass such paths through); the
 *   folder is removed at exit, or when the start fails (after a kill, by the next run), and a
 *   full temporary folder is an error that says so;
 * - the main script is the factory's source text, which the bundler left referring to its
 *   require$$N and commonjsGlobal variables: they are defined in front of it;
 * - the C++ side caps the pool at half of os.cpus().length (it assumes 2 hyperthreads per core),
 *   so 1 thread on a 2-vCPU machine: os.cpus() reports 2 x `threads` while the module starts.
 * Must run before the wasm backend is first initialised, with setWasmPaths already called.
 */
export async function startThreadedWasm(threads: number): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const folder = createTempFolder('wasm');
  const dir = folder.path;
  let count = 0;
  let written = 0;
  // Emscripten's start swallows what the Blob constructor throws: the first write error is kept for after it.
  let writeError: unknown;
  const prelude = "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os'), commonjsGlobal = globalThis;\n";
  const workerPrelude = 'URL.createObjectURL = (o) => (o && o.path) || o; URL.revokeObjectURL = () => {};\n';
  class FileBlob {
    readonly path: string;
    constructor(parts: string[]) {
      let text = parts.join('');
      if (text.startsWith('var WasmBackendModuleThreadedSimd')) text = prelude + text;
      else if (text.includes('self.onmessage')) text = workerPrelude + text;
      this.path = join(dir, `script${count++}.js`);
      written += Buffer.byteLength(text);
      try {
        writeFileSync(this.path, text);
      } catch (e) {
        const need = { who: 'the threaded wasm backend', detail: 'its worker scripts', bytes: written, instead: 'set STYLEGRAPH_WASM_THREADS=1 (one thread, nothing written there)' };
        writeError ??= tempSpaceError(e, dir, need);
        throw writeError;
      }
    }
  }
  const saved = { Blob: globalThis.Blob, createObjectURL: URL.createObjectURL, cpus: os.cpus };
  const g = globalThis as unknown as Record<string, unknown>;
  g.Blob = FileBlob;
  URL.createObjectURL = ((b: FileBlob) => b.path) as unknown as typeof URL.createObjectURL;
  const real = os.cpus();
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]!);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  try {
    const started = await tf.setBackend('wasm').catch((e: unknown) => {
      throw writeError ?? e;
    });
    if (writeError !== undefined) throw writeError;
    if (!started) throw new Error('the threaded wasm backend failed to start');
    await tf.ready();
    const pool = (tf.backend() as unknown as { wasm: { PThread?: { runningWorkers: PoolWorker[]; unusedWorkers: PoolWorker[] } } }).wasm.PThread;
    // XNNPACK's threads started with the backend. Emscripten loaded 8 workers up front (its
    // pthreadPoolSize); the unused ones, each an isolate holding the module, cost about 55 MiB here.
    await Promise.all((pool?.unusedWorkers.splice(0) ?? []).map((worker) => worker.terminate()));
    // The pool's threads live for the whole process and Emscripten keeps their workers ref'd,
    // which would keep Node alive after the work is done.
    for (const worker of pool?.runningWorkers ?? []) worker.unref();
  } catch (e) {
    folder.remove();
    throw e;
  } finally {
    g.Blob = saved.Blob;
    URL.createObjectURL = saved.createObjectURL;
    os.cpus = saved.cpus;
  }
}

interface PoolWorker {
  unref(): void;
  terminate(): Promise<number>;
}

/** Threads XNNPACK runs on in the wasm backend now (1 unless startThreadedWasm ran). */
export async function wasmThreads(): Promise<number> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return tf.getBackend() === 'wasm' ? wasm.getThreadsCount() : 1;
}
