/**
 * Runs, stops and saves: asks the host for the weights on Run, applies the toolbar's run size,
 * starts the chosen backend, requests images, shows progress, previews and the chart. A graph
 * without an optimizer is evaluated once instead: its results show on its nodes (evaluation-marks.ts).
 */
import type { Problem } from '../src/core/graph/problems';
import { compile } from '../src/core/compile/plan';
import { compileEvaluation, isEvaluationGraph } from '../src/core/compile/evaluation-plan';
import type { LabelledFile } from '../src/core/face/labelled-files';
import { applyOverrides } from '../src/core/graph/overrides';
import { writeCanonical } from '../src/core/graph/canonical';
import { LossRecorder } from '../src/core/history/loss-recorder';
import { runInfo } from '../src/core/history/run-info';
import type { RawImage } from '../src/core/image/raw-image';
import { isBackendChoice, type EngineSetting, type FaceModelsFolder, type RecordedInfo, type WebviewMessage } from '../src/core/protocol/messages';
import { isEngineBackend, type EngineEvent } from '../src/core/protocol/engine-messages';
import type { Graph } from '../src/core/graph/types';
import type { RunResult } from '../src/core/run/executor';
import type { Banners } from './banners';
import type { DocumentSync } from './document-sync';
import type { LossChart } from './loss-chart';
import { plottedTerms } from '../src/core/compile/plotted-terms';
import type { Previews } from './previews';
import { EditorRunner } from './runner';
import { HostEngine, EngineJobError } from './host-engine';
import type { FinishedEvaluation, RunEngine } from './run-engine';
import { decodeImage, drawImage, encodePng } from './browser-images';
import { startBackend } from './backend-start';
import { HostRequests } from './host-requests';
import type { Toolbar } from './toolbar';
import { runSize } from './ui-state';
import { isFrameGraph } from '../src/core/run/frame-loop';
import type { Plan } from '../src/core/compile/plan';
import type { FrameStrip } from './frame-strip';
import { runFrameGraph } from './frame-run';

type Weights = { modelJsonUri: string; source: string };

/** A run that ended (done or stopped) and what its record (run.json) says of it. */
export interface RecordedRun {
  /** A frame run's: its last finished frame's image, its frames' iterations together. */
  readonly result: Pick<RunResult, 'status' | 'image' | 'iterations' | 'seconds'>;
  readonly info: RecordedInfo;
}

/** The key the weights request waits under (the host's `weights` and `weightsError` carry no request id). */
const WEIGHTS_REQUEST = 'weights';

/** The host found no weights: it has shown its own notification with the buttons that fix it. */
class WeightsMissing extends Error {}

export interface RunViews {
  toolbar: Toolbar;
  banners: Banners;
  previews: Previews;
  chart: LossChart;
  doc: DocumentSync;
  strip: FrameStrip;
}

export class RunController {
  wasmBaseUri: string | undefined;
  private trusted = true;
  private weights: Weights | undefined;
  /** The weights error #message shows, if it shows one (cleared when the weights come). */
  private weightsErrorShown: string | undefined;
  private lastImage: RawImage | undefined;
  /** What the page waits on from the host: the weights, images and folders. */
  private readonly requests = new HostRequests();
  private engine: RunEngine;
  private readonly hostEngine: HostEngine;
  private readonly webviewEngine: EditorRunner;
  /** From Run until the run or evaluation has ended (weights, backend, queue included): Run stays disabled. */
  private starting = false;
  /** A sweep is running its runs one after another: Run stays disabled between them. */
  sweeping = false;

  constructor(private readonly views: RunViews, private readonly post: (message: WebviewMessage) => void) {
    this.hostEngine = new HostEngine(post, () => {
      const choice = views.toolbar.backendChoice();
      return isEngineBackend(choice) ? choice : 'auto';
    });
    this.webviewEngine = new EditorRunner({
      weights: () => this.requestWeights(),
      startBackend: () => {
        const choice = views.toolbar.backendChoice();
        return startBackend(isBackendChoice(choice) ? choice : 'auto', this.wasmBaseUri);
      },
      readImage: (path) => this.readImage(path),
      readFolder: (path) => this.readFolder(path),
    });
    this.engine = this.hostEngine;
  }

