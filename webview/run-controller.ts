/** Runs, stops and saves: weights, image requests to the host, progress, previews and the chart. */
import type { Problem } from '../src/core/graph/problems';
import { compile } from '../src/core/compile/plan';
import type { RawImage } from '../src/core/image/raw-image';
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { Banners } from './banners';
import type { DocumentSync } from './document-sync';
import type { LossChart } from './loss-chart';
import type { Previews } from './previews';
import { EditorRunner, chooseBackend, decodeImage, drawImage, encodePng } from './runner';
import type { Toolbar } from './toolbar';
import { defaultSavePath } from './ui-state';

export interface RunViews {
  toolbar: Toolbar;
  banners: Banners;
  previews: Previews;
  chart: LossChart;
  doc: DocumentSync;
}

export class RunController {
  wasmBaseUri: string | undefined;
  fileName: string | undefined;
  private trusted = true;
  private weights: { modelJsonUri: string; source: string } | undefined;
  private weightsError: string | undefined;
  private lastImage: RawImage | undefined;
  private nextRequest = 1;
  private readonly pendingImages = new Map<number, { resolve: (uri: string) => void; reject: (e: Error) => void }>();
  private readonly runner = new EditorRunner();

  constructor(private readonly views: RunViews, private readonly post: (message: WebviewMessage) => void) {}

  setWeights(weights: { modelJsonUri: string; source: string }): void {
    this.weights = weights;
    this.weightsError = undefined;
  }

  setWeightsError(message: string): void {
    this.weights = undefined;
    this.weightsError = message;
    this.views.banners.showMessage(message);
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (!trusted) this.runner.stop();
    this.updateButtons();
  }

  imageResolved(requestId: number, uri: string): void {
    this.pendingImages.get(requestId)?.resolve(uri);
    this.pendingImages.delete(requestId);
  }

  imageFailed(requestId: number, message: string): void {
    this.pendingImages.get(requestId)?.reject(new Error(message));
    this.pendingImages.delete(requestId);
  }

  updateButtons(): void {
    const { doc, toolbar, banners } = this.views;
    toolbar.updateButtons({ trusted: this.trusted, valid: doc.parsed && doc.problems.length === 0, running: this.runner.running, hasImage: this.lastImage !== undefined });
    banners.showTrust(this.trusted);
  }

  async run(): Promise<void> {
    const { doc, toolbar, banners, previews, chart } = this.views;
    if (this.runner.running || !doc.graph || toolbar.runButton.disabled) return;
    if (!this.weights) {
      banners.showMessage(this.weightsError ?? 'No VGG-19 weights yet: the extension is still resolving them (see the setting stylegraph.weightsPath).');
      return;
    }
    const g = doc.graph;
    const plan = compile(g);
    const lossIds = new Set(plan.loop.filter((p) => p.def.role === 'loss').map((p) => p.node.id));
    const totalId = plan.loss.id;
    const fed = new Set(plan.outputs.filter((p) => p.inputs.get('image')?.[0]?.node === plan.optimizer).map((p) => p.node.id));
    const outs = previews.outputCanvases(g);
    chart.reset();
    banners.showMessage('');
    doc.setRunErrors([]);
    toolbar.startProgress(Number(plan.optimizer.params.iterations));
    toolbar.setRunState('loading', 'starting');
    const started = performance.now();
    try {
      const backend = await chooseBackend(this.wasmBaseUri);
      toolbar.setBackend(backend);
      this.post({ type: 'runState', running: true, backend });
      const resultPromise = this.runner.run(plan, this.weights, (path) => this.readImage(path), {
        onStage: (stage) => toolbar.setRunState(stage, stage === 'loading' ? 'loading weights, images and targets' : 'running'),
        onProgress: (e) => {
          toolbar.showProgress(e.iteration, e.iterations, e.ms);
          chart.addPoint(e.iteration, e.losses, totalId, lossIds);
        },
        onPreview: (e) => {
          this.lastImage = e.image;
          previews.show(e.image, e.iteration);
          for (const [id, c] of outs) if (fed.has(id)) drawImage(c, e.image);
        },
      });
      this.updateButtons();
      const result = await resultPromise;
      this.lastImage = result.image;
      previews.show(result.image, result.iterations);
      for (const o of result.outputs) {
        const c = outs.get(o.nodeId);
        if (c) drawImage(c, o.image);
      }
      for (const [id, c] of outs) if (fed.has(id) && result.status !== 'done') drawImage(c, result.image);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      toolbar.setRunState(result.status, result.status === 'done' ? `done: ${result.iterations} iterations in ${seconds} s` : `stopped after ${result.iterations} iterations`);
    } catch (e) {
      const err = e as Error & { nodeId?: string; problems?: readonly Problem[] };
      toolbar.setRunState('error', 'error');
      banners.showMessage(err.message);
      if (err.nodeId) doc.setRunErrors([{ code: 'structure', message: err.message, nodeId: err.nodeId }]);
      this.post({ type: 'showError', message: err.message });
    } finally {
      const backend = toolbar.backend();
      this.post({ type: 'runState', running: false, ...(backend && { backend }) });
      this.updateButtons();
    }
  }

  stop(): void {
    this.runner.stop();
  }

  async saveImage(): Promise<void> {
    if (!this.lastImage) {
      this.views.banners.showMessage('Nothing to save yet: run the graph first.');
      return;
    }
    try {
      const png = await encodePng(this.lastImage);
      this.post({ type: 'saveImage', path: defaultSavePath(this.views.doc.graph, this.fileName), png });
    } catch (e) {
      this.views.banners.showMessage((e as Error).message);
    }
  }

  private readImage(path: string): Promise<RawImage> {
    const requestId = this.nextRequest++;
    const uri = new Promise<string>((resolve, reject) => this.pendingImages.set(requestId, { resolve, reject }));
    this.post({ type: 'resolveImage', requestId, path });
    return uri.then(decodeImage);
  }
}
