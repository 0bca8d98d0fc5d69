/**
 * Runs a graph in the webview with the shared core: starts the tfjs backend the user chose (auto:
 * a hardware webgpu, a hardware webgl, wasm, cpu; a software GPU never beats wasm), loads the
 * weights from the URIs the host gives, decodes images with a 2D canvas, and keeps one TargetCache
 * per editor so re-runs reuse the constant targets. A graph without an optimizer is evaluated
 * once (core's evaluateOnce, as the CLI does).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { runPlan, type PreviewEvent, type ProgressEvent, type RunResult } from '../src/core/run/executor';
import { TargetCache } from '../src/core/run/target-cache';
import { readTfjsWeights } from '../src/core/model/tfjs-weights';
import { VggModel } from '../src/core/model/vgg-model';
import type { FaceModels } from '../src/core/face/face-models';
import { usesFaceModels } from '../src/core/nodes/face-usage';
import type { LabelledFile } from '../src/core/face/labelled-files';
import { tensorToRaw, type RawImage } from '../src/core/image/raw-image';
import type { Plan, PlannedNode } from '../src/core/compile/plan';
import type { EvaluationPlan } from '../src/core/compile/evaluation-plan';
import { evaluateOnce, type EvaluationResult } from '../src/core/run/evaluate-once';
import { nodeValue, type InspectSource } from '../src/core/inspect/node-value';
import type { BackendChoice, FaceModelsFolder } from '../src/core/protocol/messages';
import { backendsToTry, isSoftwareAdapter, type BackendName } from './backend-choice';
import { readFaceModelsFrom } from './face-model-folder';

/** The backend a run got, and for wasm its thread count (1 unless the page is cross-origin isolated). */
export interface StartedBackend {
  readonly name: BackendName;
  readonly threads?: number;
}

let wasmPathsSet = false;

/** Starts the first backend of the choice that works here; auto skips software GPUs (named on the console). */
export async function startBackend(choice: BackendChoice, wasmBaseUri: string | undefined): Promise<StartedBackend> {
  tf.enableProdMode();
  if (wasmBaseUri && !wasmPathsSet) {
    setWasmPaths(wasmBaseUri.endsWith('/') ? wasmBaseUri : `${wasmBaseUri}/`);
    wasmPathsSet = true;
  }
  const failures: string[] = [];
  for (const name of backendsToTry(choice)) {
    const why = await unusable(name, choice === 'auto', wasmBaseUri);
    if (why) {
      failures.push(`${name}: ${why}`);
      console.info(`stylegraph: backend ${name} skipped: ${why}`);
      continue;
    }
    try {
      if (tf.getBackend() === name || (await tf.setBackend(name))) {
        await tf.ready();
        return { name, ...(name === 'wasm' && { threads: getThreadsCount() }) };
      }
      failures.push(`${name}: did not start`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`the ${choice === 'auto' ? 'TensorFlow.js backends' : `"${choice}" backend`} could not start in this webview (${failures.join('; ')})`);
}

/** Why a backend cannot or (auto) should not run here; undefined when it may. */
async function unusable(name: BackendName, auto: boolean, wasmBaseUri: string | undefined): Promise<string | undefined> {
  if (name === 'wasm') return wasmBaseUri ? undefined : 'no wasm files';
  if (name === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } }).gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    if (!adapter) return 'no WebGPU adapter';
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined));
    const facts = { isFallbackAdapter: adapter.isFallbackAdapter ?? info?.isFallbackAdapter, names: [info?.vendor, info?.architecture, info?.device, info?.description] };
    return auto && isSoftwareAdapter(facts) ? `a software adapter (${facts.names.filter(Boolean).join(' ') || 'fallback'})` : undefined;
  }
  if (name === 'webgl') {
    const renderer = webglRenderer();
    if (renderer === undefined) return 'no WebGL 2';
    return auto && isSoftwareAdapter({ names: [renderer] }) ? `a software renderer (${renderer})` : undefined;
  }
  return undefined;
}

interface GpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuAdapter {
  readonly isFallbackAdapter?: boolean;
  readonly info?: GpuAdapterInfo;
  requestAdapterInfo?(): Promise<GpuAdapterInfo>;
}

/** The WebGL 2 renderer's name (unmasked where the browser allows), or undefined without WebGL 2. */
function webglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return undefined;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/** Fetches bytes of a webview URI. */
async function fetchBytes(uri: string): Promise<Uint8Array> {
  const response = await fetch(uri);
  if (!response.ok) throw new Error(`${uri}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Decodes a PNG/JPEG at a webview URI to RGBA pixels with a 2D canvas. */
export async function decodeImage(uri: string): Promise<RawImage> {
  const blob = await (await fetch(uri)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  return { width: canvas.width, height: canvas.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Draws RGBA pixels on a 2D canvas, sized to the image. */
export function drawImage(canvas: HTMLCanvasElement, image: RawImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d')!;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

/** PNG bytes of RGBA pixels. */
export async function encodePng(image: RawImage): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  drawImage(canvas, image);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode a PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

export interface RunCallbacks {
  readonly onStage: (stage: 'loading' | 'running') => void;
  readonly onProgress: (event: ProgressEvent) => void;
  readonly onPreview: (event: PreviewEvent) => void;
  /** The computed nodes (not outputs) whose image the run hands back when it ends: face crops. */
  readonly keep: (node: PlannedNode) => boolean;
}

/** What a finished run leaves for looking inside it afterwards (inspect-panel.ts, inspect-thumbnails.ts). */
export interface FinishedRun extends InspectSource {
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
  private finished: FinishedRun | undefined;
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
          const json = new TextDecoder().decode(await fetchBytes(modelJsonUri));
          const set = await readTfjsWeights(json, (path) => fetchBytes(new URL(path, modelJsonUri).toString()), source);
          return new VggModel(set);
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
  get lastRun(): FinishedRun | undefined {
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