  /** The `stylegraph.engine` setting: where the next run computes (a run going now finishes where it is). */
  setEngine(engine: EngineSetting): void {
    this.engine = engine === 'host' ? this.hostEngine : this.webviewEngine;
  }

  get engineKind(): EngineSetting {
    return this.engine.kind;
  }

  /** An event of a host engine job. */
  engineEvent(job: number, event: EngineEvent): void {
    this.hostEngine.receive(job, event);
  }

  /** The engine runs go to (the Look inside panel asks it for node values). */
  get currentEngine(): RunEngine {
    return this.engine;
  }

  /** The host's weights: the answer to a Run's request, or new ones after a settings change. */
  setWeights(weights: Weights): void {
    this.weights = weights;
    this.requests.answer(WEIGHTS_REQUEST, weights);
    if (this.weightsErrorShown !== undefined && this.views.banners.message.textContent === this.weightsErrorShown) {
      this.views.banners.showMessage('');
      this.views.toolbar.setRunState('idle', 'weights ready');
    }
    this.weightsErrorShown = undefined;
  }

  setWeightsError(message: string): void {
    this.weights = undefined;
    this.requests.fail(WEIGHTS_REQUEST, new WeightsMissing(message));
    this.weightsErrorShown = message;
    this.views.banners.showMessage(message);
  }

  /** The weights, asked of the host on the first Run (it may download them, with its own progress and cancel). */
  private requestWeights(): Promise<Weights> {
    if (this.weights) return Promise.resolve(this.weights);
    return this.requests.request<Weights>(() => this.post({ type: 'requestWeights' }), WEIGHTS_REQUEST);
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (!trusted) this.engine.stop();
    this.updateButtons();
  }

  /** The host's answer to a resolveImage or readFolder request (imageResolved, folderRead). */
  answered(requestId: number, value: unknown): void {
    this.requests.answer(requestId, value);
  }

  /** The host's refusal of a resolveImage or readFolder request (imageError, folderError). */
  failed(requestId: number, message: string): void {
    this.requests.fail(requestId, new Error(message));
  }

  /** Where face-api's weights are (the host's init message). */
  setFaceModels(folder: FaceModelsFolder): void {
    this.webviewEngine.faceModelsFolder = folder;
  }

  updateButtons(): void {
    const { doc, toolbar, banners } = this.views;
    toolbar.updateButtons({ trusted: this.trusted, valid: doc.parsed && doc.problems.length === 0, running: this.engine.running || this.starting || this.sweeping, hasImage: this.lastImage !== undefined, editable: doc.editable });
    banners.showTrust(this.trusted);
  }

  /** Run: the document's graph (evaluated once when it has no optimizer). */
  async run(): Promise<void> {
    const { doc, toolbar } = this.views;
    if (!doc.graph || toolbar.runButton.disabled) return;
    if (isEvaluationGraph(doc.graph)) await this.evaluateGraph(doc.graph);
    else await this.runGraph(doc.graph);
  }

