import { rmSync } from 'node:fs';
import { basename } from 'node:path';
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
  /** Writes the profile of a session loaded with enableProfiling. */
  endProfiling(): void;
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
    // Unless this is set when it loads, onnxruntime's Linux library records usage in the user's
    // home (~/.cache/Microsoft/DeveloperTools: a device id and an event database it tries to
    // upload) and leaves a log file in the temporary folder on every start.
    process.env.ORT_DISABLE_TELEMETRY = '1';
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

function sessionOptions(threads: number, level: InferenceSession.SessionOptions['graphOptimizationLevel'], profile = false, wholeIteration = false): InferenceSession.SessionOptions {
  const profiles = profile ? process.env.STYLEGRAPH_ORT_PROFILE : undefined;
  return {
    // onnxruntime's per-node timings, written when the session ends (bench --profile).
    ...(profiles && { enableProfiling: true, profileFilePrefix: profiles }),
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: level,
    executionMode: 'sequential',
    logSeverityLevel: 3,
    // Without the arena, each pass's buffers go back when it ends: a lower peak for the tfjs loop's
    // passes (measured: 1205 against 1368 MiB at 300x400). See createSession's `wholeIteration`.
    enableCpuMemArena: wholeIteration,
    // With the arena, a memory pattern (one block per run for all its tensors) grew it over runs:
    // 1206 against 898 MiB peak for the native loop at 300x400, at the same speed.
    ...(wholeIteration && { enableMemPattern: false }),
    // A pass's threads would spin after it, taking the cores from tfjs's threads, which compute the
    // losses between two passes (the tfjs loop at 300x400: 1.38-1.39 against 1.51-1.65 s/iter).
    ...(!wholeIteration && { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  };
}

/**
 * A CPU session for the model at `modelPath` that runs on every step, on `threads` threads, with
 * every optimisation (convolutions in MLAS's blocked NCHWc layout: about 15% faster here than
 * im2col + GEMM). A session optimised in place keeps about three copies of the weights (measured:
 * 236 MiB for 72 MiB of weights). So a throwaway session optimises the model and writes it beside
 * the original, its weights in a file of their own, and the session loads that: it maps the
 * weights file instead of reading it. Both files are removed at once: the mapping keeps the pages.
 *
 * `wholeIteration`: the session runs whole iterations (native-step.ts), back to back. It keeps its
 * buffers between runs (onnxruntime's memory arena) instead of allocating them afresh each run,
 * which halves its time here (measured at 300x400: 540-600 against 1270-1310 ms per iteration:
 * fresh pages cost a fault each), and its threads spin between runs.
 */
export function createSession(modelPath: string, threads: number, wholeIteration = false): OnnxSession {
  const { binding } = runtime();
  const optimised = `${modelPath}.optimised`;
  try {
    const optimiser = new binding.InferenceSession();
    const weightsBeside = { optimized_model_external_initializers_file_name: `${basename(optimised)}.bin`, optimized_model_external_initializers_min_size_in_bytes: '1024' };
    optimiser.loadModel(modelPath, { ...sessionOptions(threads, 'all'), optimizedModelFilePath: optimised, extra: { session: weightsBeside } });
    optimiser.dispose();
    const session = new binding.InferenceSession();
    session.loadModel(optimised, sessionOptions(threads, 'basic', true, wholeIteration));
    return process.env.STYLEGRAPH_ORT_PROFILE ? profiled(session) : session;
  } finally {
    for (const file of [optimised, `${optimised}.bin`]) rmSync(file, { force: true });
  }
}

/** A CPU session for a model that runs once (a constant pass): as it is, since optimising it would cost more than it saves. */
export function createOneOffSession(modelPath: string, threads: number): OnnxSession {
  const session = new (runtime().binding.InferenceSession)();
  session.loadModel(modelPath, sessionOptions(threads, 'basic'));
  return session;
}

/** A session that writes its profile when disposed. */
function profiled(session: BindingSession): OnnxSession {
  return {
    run: (feeds, fetches, options) => session.run(feeds, fetches, options),
    dispose: () => {
      session.endProfiling();
      session.dispose();
    },
  };
}
