/**
 * One editor's runner in the webview, on the shared core and the backend tfjs has now
 * (backend-start.ts): its VGG-19 model (vgg-weights.ts) and face models, one TargetCache so re-runs
 * reuse the constant targets, its current run, and what the last run or evaluation left to show.
 * A graph without an optimizer is evaluated once (core's evaluateOnce, as the CLI does).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runPlan, type PreviewEvent, type ProgressEvent, type RunResult } from '../src/core/run/executor';
import { TargetCache } from '../src/core/run/target-cache';
import type { VggModel } from '../src/core/model/vgg-model';
import type { FaceModels } from '../src/core/face/face-models';
import { usesFaceModels } from '../src/core/nodes/face-usage';
import type { LabelledFile } from '../src/core/face/labelled-files';
import { tensorToRaw, type RawImage } from '../src/core/image/raw-image';
import type { Plan, PlannedNode } from '../src/core/compile/plan';
import type { EvaluationPlan } from '../src/core/compile/evaluation-plan';
import { evaluateOnce, type EvaluationResult } from '../src/core/run/evaluate-once';
import { nodeValue, type InspectSource } from '../src/core/inspect/node-value';
import type { FaceModelsFolder } from '../src/core/protocol/messages';
import { readFaceModelsFrom } from './face-model-folder';
import { loadVggModel } from './vgg-weights';

export interface RunCallbacks {
  readonly onStage: (stage: 'loading' | 'running') => void;
  readonly onProgress: (event: ProgressEvent) => void;
  readonly onPreview: (event: PreviewEvent) => void;
  /** The computed nodes (not outputs) whose image the run hands back when it ends: face crops. */
  readonly keep: (node: PlannedNode) => boolean;
}

/** What a finished run leaves for looking inside it afterwards (inspect-panel.ts, inspect-thumbnails.ts). */
export interface InspectableRun extends InspectSource {
  /** Each image.output node's image: the run's, or (stopped early) the generated image for those the optimizer feeds. */
  readonly outputs: ReadonlyMap<string, RawImage>;
  /** The images of the nodes RunCallbacks.keep asked for, computed from what the run left, or why there is none. */
  readonly crops: ReadonlyMap<string, RawImage | string>;
}

/** What an evaluation (a graph without an optimizer) leaves to show on the nodes. */
export interface FinishedEvaluation {
  readonly results: readonly EvaluationResult[];
  /** The images of the kept nodes whose value is an image (face crops), by node id. */
  readonly images: ReadonlyMap<string, RawImage>;
  /** The values of the kept nodes whose value is a scalar (distances), by node id. */
  readonly scalars: ReadonlyMap<string, number>;
  readonly seconds: number;
}

/** Where an evaluation reads what it needs; the VGG-19 weights are asked for only when the graph has VGG nodes. */
export interface EvaluationInputs {
  readonly weights: () => Promise<{ modelJsonUri: string; source: string }>;
  readonly readImage: (path: string) => Promise<RawImage>;
  readonly readFolder: (path: string) => Promise<readonly LabelledFile[]>;
  /** The nodes whose values the evaluation hands back (image and scalar values are kept). */
  readonly keep: (node: PlannedNode) => boolean;
}

/** One editor's runner: its weights, its cache, its current run. */
export class EditorRunner {
  /** Told when any runner's run starts or ends (the page has one runner; its views watch it here). */
  static readonly watchers = new Set<(runner: EditorRunner) => void>();
  /** face-api's weights: the extension's dist/face-models/, as the host's init message names it. */
  faceModelsFolder: FaceModelsFolder | undefined;
  private readonly cache = new TargetCache();
  private finished: InspectableRun | undefined;
  private evaluation: FinishedEvaluation | undefined;
  private model: { uri: string; model: Promise<VggModel> } | undefined;
  private faceModels: Promise<FaceModels> | undefined;
  private abort: AbortController | undefined;
  /** The backend the model's and the cache's tensors live on. */
  private backend: string | undefined;

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Loads (once per URI) the VGG-19 weights of a tfjs model.json and its shards. */
  private loadModel(modelJsonUri: string, source: string): Promise<VggModel> {
    if (this.model?.uri !== modelJsonUri) {
      const old = this.model;
      this.model = {
        uri: modelJsonUri,
        model: (async () => {
          (await old?.model.catch(() => undefined))?.dispose();
          return loadVggModel(modelJsonUri, source);
        })(),
      };
      this.model.model.catch(() => (this.model = undefined));
    }
    return this.model.model;
  }

  /** Loads (once per backend) face-api's weights from the extension's dist/face-models/. */
  private loadFaceModels(): Promise<FaceModels> {
    if (!this.faceModels) {
      this.faceModels = readFaceModelsFrom(this.faceModelsFolder);
      this.faceModels.catch(() => (this.faceModels = undefined));
    }
    return this.faceModels;
  }

  /** Marks a run or evaluation as going (its views are told) and forgets the last one's results. */
  private begin(): AbortController {
    if (this.abort) throw new Error('a run is going already');
    const abort = new AbortController();
    this.abort = abort;
    this.finished = undefined;
    this.evaluation = undefined;
    EditorRunner.watchers.forEach((w) => w(this));
    return abort;
  }