  /**
   * Runs `graph` at the toolbar's run size with live progress, previews and chart, and has the host
   * record it. Returns the result and its run.json fields; undefined when it did not start or
   * failed (the error is shown).
   */
  async runGraph(graph: Graph): Promise<RecordedRun | undefined> {
    const { toolbar, previews, chart } = this.views;
    const started = performance.now();
    const startedAt = new Date();
    const size = runSize(toolbar.runSize());
    const g = size ? applyOverrides(graph, { size }) : graph;
    return this.guarded(async () => {
      const plan = compile(g);
      if (isFrameGraph(plan)) return this.runFrames(graph, plan, startedAt);
      this.views.strip.clear();
      const lossIds = plottedTerms(plan);
      const totalId = plan.loss.id;
      const fed = new Set(plan.outputs.filter((p) => p.inputs.get('image')?.[0]?.node === plan.optimizer).map((p) => p.node.id));
      const outs = previews.outputCanvases(g);
      const recorder = new LossRecorder(plan.loss.id, plan.reported);
      chart.reset();
      toolbar.startProgress(Number(plan.optimizer.params.iterations));
      delete previews.preview.dataset.msFromRun;
      const result = await this.engine.run(plan, {
        onStage: (stage) => toolbar.setRunState(stage, stage === 'loading' ? 'loading weights, images and targets' : 'running'),
        onBackend: (backend, threads) => this.showBackend(backend, threads),
        onLoop: (nativeLoop, placement) => toolbar.setLoop(nativeLoop, placement),
        onQueued: (behind) => toolbar.setRunState('loading', `queued behind ${behind}`),
        onProgress: (e) => {
          if (e.scale > 1 && e.iteration === (e.iterations / e.scales) * (e.scale - 1) + 1) chart.markScale(e.iteration);
          toolbar.showProgress(e.iteration, e.iterations, e.ms);
          recorder.add(e);
          chart.addPoint(e.iteration, e.losses, totalId, lossIds);
        },
        onPreview: (e) => {
          previews.preview.dataset.msFromRun ??= String(Math.round(performance.now() - started));
          this.lastImage = e.image;
          previews.show(e.image, e.iteration);
          for (const [id, c] of outs) if (fed.has(id)) drawImage(c, e.image);
        },
      });
      this.lastImage = result.image;
      previews.show(result.image, result.iterations);
      for (const o of result.outputs) {
        const c = outs.get(o.nodeId);
        if (c) drawImage(c, o.image);
      }
      for (const [id, c] of outs) if (fed.has(id) && result.status !== 'done') drawImage(c, result.image);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      toolbar.setRunState(result.status, result.status === 'done' ? `done: ${result.iterations} iterations in ${seconds} s` : `stopped after ${result.iterations} iterations`);
      const info = runInfo(plan, { started: startedAt, backend: toolbar.backend() ?? 'unknown', result, recorder });
      // The graph as it was (a sweep's values in it), not the toolbar's run size: Restore gives it back as it was; run.json's size says what it ran at.
      if (result.iterations > 0) this.post({ type: 'recordRun', graphText: writeCanonical(graph), info, losses: recorder.log(), image: result.image });
      return { result, info };
    });
  }

  /**
   * A frame run (frame-run.ts) of `plan` (`graph` at the run size): its first N frames (the
   * toolbar's choice). Its record keeps the last finished frame's image, and the losses of all its
   * frames counted on (as the chart shows them); nothing is recorded when no frame finished.
   */
  private async runFrames(graph: Graph, plan: Plan, started: Date): Promise<RecordedRun | undefined> {
    const { toolbar } = this.views;
    const run = await runFrameGraph(this.engine, plan, toolbar.frameCount(), this.views, {
      onStage: (stage) => toolbar.setRunState(stage, stage === 'loading' ? 'loading weights, frames and targets' : 'running'),
      onBackend: (backend, threads) => this.showBackend(backend, threads),
      onQueued: (behind) => toolbar.setRunState('loading', `queued behind ${behind}`),
    }, (image) => (this.lastImage = image));
    const { ended, last } = run;
    const frames = `${ended.finished} frame${ended.finished === 1 ? '' : 's'}`;
    toolbar.setRunState(ended.status, ended.status === 'done' ? `done: ${frames} in ${ended.seconds.toFixed(1)} s` : `stopped after ${frames}; they are kept`);
    if (!last) return undefined;
    const result = { status: ended.status, iterations: run.iterations, image: last.image, seconds: ended.seconds };
    const info = runInfo(plan, { started, backend: toolbar.backend() ?? 'unknown', result, recorder: run.recorder });
    this.post({ type: 'recordRun', graphText: writeCanonical(graph), info, losses: run.recorder.log(), image: last.image });
    return { result, info };
  }

  /** A frame of the strip, shown large: Save image saves it. */
  showFrame(image: RawImage): void {
    this.lastImage = image;
    this.views.previews.show(image, Number(this.views.previews.preview.dataset.iteration ?? 0));
    this.updateButtons();
  }

