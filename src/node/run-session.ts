import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadGraph } from '../core/graph/load';
import { GraphError } from '../core/graph/problems';
import type { Graph } from '../core/graph/types';
import type { Plan, PlannedNode } from '../core/compile/plan';
import type { EvaluationPlan } from '../core/compile/evaluation-plan';
import { runPlan, type PreviewEvent, type ProgressEvent, type RunEnvironment, type RunResult, type RunStart } from '../core/run/executor';
import { evaluateOnce, type Evaluation } from '../core/run/evaluate-once';
import { TargetCache } from '../core/run/target-cache';
import { LossRecorder } from '../core/history/loss-recorder';
import type { VggNetwork } from '../core/model/vgg-network';
import type { VggWeightSet } from '../core/model/weights';
import type { FaceModels } from '../core/face/face-models';
import type { LabelledFile } from '../core/face/labelled-files';
import type { RawImage } from '../core/image/raw-image';
import { usesFaceModels } from '../core/nodes/face-usage';
import { resolveBackend, useBackend, defaultWasmThreads, type CliBackend, type NodeBackend } from './backend';
import { vggNetworkFor } from './vgg-network-for';
import { readFaceModelFiles } from './face-files';
import { hostMemoryBudget } from './memory-budget';

/** Reads and checks a graph file: one GraphError listing its problems, or an error naming the file it cannot read. */
export async function readGraphFile(path: string, shownAs: string): Promise<Graph> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new Error(`cannot read graph file ${shownAs}: ${e.message}`);
  });
  const loaded = loadGraph(text, { fileName: basename(path) });
  if (!loaded.graph || loaded.problems.length) throw new GraphError(loaded.problems, shownAs);
  return loaded.graph;
}

export interface SessionOptions {
  /** The backend asked for: auto resolves here (onnx where onnxruntime's library loads, else wasm), said on `log`. */
  readonly backend: CliBackend;
  /** The VGG-19 weights, asked for once, the first time a graph needs them. */
  readonly weights: (signal: AbortSignal) => Promise<VggWeightSet>;
  readonly log: (line: string) => void;
  /** webgpu: refuse a software adapter (the editor's engine). */
  readonly hardwareGpu?: boolean;
}

/** Where a run reads its files: image.load paths (and face.database folders) as the graph writes them. */
export interface SessionFiles {
  readImage(path: string): Promise<RawImage>;
  readFolder?(path: string): Promise<readonly LabelledFile[]>;
}

export interface SessionRunOptions {
  readonly signal: AbortSignal;
  readonly onStart?: (event: RunStart) => void;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly onPreview?: (event: PreviewEvent) => void;
  /** Names the graph in errors. */
  readonly source?: string;
}

/** A run that ended (done or cancelled), with what its record needs. */
export interface SessionRun {
  readonly started: Date;
  readonly result: RunResult;
  readonly recorder: LossRecorder;
  readonly model: VggNetwork;
  readonly faceModels: FaceModels | undefined;
}

/**
 * One run session: what every way of running a graph in Node does around the executor, written
 * once for `stylegraph run`, `sweep`, the one-shot evaluation and the editor's engine process:
 * the backend (resolved and started), the VGG-19 network and face models (loaded once, on first
 * need), one target cache (a later run reuses the targets an earlier one computed), the memory
 * budget, and a loss recorder per run.
 */
export class RunSession {
  readonly cache = new TargetCache();
  private model: Promise<VggNetwork> | undefined;
  private faceModels: Promise<FaceModels> | undefined;
  private readonly memoryBudget = hostMemoryBudget();

  private constructor(readonly backend: NodeBackend, readonly threads: number, private readonly options: SessionOptions) {}

  /** Resolves and starts the backend (tfjs's backend is one per process). */
  static async start(options: SessionOptions): Promise<RunSession> {
    const backend = resolveBackend(options.backend, options.log);
    await useBackend(backend, { hardwareGpu: options.hardwareGpu === true });
    const threads = backend === 'wasm' || backend === 'onnx' ? defaultWasmThreads() : 1;
    return new RunSession(backend, threads, options);
  }

  /** The VGG-19 network of this session's backend, loaded the first time it is asked for. */
  network(signal: AbortSignal): Promise<VggNetwork> {
    if (!this.model) {
      this.model = this.options.weights(signal).then((weights) => vggNetworkFor(this.backend, weights));
      this.model.catch(() => (this.model = undefined));
    }
    return this.model;
  }

  /** face-api's networks when `graph` has face nodes (read once), else undefined. */
  faces(graph: Graph): Promise<FaceModels | undefined> {
    if (!usesFaceModels(graph)) return Promise.resolve(undefined);
    if (!this.faceModels) {
      this.faceModels = readFaceModelFiles();
      this.faceModels.catch(() => (this.faceModels = undefined));
    }
    return this.faceModels;
  }

  /** Loads what a run of `graph` needs (the weights, the face models), so that a run started later does not wait for them. */
  async prepare(graph: Graph, signal: AbortSignal): Promise<void> {
    await Promise.all([this.network(signal), this.faces(graph)]);
  }

  /** What the executor runs `graph` with: this session's network, face models, target cache and memory budget, and `readImage`. */
  async environment(graph: Graph, readImage: (path: string) => Promise<RawImage>, signal: AbortSignal): Promise<RunEnvironment & { readonly faceModels?: FaceModels }> {
    const faceModels = await this.faces(graph);
    const model = await this.network(signal);
    signal.throwIfAborted();
    return { model, ...(faceModels && { faceModels }), cache: this.cache, readImage, memoryBudget: this.memoryBudget };
  }

  /** Runs an optimizer's plan, recording its losses. */
  async run(plan: Plan, files: SessionFiles, options: SessionRunOptions): Promise<SessionRun> {
    const env = await this.environment(plan.graph, (path) => files.readImage(path), options.signal);
    const recorder = new LossRecorder(plan.loss.id, plan.reported);
    const started = new Date();
    const onProgress = (e: ProgressEvent) => {
      recorder.add(e);
      options.onProgress?.(e);
    };
    const result = await runPlan(plan, env, { signal: options.signal, onStart: options.onStart, onProgress, onPreview: options.onPreview, source: options.source });
    return { started, result, recorder, model: env.model, faceModels: env.faceModels };
  }

  /** Evaluates a graph without an optimizer once; the weights load only when it has VGG-19 nodes. */
  async evaluate(plan: EvaluationPlan, files: SessionFiles, signal: AbortSignal, keep?: (node: PlannedNode) => boolean): Promise<Evaluation> {
    const faceModels = await this.faces(plan.graph);
    const model = plan.nodes.some((p) => p.def.role === 'features') ? await this.network(signal) : undefined;
    signal.throwIfAborted();
    return evaluateOnce(plan, { model, faceModels, readImage: (path) => files.readImage(path), ...(files.readFolder && { readFolder: (path: string) => files.readFolder!(path) }), ...(keep && { keep }) });
  }

  /** Frees the targets and the network's weights. */
  async dispose(): Promise<void> {
    this.cache.clear();
    const model = this.model;
    this.model = undefined;
    (await model?.catch(() => undefined))?.dispose();
  }
}