  private end(): void {
    this.abort = undefined;
    EditorRunner.watchers.forEach((w) => w(this));
  }

  /** On the backend tfjs has now (startBackend): a different one than last time drops the models and the cache, whose tensors live on the old one. */
  private followBackend(): void {
    if (this.backend === tf.getBackend()) return;
    this.cache.clear();
    void this.model?.model.then((m) => m.dispose(), () => undefined);
    this.model = undefined;
    this.faceModels = undefined;
    this.backend = tf.getBackend();
  }

  /** Runs an optimizer's plan on the backend tfjs has now (startBackend). */
  async run(plan: Plan, weights: { modelJsonUri: string; source: string }, readImage: (path: string) => Promise<RawImage>, callbacks: RunCallbacks): Promise<RunResult> {
    const abort = this.begin();
    const files = new Map<string, RawImage>();
    try {
      this.followBackend();
      callbacks.onStage('loading');
      const model = await this.loadModel(weights.modelJsonUri, weights.source);
      const faceModels = usesFaceModels(plan.graph) ? await this.loadFaceModels() : undefined;
      let started = false;
      const read = async (path: string) => {
        const image = await readImage(path);
        files.set(path, image);
        return image;
      };
      const result = await runPlan(plan, { model, faceModels, readImage: read, cache: this.cache }, {
        signal: abort.signal,
        source: 'graph',
        onProgress: (e) => {
          if (!started) {
            started = true;
            callbacks.onStage('running');
          }
          callbacks.onProgress(e);
        },
        onPreview: callbacks.onPreview,
      });
      const outputs = new Map(result.outputs.map((o) => [o.nodeId, o.image]));
      for (const p of plan.outputs) if (!outputs.has(p.node.id) && p.inputs.get('image')?.[0]?.node === plan.optimizer) outputs.set(p.node.id, result.image);
      const source: InspectSource = { plan, model, files, generated: result.image, iteration: result.iterations, ...(faceModels && { faceModels }) };
      this.finished = { ...source, outputs, crops: await cropsOf(source, callbacks.keep) };
      return result;
    } finally {
      this.end();
    }
  }

  /**
   * Evaluates a graph without an optimizer once (core's evaluateOnce, as `stylegraph run` does) on
   * the backend tfjs has now, and keeps its results, face crops and scalars for the nodes to show.
   * Stop cannot interrupt it; a stopped evaluation's results are dropped (undefined).
   */
  async evaluate(plan: EvaluationPlan, inputs: EvaluationInputs): Promise<FinishedEvaluation | undefined> {
    const abort = this.begin();
    try {
      this.followBackend();
      const needsModel = plan.nodes.some((p) => p.def.role === 'features');
      const weights = needsModel ? await inputs.weights() : undefined;
      const model = weights && (await this.loadModel(weights.modelJsonUri, weights.source));
      const faceModels = usesFaceModels(plan.graph) ? await this.loadFaceModels() : undefined;
      const { results, kept, seconds } = await evaluateOnce(plan, { model, faceModels, readImage: inputs.readImage, readFolder: inputs.readFolder, keep: inputs.keep });
      const images = new Map<string, RawImage>();
      const scalars = new Map<string, number>();
      try {
        for (const [id, value] of kept) {
          if (value.type === 'image') images.set(id, await tensorToRaw(value.tensor));
          if (value.type === 'scalar') scalars.set(id, (await value.tensor.data())[0]!);
        }
      } finally {
        for (const value of kept.values()) value.tensor.dispose();
      }
      if (abort.signal.aborted) return undefined;
      this.evaluation = { results, images, scalars, seconds };
      return this.evaluation;
    } finally {
      this.end();
    }
  }

  /** The last run, once it has ended (undefined while one runs, or when the last one failed). */
  get lastRun(): InspectableRun | undefined {
    return this.finished;
  }

  /** The last evaluation, once it has ended (undefined while one runs, or when the last one failed or was a run). */
  get lastEvaluation(): FinishedEvaluation | undefined {
    return this.evaluation;
  }

  stop(): void {
    this.abort?.abort();
  }

  /** Targets kept for the next run (tests read it through the status). */
  get cachedTargets(): number {
    return this.cache.size;
  }
}

/** The images of the planned nodes `keep` asks for (an image output of their own, not image.output's), from a finished run. */
async function cropsOf(source: InspectSource, keep: (node: PlannedNode) => boolean): Promise<Map<string, RawImage | string>> {
  const crops = new Map<string, RawImage | string>();
  for (const p of [...source.plan.constants, ...source.plan.loop].filter((q) => keep(q) && q.def.role !== 'output' && q.def.outputs[0]?.type === 'image')) {
    try {
      const value = nodeValue(source, p.node.id);
      try {
        if (value.type === 'image') crops.set(p.node.id, await tensorToRaw(value.tensor));
      } finally {
        value.tensor.dispose();
      }
    } catch (e) {
      crops.set(p.node.id, (e as Error).message);
    }
  }
  return crops;
}