  /**
   * Evaluates `graph` (it has no optimizer) once at the toolbar's run size, as `stylegraph run`
   * does; its results, face crops and distances show on its nodes. Nothing is recorded.
   */
  async evaluateGraph(graph: Graph): Promise<FinishedEvaluation | undefined> {
    const { toolbar } = this.views;
    const size = runSize(toolbar.runSize());
    const g = size ? applyOverrides(graph, { size }) : graph;
    return this.guarded(async () => {
      const plan = compileEvaluation(g);
      toolbar.startProgress(1);
      toolbar.setRunState('loading', 'loading weights and images');
      const finished = await this.engine.evaluate(plan, {
        onBackend: (backend, threads) => this.showBackend(backend, threads),
        onQueued: (behind) => toolbar.setRunState('loading', `queued behind ${behind}`),
      });
      toolbar.setRunState(finished ? 'done' : 'cancelled', finished ? `done: evaluated in ${finished.seconds.toFixed(1)} s` : 'stopped');
      return finished;
    });
  }

  /** Shows the engine and backend a run got, and tells the host a run is going. */
  private showBackend(backend: string, threads: number): void {
    this.views.toolbar.setBackend(backend, threads, this.engine.kind);
    this.post({ type: 'runState', running: true, backend });
  }

  /**
   * What a run and an evaluation share around their own work: Run stays disabled from the start,
   * old errors are cleared, a failure is shown (on its node when it names one), and the host hears
   * when it ends. Undefined when it did not start or failed.
   */
  private async guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    const { doc, toolbar, banners } = this.views;
    if (this.engine.running || this.starting) return undefined;
    banners.showMessage('');
    doc.setRunErrors([]);
    toolbar.setRunState('loading', 'starting');
    this.starting = true;
    this.updateButtons();
    try {
      return await work();
    } catch (e) {
      const err = e as Error & { nodeId?: string; problems?: readonly Problem[] };
      if (e instanceof EngineJobError && e.stopped) {
        toolbar.setRunState('cancelled', 'stopped');
        return undefined;
      }
      toolbar.setRunState('error', 'error');
      banners.showMessage(err.message);
      if (err.nodeId) doc.setRunErrors([{ code: 'structure', message: err.message, nodeId: err.nodeId }]);
      if (!(e instanceof WeightsMissing) && !(e instanceof EngineJobError && e.shown)) this.post({ type: 'showError', message: err.message });
      return undefined;
    } finally {
      this.starting = false;
      const backend = toolbar.backend();
      this.post({ type: 'runState', running: false, ...(backend && { backend }) });
      this.updateButtons();
    }
  }

  stop(): void {
    this.engine.stop();
  }

  async saveImage(): Promise<void> {
    if (!this.lastImage) {
      this.views.banners.showMessage('Nothing to save yet: run the graph first.');
      return;
    }
    try {
      const png = await encodePng(this.lastImage);
      this.post({ type: 'saveImage', png });
    } catch (e) {
      this.views.banners.showMessage((e as Error).message);
    }
  }

  /**
   * A request the host answers after it has taken every message the page sent before it (a
   * resolveImage of the graph's folder, which is no image: answered by an error, with no other
   * effect). The E2E tests wait on it before saying that something did not happen.
   */
  hostRoundTrip(): Promise<void> {
    return this.requests.request<string>((requestId) => this.post({ type: 'resolveImage', requestId, path: '.' })).then(() => undefined, () => undefined);
  }

  /** An image file of the graph: the host resolves its path to a webview URI, the page decodes it. */
  private readImage(path: string): Promise<RawImage> {
    return this.requests.request<string>((requestId) => this.post({ type: 'resolveImage', requestId, path })).then(decodeImage);
  }

  /** A face.database folder's images, read and labelled by the host as the CLI reads them. */
  private readFolder(path: string): Promise<readonly LabelledFile[]> {
    return this.requests.request<readonly LabelledFile[]>((requestId) => this.post({ type: 'readFolder', requestId, path }));
  }
}
