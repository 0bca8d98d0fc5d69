/**
 * The webview engine (`stylegraph.engine: webview`): runs on the page's own tfjs, for a local GPU
 * when the host is remote. Its VGG-19 model (vgg-weights.ts) and face models, one TargetCache so
 * re-runs reuse the constant targets, and the last run to look inside. A graph without an
 * optimizer is evaluated once (core's evaluateOnce, as the CLI does).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runPlan, type RunResult } from '../src/core/run/executor';
import { loopPlacement } from '../src/core/run/loop-placement';
import { TargetCache } from '../src/core/run/target-cache';
import type { VggModel } from '../src/core/model/vgg-model';
import type { FaceModels } from '../src/core/face/face-models';
import { usesFaceModels } from '../src/core/nodes/face-usage';
import type { LabelledFile } from '../src/core/face/labelled-files';
import type { RawImage } from '../src/core/image/raw-image';
import type { Plan } from '../src/core/compile/plan';
import type { EvaluationPlan } from '../src/core/compile/evaluation-plan';
import { evaluateOnce } from '../src/core/run/evaluate-once';
import { nodeValue, type InspectSource } from '../src/core/inspect/node-value';
import { inspectedValue, type InspectedValue } from '../src/core/inspect/inspected-value';
import { cropsOf, keptDisplay, showsValue } from '../src/core/inspect/kept-values';
import type { FaceModelsFolder } from '../src/core/protocol/messages';
import { readFaceModelsFrom } from './face-model-folder';
import { loadVggModel } from './vgg-weights';
import type { StartedBackend } from './backend-start';
import { engineWatchers, runOutputs, type FinishedEvaluation, type FinishedRun, type RunCallbacks, type RunEngine } from './run-engine';

type Weights = { modelJsonUri: string; source: string };

/** What the webview engine asks of the page: the weights (from the host), the backend to start, the graph's files. */
export interface WebviewEngineInputs {
  readonly weights: () => Promise<Weights>;
  readonly startBackend: () => Promise<StartedBackend>;
  readonly readImage: (path: string) => Promise<RawImage>;
  readonly readFolder: (path: string) => Promise<readonly LabelledFile[]>;
}

/** A finished run of this engine: what it shows, and what looking inside it computes from. */
type KeptRun = FinishedRun & InspectSource;

/** One editor's webview engine: its weights, its cache, its current run. */
export class EditorRunner implements RunEngine {
  readonly kind = 'webview' as const;
  /** face-api's weights: the extension's dist/face-models/, as the host's init message names it. */
  faceModelsFolder: FaceModelsFolder | undefined;
  private readonly cache = new TargetCache();
  private finished: KeptRun | undefined;
  private evaluation: FinishedEvaluation | undefined;
  private model: { uri: string; model: Promise<VggModel> } | undefined;
  private faceModels: Promise<FaceModels> | undefined;
  private abort: AbortController | undefined;
  /** The backend the model's and the cache's tensors live on. */
  private backend: string | undefined;

  constructor(private readonly inputs: WebviewEngineInputs) {}

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Loads (once per URI) the VGG-19 weights of a tfjs model.json and its shards. */
  private loadModel(weights: Weights): Promise<VggModel> {
    if (this.model?.uri !== weights.modelJsonUri) {
      const old = this.model;
      this.model = {
        uri: weights.modelJsonUri,
        model: (async () => {
          (await old?.model.catch(() => undefined))?.dispose();
          return loadVggModel(weights.modelJsonUri, weights.source);
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
    engineWatchers.forEach((w) => w(this));
    return abort;
  }

  private end(): void {
    this.abort = undefined;
    engineWatchers.forEach((w) => w(this));
  }

  /** Starts the backend; a different one than last time drops the models and the cache, whose tensors live on the old one. */
  private async startBackend(callbacks: Pick<RunCallbacks, 'onBackend'>): Promise<void> {
    const started = await this.inputs.startBackend();
    callbacks.onBackend(started.name, started.threads ?? 1);
    if (this.backend === tf.getBackend()) return;
    this.cache.clear();
    void this.model?.model.then((m) => m.dispose(), () => undefined);
    this.model = undefined;
    this.faceModels = undefined;
    this.backend = tf.getBackend();
  }

  async run(plan: Plan, callbacks: RunCallbacks): Promise<RunResult> {
    const weights = await this.inputs.weights();
    await this.startBackend(callbacks);
    const abort = this.begin();
    const files = new Map<string, RawImage>();
    try {
      callbacks.onStage('loading');
      const model = await this.loadModel(weights);
      const faceModels = usesFaceModels(plan.graph) ? await this.loadFaceModels() : undefined;
      let started = false;
      const running = () => {
        if (!started) callbacks.onStage('running');
        started = true;
      };
      const readImage = async (path: string) => {
        const image = await this.inputs.readImage(path);
        files.set(path, image);
        return image;
      };
      const result = await runPlan(plan, { model, faceModels, readImage, cache: this.cache }, {
        signal: abort.signal,
        source: 'graph',
        onStart: (start) => callbacks.onLoop?.(start.nativeLoop, loopPlacement(tf.getBackend(), start)),
        onProgress: (e) => {
          running();
          callbacks.onProgress(e);
        },
        onPreview: (e) => {
          running();
          callbacks.onPreview(e);
        },
      });
      const source: InspectSource = { plan, model, files, generated: result.image, iteration: result.iterations, ...(faceModels && { faceModels }) };
      this.finished = { ...source, outputs: runOutputs(plan, result), crops: await cropsOf(source) };
      return result;
    } finally {
      this.end();
    }
  }

  /** Stop cannot interrupt an evaluation; a stopped evaluation's results are dropped (undefined). */
  async evaluate(plan: EvaluationPlan, callbacks: Pick<RunCallbacks, 'onBackend'>): Promise<FinishedEvaluation | undefined> {
    await this.startBackend(callbacks);
    const abort = this.begin();
    try {
      const needsModel = plan.nodes.some((p) => p.def.role === 'features');
      const model = needsModel ? await this.loadModel(await this.inputs.weights()) : undefined;
      const faceModels = usesFaceModels(plan.graph) ? await this.loadFaceModels() : undefined;
      const { results, kept, seconds } = await evaluateOnce(plan, { model, faceModels, readImage: this.inputs.readImage, readFolder: this.inputs.readFolder, keep: (p) => showsValue(p.def) });
      const { images, scalars } = await keptDisplay(kept);
      if (abort.signal.aborted) return undefined;
      this.evaluation = { results, images, scalars, seconds };
      return this.evaluation;
    } finally {
      this.end();
    }
  }

  async inspect(nodeId: string, channels?: readonly number[]): Promise<InspectedValue> {
    if (!this.finished) throw new Error('Run the graph to look inside this node.');
    const value = nodeValue(this.finished, nodeId);
    try {
      return await inspectedValue(value, channels);
    } finally {
      value.tensor.dispose();
    }
  }

  get lastRun(): FinishedRun | undefined {
    return this.finished;
  }

  get lastEvaluation(): FinishedEvaluation | undefined {
    return this.evaluation;
  }

  stop(): void {
    this.abort?.abort();
  }
}
